"""The evaluation on a few real PolNeAR dev articles: skipped with the reason without the shared data, failed on CI."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.cache import DocCache
from pipeline.evaluation.gold import load_split
from pipeline.evaluation.polnear import CRITERIA, evaluate, textacy_available
from pipeline.evaluation.report import article_errors, format_evaluation
from tests.conftest import require_shared_data

ARTICLES = 4


@pytest.fixture(scope="module")
def polnear() -> Path:
    """The PolNeAR folder with its dev split (a skip, or a failure on CI, when it is absent)."""
    return require_shared_data("polnear/dev").parent


@pytest.fixture(scope="module")
def evaluation(nlp: Language, polnear: Path):
    articles = load_split(polnear, "dev", ARTICLES)
    return evaluate(articles, nlp, "dev", with_textacy=textacy_available())


def test_counts_follow_the_annotations(evaluation, polnear: Path) -> None:
    assert evaluation.articles == ARTICLES
    events = 0
    for result in evaluation.results:
        ann = sorted((polnear / "dev" / "attributions").glob(f"{result.article.name}_*.ann"))[0]
        events += sum(1 for line in ann.read_text(encoding="utf-8").splitlines() if line.startswith("E"))
    assert evaluation.gold == events
    ours = evaluation.systems[0]
    all_relations = ours.tally(CRITERIA[0][0], "all")
    assert all_relations.gold == evaluation.gold
    assert all_relations.predicted == sum(len(r.predicted) for r in evaluation.results)
    assert all_relations.matched == sum(len(r.pairs) for r in evaluation.results)


def test_ours_finds_most_speech_quotes_and_fails_no_document(evaluation) -> None:
    ours = evaluation.systems[0]
    assert ours.failures == 0
    speech = ours.tally("overlap > 0.3", "speech")
    assert speech.precision > 0.7 and speech.recall > 0.6


def test_stricter_criteria_never_match_more(evaluation) -> None:
    ours = evaluation.systems[0]
    assert ours.tally("overlap > 0.8", "all").matched <= ours.tally("overlap > 0.3", "all").matched


def test_report_and_errors(evaluation) -> None:
    text = format_evaluation(evaluation)
    assert "| speech | overlap > 0.3 |" in text and "speaker accuracy" in text
    blocks = [b for r in evaluation.results for b in article_errors(r)]
    ours = evaluation.systems[0].tally("overlap > 0.3", "all")
    false_negatives = sum(b.startswith("FN") for b in blocks)
    false_positives = sum(b.startswith("FP") for b in blocks)
    assert false_negatives == ours.gold - ours.matched
    assert false_positives == ours.predicted - ours.matched


@pytest.mark.skipif(not textacy_available(), reason="textacy (the 'eval' extra) is not installed")
def test_textacy_runs_side_by_side(evaluation) -> None:
    assert [s.name for s in evaluation.systems] == ["ours", "textacy"]


def test_scores_from_the_parse_cache_are_the_scores_of_a_fresh_parse(nlp: Language, polnear: Path, tmp_path: Path) -> None:
    """`eval --parse-cache DIR`: the first run keeps the parses, a later one reads them; both score as without."""
    articles = load_split(polnear, "dev", 2)
    fresh = format_evaluation(evaluate(articles, nlp, "dev", with_textacy=False))
    for _ in range(2):
        assert format_evaluation(evaluate(articles, nlp, "dev", with_textacy=False, parse_cache=tmp_path)) == fresh
    assert len(DocCache(tmp_path, nlp.vocab).keys()) == 2
