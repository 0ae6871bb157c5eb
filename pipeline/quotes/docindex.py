"""Per-doc facts the quote rules look up many times, computed once per doc."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.attrs import ORTH, SENT_START, SPACY
from spacy.tokens import Doc, Span

from pipeline.quotes.marks import QuoteMarks, find_quote_marks


@dataclass(frozen=True)
class DocIndex:
    """The doc's text, its quotations, and per-token quotation, entity and sentence numbers."""

    text: str
    marks: list[QuoteMarks]
    mark_of: np.ndarray
    quoted: np.ndarray
    entity_of: np.ndarray
    ents: tuple[Span, ...]
    sent_of: np.ndarray
    sent_bounds: list[tuple[int, int]]

    def mark_tokens(self, doc: Doc, token: int) -> Span:
        """The tokens inside the quotation that covers `token`."""
        mark = self.marks[self.mark_of[token]]
        return doc.char_span(mark.inner_start, mark.inner_end, alignment_mode="expand")

    def sentence(self, doc: Doc, token: int) -> Span:
        start, end = self.sent_bounds[self.sent_of[token]]
        return doc[start:end]


def doc_text(doc: Doc) -> str:
    """`doc.text`, built from the token strings in one pass (`doc.text` makes a Token per token)."""
    strings = doc.vocab.strings
    return "".join(strings[orth] + (" " if space else "") for orth, space in doc.to_array([ORTH, SPACY]).tolist())


def sentences(doc: Doc) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Each token's sentence number and each sentence's token bounds, from `SENT_START`
    (`doc.sents` walks every token in Python)."""
    if not len(doc):
        return np.zeros(0, dtype=np.int64), []
    starts = doc.to_array(SENT_START).astype(np.int64) == 1
    starts[0] = True
    sent_of = np.cumsum(starts) - 1
    first = np.flatnonzero(starts).tolist()
    return sent_of, list(zip(first, [*first[1:], len(doc)], strict=True))


def index_doc(doc: Doc) -> DocIndex:
    """Pair the quotation marks and map tokens to quotations, entities and sentences."""
    text = doc_text(doc)
    marks = find_quote_marks(text)
    mark_of = np.full(len(doc), -1, dtype=np.int64)
    for number, mark in enumerate(marks):
        span = doc.char_span(mark.inner_start, mark.inner_end, alignment_mode="expand")
        if span is not None:
            mark_of[span.start : span.end] = number
    entity_of = np.full(len(doc), -1, dtype=np.int64)
    ents = doc.ents  # built anew on every access: take them once
    for number, ent in enumerate(ents):
        entity_of[ent.start : ent.end] = number
    sent_of, sent_bounds = sentences(doc)
    return DocIndex(text, marks, mark_of, mark_of >= 0, entity_of, ents, sent_of, sent_bounds)
