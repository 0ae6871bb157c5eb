"""Per-doc facts the quote rules look up many times, computed once per doc."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Span

from pipeline.coref import Coreference
from pipeline.docarrays import sentences
from pipeline.entities import annotate_coreference
from pipeline.marks import QuoteMarks


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
    coref: Coreference

    def mark_tokens(self, doc: Doc, token: int) -> Span:
        """The tokens inside the quotation that covers `token`."""
        mark = self.marks[self.mark_of[token]]
        return doc.char_span(mark.inner_start, mark.inner_end, alignment_mode="expand")

    def sentence(self, doc: Doc, token: int) -> Span:
        start, end = self.sent_bounds[self.sent_of[token]]
        return doc[start:end]


def index_doc(doc: Doc, text: str | None = None) -> DocIndex:
    """Map tokens to quotations, entities and sentences; quotation marks and who-is-who come
    from `doc._.coref` (set here when the entity stage did not run).

    `text` is `doc.text` when the caller already holds it and the entity stage did not run.
    """
    if doc._.coref is None:
        annotate_coreference(doc, text)
    coref: Coreference = doc._.coref
    text = coref.text
    marks = coref.marks
    mark_of = coref.mark_of
    entity_of = np.full(len(doc), -1, dtype=np.int64)
    ents = coref.ents
    for number, ent in enumerate(ents):
        entity_of[ent.start : ent.end] = number
    sent_of, sent_bounds = sentences(doc)
    return DocIndex(text, marks, mark_of, mark_of >= 0, entity_of, ents, sent_of, sent_bounds, coref)
