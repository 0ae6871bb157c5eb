"""The parses `eval --parse-cache` keeps: the same docs as the full pipeline, parsed once."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.cache import DocCache
from pipeline.evaluation import parses
from pipeline.evaluation.parses import scored_docs

TEXTS = (
    '"The talks went well," Ishiba told reporters in Tokyo.',
    "Officials said the plan would be announced on Friday.",
)


def _quotes(docs) -> list[list[tuple[str, str]]]:
    return [[(q.text, q.speaker.canonical) for q in doc._.quotes] for doc in docs]


def test_cached_parses_give_the_docs_of_the_full_pipeline(nlp: Language, tmp_path: Path) -> None:
    expected = _quotes(nlp.pipe(TEXTS))
    assert _quotes(scored_docs(nlp, TEXTS, tmp_path, batch_size=8)) == expected
    assert len(DocCache(tmp_path, nlp.vocab).keys()) == len(TEXTS)


def test_a_cached_text_is_not_parsed_again(nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    list(scored_docs(nlp, TEXTS[:1], tmp_path, batch_size=8))
    parsed: list[int] = []
    real = parses._parse_missing

    def counting(nlp: Language, cache: DocCache, texts: dict[str, str], batch_size: int) -> None:
        parsed.append(len(set(texts) - cache.keys()))
        real(nlp, cache, texts, batch_size)

    monkeypatch.setattr(parses, "_parse_missing", counting)
    assert _quotes(scored_docs(nlp, TEXTS, tmp_path, batch_size=8)) == _quotes(nlp.pipe(TEXTS))
    assert parsed == [1]
    assert len(DocCache(tmp_path, nlp.vocab).keys()) == len(TEXTS)
