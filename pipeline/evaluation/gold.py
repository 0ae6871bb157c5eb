"""PolNeAR gold attributions: reading brat standoff files into content, cue and source spans.

Offsets are Python string offsets into the article's text file, read exactly as stored.
A span may be discontinuous (`256 377;463 616`), so every span is a tuple of ranges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.labels import DIRECT, INDIRECT, MIXED

#: Double quotation marks: a content holding one of these is (partly) quoted.
DOUBLE_MARKS = frozenset('"\u201c\u201d\u201e\u00ab\u00bb')
EDGE_PUNCTUATION = " \t\n,.;:!?-\u2014\u2013"

Ranges = tuple[tuple[int, int], ...]

#: Characters of article text shown either side of a span in an error listing.
CONTEXT_CHARS = 80


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated relation: what was said (content), the cue, and who said it (source)."""

    relation: str
    content: Ranges
    cue: Ranges
    source: Ranges
    kind: str


@dataclass(frozen=True)
class GoldArticle:
    """An article's exact text and its gold attributions, in text order."""

    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]


def parse_ranges(field: str) -> Ranges:
    """`'12 30;40 52'` -> ((12, 30), (40, 52))."""
    ranges = []
    for part in field.split(";"):
        start, end = part.split()
        ranges.append((int(start), int(end)))
    return tuple(ranges)


def context(text: str, start: int, end: int) -> str:
    """A span in its surroundings on one line, marked: '...said [[the poll]] found...'."""
    left = text[max(0, start - CONTEXT_CHARS) : start]
    right = text[end : end + CONTEXT_CHARS]
    return f"...{left}[[{text[start:end]}]]{right}...".replace("\n", " ")


def content_kind(text: str, content: Ranges) -> str:
    """direct when every piece is inside quote marks, mixed when it holds some, else indirect."""
    pieces = [text[s:e].strip(EDGE_PUNCTUATION) for s, e in content]
    if not any(mark in piece for piece in pieces for mark in DOUBLE_MARKS):
        return INDIRECT
    fully = all(p and p[0] in DOUBLE_MARKS and p[-1] in DOUBLE_MARKS for p in pieces)
    return DIRECT if fully else MIXED


_TEXT_BOUND = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_EVENT = re.compile(r"^(E\d+)\t(.+)$")


def parse_ann(ann: str, text: str) -> tuple[GoldAttribution, ...]:
    """The attribution relations of one brat standoff file, sorted by content start."""
    spans: dict[str, Ranges] = {}
    events: list[list[str]] = []
    for line in ann.splitlines():
        if bound := _TEXT_BOUND.match(line):
            spans[bound[1]] = parse_ranges(bound[3])
        elif event := _EVENT.match(line):
            events.append(event[2].split())
    relations = []
    for roles in events:
        relation = roles[0].split(":", 1)[0]
        by_role = dict(role.split(":", 1) for role in roles[1:])
        if "Content" not in by_role or by_role["Content"] not in spans:
            continue
        content = spans[by_role["Content"]]
        relations.append(
            GoldAttribution(
                relation=relation,
                content=content,
                cue=spans.get(by_role.get("Cue", ""), ()),
                source=spans.get(by_role.get("Source", ""), ()),
                kind=content_kind(text, content),
            )
        )
    return tuple(sorted(relations, key=lambda r: r.content[0]))


def article_names(root: Path, split: str) -> list[str]:
    """Article names of a split that have a text and at least one annotation."""
    texts = {p.stem for p in (root / split / "text").glob("*.txt")}
    annotated = {p.stem.rsplit("_", 1)[0] for p in (root / split / "attributions").glob("*.ann")}
    return sorted(texts & annotated)


def load_article(root: Path, split: str, name: str) -> GoldArticle:
    """An article with the annotation of its alphabetically first annotator."""
    text = (root / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
    ann_path = sorted((root / split / "attributions").glob(f"{name}_*.ann"))[0]
    return GoldArticle(name, text, parse_ann(ann_path.read_text(encoding="utf-8"), text))


def load_split(root: Path, split: str, limit: int | None = None) -> list[GoldArticle]:
    """The articles of a split (`train` or `dev`), optionally the first `limit` only."""
    names = article_names(root, split)[:limit]
    return [load_article(root, split, name) for name in names]
