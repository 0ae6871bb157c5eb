"""The quote metrics against hand-computed counts."""

from __future__ import annotations

import pytest

from pipeline.evaluation.metrics import Predicted, Tally, coverage, jaccard, match, ranges_overlap, subset_tally


def pred(start: int, end: int) -> Predicted:
    return Predicted(((start, end),), (), ())


def test_coverage_and_jaccard_by_hand() -> None:
    gold = ((10, 20), (30, 40))  # 20 characters, discontinuous
    assert coverage(gold, ((15, 35),)) == pytest.approx(10 / 20)
    assert jaccard(gold, ((15, 35),)) == pytest.approx(10 / (20 + 20 - 10))
    assert coverage(gold, ((0, 100),)) == 1.0
    assert jaccard(gold, ((0, 100),)) == pytest.approx(20 / 100)
    assert coverage(gold, ((10, 20), (30, 40))) == 1.0


def test_ranges_overlap() -> None:
    assert ranges_overlap(((0, 5),), ((4, 9),))
    assert not ranges_overlap(((0, 5),), ((5, 9),))


def test_greedy_one_to_one_matching() -> None:
    gold = [((0, 10),), ((20, 30),), ((40, 50),)]
    predicted = [pred(0, 30), pred(22, 30), pred(100, 110)]
    # gold 0 takes pred 0 (covers all of it); gold 1 cannot reuse pred 0, takes pred 1 (0.8); gold 2 finds nothing
    assert match(gold, predicted, coverage, 0.3) == {0: 0, 1: 1}
    assert match(gold, predicted, coverage, 0.8) == {0: 0}
    # by Jaccard pred 0 is a poor fit for gold 0 (10/30) but pred 1 fits gold 1 (8/10)
    assert match(gold, predicted, jaccard, 0.5) == {1: 1}


def test_of_predictions_covering_a_gold_quote_alike_the_closer_one_is_its_match() -> None:
    # a nested quote (gold 0, 'which contended [...]') inside a longer one (gold 1): both
    # predictions cover gold 0 whole, and the nested prediction is gold 0's, not the outer one
    gold = [((20, 30),), ((0, 60),)]
    predicted = [pred(0, 60), pred(20, 30)]
    assert match(gold, predicted, coverage, 0.3) == {0: 1, 1: 0}


def test_tally_and_subset_by_hand() -> None:
    pairs = {0: 0, 1: 1}  # gold 0 and 1 matched, gold 2 not; 4 predictions
    overall = subset_tally(pairs, [True, True, True], 4)
    assert (overall.matched, overall.gold, overall.predicted) == (2, 3, 4)
    assert overall.precision == 0.5 and overall.recall == pytest.approx(2 / 3)
    assert overall.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    # only gold 0 and 2 are speech: the prediction matched to gold 1 is set aside
    speech = subset_tally(pairs, [True, False, True], 4)
    assert (speech.matched, speech.gold, speech.predicted) == (1, 2, 3)


def test_empty_tally_is_zero_not_an_error() -> None:
    assert Tally().f1 == 0.0 and Tally().precision == 0.0 and Tally().recall == 0.0
