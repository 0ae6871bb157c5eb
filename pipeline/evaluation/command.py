"""`python -m pipeline eval`: load splits, evaluate, print the tables, write the errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.evaluation.annotation import load_annotation
from pipeline.evaluation.gap import GAP_FILE, format_gap, load_gap, score_gap
from pipeline.evaluation.gold import load_split
from pipeline.evaluation.polnear import evaluate, textacy_available
from pipeline.evaluation.report import format_evaluation, write_errors
from pipeline.nlp import build_nlp

#: The split the resolved-speaker and people annotation covers.
ANNOTATED_SPLIT = "dev"


def evaluate_splits(
    root: Path,
    splits: tuple[str, ...],
    limit: int | None,
    errors: Path | None,
    with_textacy: bool = True,
    gap: Path | None = None,
    gap_splits: tuple[str, ...] = (),
    parse_cache: Path | None = None,
) -> Iterator[str]:
    """Yield a printable block per split, then a line per GAP split; errors of several splits go
    to `<stem>.<split><suffix>`."""
    nlp = build_nlp(attitudes=True)
    if with_textacy and not textacy_available():
        yield "textacy is not installed (pip install -e '.[eval]'): scoring ours only"
        with_textacy = False
    for split in splits:
        annotation = load_annotation() if split == ANNOTATED_SPLIT else None
        articles = load_split(root, split, limit)
        evaluation = evaluate(articles, nlp, split, with_textacy=with_textacy, annotation=annotation, parse_cache=parse_cache)
        yield format_evaluation(evaluation)
        if errors is not None:
            path = errors if len(splits) == 1 else errors.with_name(f"{errors.stem}.{split}{errors.suffix}")
            count = write_errors(evaluation, path)
            yield f"{count:,} errors written to {path}"
        yield ""
    for split in gap_splits:
        if gap is None or not (gap / GAP_FILE.format(split=split)).is_file():
            yield f"GAP {split}: no {GAP_FILE.format(split=split)} under {gap} (pass --gap-data): skipped"
            continue
        yield format_gap(score_gap(load_gap(gap, split, limit), nlp, split))
