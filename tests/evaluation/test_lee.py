"""Scoring the annotated Lee articles: loading offsets against the corpus, and the arithmetic on a
hand-computed article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.evaluation.lee import LEE_ANNOTATION, LeeDataError, format_lee, load_lee, score_lee, text_digest
from tests.conftest import require_shared_data

TEXT = (
    'Sheila Smith said the talks in Tokyo went well. "We are ready for it," she said. '
    "Officials said the deal would be signed on Friday. John Brown was not available."
)


def write_corpus(folder: Path, quotes: list[tuple[str, str, str]], text: str = TEXT) -> Path:
    """A one-article corpus and its annotation: (content, mention, speaker) per quote."""
    (folder / "x.cor").write_text(f"{text}\n", encoding="latin-1")
    records = {
        "id": "x.cor:0",
        "sha1": text_digest(text),
        "quotes": [
            {"start": text.index(c), "end": text.index(c) + len(c), "mention": m, "speaker": s, "kind": "indirect"}
            for c, m, s in quotes
        ],
        "people": [
            {"name": "Sheila Smith", "gender": "female", "evidence": "she"},
            {"name": "John Brown", "gender": "unknown", "evidence": ""},
        ],
    }
    path = folder / "annotation.jsonl"
    path.write_text(json.dumps(records) + "\n", encoding="utf-8")
    return path


def test_quotes_speakers_and_people_are_scored(nlp: Language, tmp_path: Path) -> None:
    annotation = write_corpus(
        tmp_path,
        [
            ("the talks in Tokyo went well", "Sheila Smith", "Sheila Smith"),
            ("We are ready for it,", "she", "Sheila Smith"),
            ("the deal would be signed on Friday", "Officials", "NONE"),
            ("John Brown was not available", "", "John Brown"),  # no quote: one FN
        ],
    )
    [article] = load_lee(tmp_path, annotation)
    scores = score_lee([article], nlp)
    main = scores.tallies["overlap > 0.3"]
    assert (main.matched, main.gold, main.predicted) == (3, 4, 3)
    speaker = scores.who.speaker["speech"]
    assert (speaker.matched, speaker.gold) == (3, 3)  # 'Officials' unresolved is right for NONE
    assert (scores.who.people.matched, scores.who.people.gold) == (2, 2)
    assert scores.who.gender[("people", "gender", "female")].f1 == 1.0
    assert any(line.startswith("FN x.cor:0") for line in scores.errors)
    assert any("resolved speaker" in line and "(3/3)" in line for line in format_lee(scores))


def test_a_changed_article_is_an_error_not_a_silent_mismatch(tmp_path: Path) -> None:
    annotation = write_corpus(tmp_path, [])
    (tmp_path / "x.cor").write_text(TEXT.replace("Tokyo", "Osaka") + "\n", encoding="latin-1")
    with pytest.raises(LeeDataError, match=r"x\.cor:0 .* is not the one annotated"):
        load_lee(tmp_path, annotation)


def test_the_shipped_annotation_fits_the_corpus() -> None:
    root = require_shared_data("lee")
    articles = load_lee(root, LEE_ANNOTATION)
    assert len(articles) == 100 and len({a.id for a in articles}) == 100
    assert sum(len(a.quotes) for a in articles) > 100
    for article in articles:
        for quote in article.quotes:
            (start, end), *_ = quote.content
            assert 0 <= start < end <= len(article.text)
