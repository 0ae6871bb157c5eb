"""`python -m pipeline eval`: load splits, evaluate, print the tables, write the errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.evaluation.annotation import load_annotation
from pipeline.evaluation.gap import GAP_FILE, format_gap, load_gap, score_gap
from pipeline.evaluation.gold import load_split
from pipeline.evaluation.lee import format_lee, load_lee, score_lee, write_lee_errors
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
    lee: Path | None = None,
) -> Iterator[str]:
    """Yield a printable block per split, then the Lee block (`lee`: its corpus folder), then a
    line per GAP split; errors of several splits go to `<stem>.<split><suffix>`, Lee's to
    `<stem>.lee<suffix>`."""
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
    if lee is not None:
        yield from _lee_block(lee, errors, parse_cache)
    for split in gap_splits:
        if gap is None or not (gap / GAP_FILE.format(split=split)).is_file():
            yield f"GAP {split}: no {GAP_FILE.format(split=split)} under {gap} (pass --gap-data): skipped"
            continue
        yield format_gap(score_gap(load_gap(gap, split, limit), nlp, split))


def _lee_block(root: Path, errors: Path | None, parse_cache: Path | None) -> Iterator[str]:
    """The annotated Lee articles, scored with the default pipeline (speech quotes only)."""
    if not root.is_dir():
        yield f"Lee: no corpus under {root} (pass --lee-data): skipped"
        return
    scores = score_lee(load_lee(root), build_nlp(), parse_cache)
    yield from format_lee(scores)
    if errors is not None:
        path = errors.with_name(f"{errors.stem}.lee{errors.suffix}")
        yield f"{write_lee_errors(scores, path):,} Lee errors written to {path}"
    yield ""
