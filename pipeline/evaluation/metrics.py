"""Quote-level scores: character overlap, greedy one-to-one matching, precision/recall/F1.

Overlap is the share of the gold content covered by the prediction (the Gender Gap
Tracker's measure); Jaccard is intersection over union, which also punishes a prediction
that runs past the content. Each gold quote, in order, takes the unused prediction that
scores highest with it (the closer in extent of two that score alike), and is matched when that
score passes the threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.evaluation.gold import Ranges

Measure = Callable[[Ranges, Ranges], float]


@dataclass(frozen=True)
class Predicted:
    """A predicted quote in the form every extractor is scored in."""

    content: Ranges
    cue: Ranges
    speaker: Ranges
    kind: str = ""
    speaker_name: str = ""
    #: The speaker was resolved to a named entity of the article.
    speaker_named: bool = False
    rule: str = ""
    cue_type: str = "speech"


def _length(ranges: Ranges) -> int:
    return sum(e - s for s, e in ranges)


def _intersection(a: Ranges, b: Ranges) -> int:
    """Characters shared by two spans (each a set of non-overlapping ranges)."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def coverage(gold: Ranges, predicted: Ranges) -> float:
    """Share of the gold characters that the prediction covers."""
    total = _length(gold)
    return _intersection(gold, predicted) / total if total else 0.0


def jaccard(gold: Ranges, predicted: Ranges) -> float:
    """Intersection over union of gold and predicted characters."""
    inter = _intersection(gold, predicted)
    union = _length(gold) + _length(predicted) - inter
    return inter / union if union else 0.0


def ranges_overlap(a: Ranges, b: Ranges) -> bool:
    """True when two (possibly discontinuous) spans share a character."""
    return _intersection(a, b) > 0


def match(gold: Sequence[Ranges], predicted: Sequence[Predicted], measure: Measure, threshold: float) -> dict[int, int]:
    """Greedy one-to-one matching: gold index -> predicted index, for scores above `threshold`;
    of predictions scoring alike (two that both cover the whole gold quote) the one closer in
    extent (by Jaccard) is the gold quote's own."""
    used: set[int] = set()
    pairs: dict[int, int] = {}
    for g, content in enumerate(gold):
        best, best_key = None, (threshold, 0.0)
        for p, pred in enumerate(predicted):
            if p in used:
                continue
            score = measure(content, pred.content)
            if score <= threshold:
                continue
            key = (score, jaccard(content, pred.content))
            if key > best_key:
                best, best_key = p, key
        if best is not None:
            used.add(best)
            pairs[g] = best
    return pairs


@dataclass
class Tally:
    """Counts behind precision, recall and F1."""

    matched: int = 0
    gold: int = 0
    predicted: int = 0

    def add(self, other: Tally) -> None:
        self.matched += other.matched
        self.gold += other.gold
        self.predicted += other.predicted

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def subset_tally(pairs: dict[int, int], in_subset: Sequence[bool], n_predicted: int) -> Tally:
    """Scores on a subset of the gold: predictions matched to gold outside it are set aside."""
    matched_in = sum(1 for g in pairs if in_subset[g])
    matched_out = len(pairs) - matched_in
    return Tally(matched=matched_in, gold=sum(in_subset), predicted=n_predicted - matched_out)
