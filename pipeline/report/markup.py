"""Article text as HTML with quotes, entities and cues highlighted; every character escaped."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    """A highlighted stretch: `css` class, a label shown after it, and a tooltip."""

    start: int
    end: int
    css: str
    label: str = ""
    title: str = ""
    attrs: tuple[tuple[str, str], ...] = ()


def non_overlapping(marks: Iterable[Mark]) -> list[Mark]:
    """Marks in order, dropping any that overlaps one already kept (the longer wins)."""
    kept: list[Mark] = []  # sorted by start, never overlapping: a candidate checks its two neighbours only
    starts: list[int] = []
    for mark in sorted(marks, key=lambda m: (-(m.end - m.start), m.start)):
        if mark.start >= mark.end:
            continue
        at = bisect_left(starts, mark.start)
        fits_before = at == len(kept) or mark.end <= kept[at].start
        fits_after = at == 0 or kept[at - 1].end <= mark.start
        if fits_before and fits_after:
            kept.insert(at, mark)
            starts.insert(at, mark.start)
    return kept


def _open(mark: Mark) -> str:
    attrs = "".join(f' {name}="{escape(value)}"' for name, value in mark.attrs)
    title = f' title="{escape(mark.title)}"' if mark.title else ""
    return f'<mark class="{escape(mark.css)}"{title}{attrs}>'


def _close(mark: Mark) -> str:
    label = f'<span class="tag">{escape(mark.label)}</span>' if mark.label else ""
    return f"{label}</mark>"


def _inner(text: str, start: int, end: int, inner: Sequence[Mark], ends: Sequence[int]) -> str:
    """Text[start:end] with the inner marks inside it (clipped to it) highlighted.

    `inner` is sorted and non-overlapping, `ends` their end offsets: the first mark reaching past
    `start` is found by bisection, so an article's text costs one pass, not one per quote.
    """
    parts, at = [], start
    for mark in inner[bisect_right(ends, start) :]:
        if mark.start >= end:
            break
        lo, hi = max(mark.start, start), min(mark.end, end)
        if lo >= hi:
            continue
        parts += [str(escape(text[at:lo])), _open(mark), str(escape(text[lo:hi])), _close(mark)]
        at = hi
    parts.append(str(escape(text[at:end])))
    return "".join(parts)


def highlight(text: str, outer: Iterable[Mark], inner: Iterable[Mark]) -> Markup:
    """HTML for `text` with outer marks (quotes) holding inner marks (entities, cues)."""
    outer_marks, inner_marks = non_overlapping(outer), non_overlapping(inner)
    ends = [mark.end for mark in inner_marks]
    parts, at = [], 0
    for mark in outer_marks:
        parts.append(_inner(text, at, mark.start, inner_marks, ends))
        parts += [_open(mark), _inner(text, mark.start, mark.end, inner_marks, ends), _close(mark)]
        at = mark.end
    parts.append(_inner(text, at, len(text), inner_marks, ends))
    return Markup("".join(parts))
