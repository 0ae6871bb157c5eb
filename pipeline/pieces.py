"""Splitting an article longer than the model's `max_length` into pieces, and joining them back.

Pieces are exact slices of the text, cut after a line break where possible, else after a
sentence stop, else at a space, so joining the parsed pieces with `Doc.from_docs` gives a
doc whose text, and so every offset, is that of the whole article.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

SENTENCE_STOP = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+")


def _cut(text: str, start: int, limit: int) -> int:
    """Where the piece starting at `start` should end: at most `limit` characters on."""
    end = start + limit
    if end >= len(text):
        return len(text)
    window = text[start:end]
    newline = window.rfind("\n")
    if newline > 0:
        return start + newline + 1
    stops = list(SENTENCE_STOP.finditer(window))
    if stops and stops[-1].end() > 0:
        return start + stops[-1].end()
    space = window.rfind(" ")
    return start + space + 1 if space > 0 else end


def split_text(text: str, limit: int) -> list[str]:
    """Consecutive slices of `text`, each at most `limit` characters, that join back to it."""
    if limit < 1:
        raise ValueError(f"piece limit must be positive, got {limit}")
    pieces, start = [], 0
    while start < len(text):
        end = _cut(text, start, limit)
        pieces.append(text[start:end])
        start = end
    return pieces or [text]


def join_docs(docs: list[Doc]) -> Doc:
    """One doc from parsed pieces; its text is the pieces' texts joined, unchanged."""
    return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
