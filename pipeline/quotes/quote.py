"""The `Quote` record the matcher puts in `doc._.quotes`."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from pipeline.labels import QuoteKind


@dataclass(frozen=True)
class Speaker:
    """Who a quote is attributed to: the mention as written, and the name it resolves to."""

    span: Span
    canonical: str
    label: str
    entity_id: int | None = None


@dataclass(frozen=True)
class Quote:
    """One attributed statement. Offsets are character offsets into `doc.text`."""

    kind: QuoteKind
    text: str
    start_char: int
    end_char: int
    cue: Span
    speaker: Speaker | None
    addressee: Span | None
    rule: str
    cue_type: str = "speech"
