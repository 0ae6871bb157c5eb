"""Within-document entity resolution, as the spaCy component `entity_resolution`.

en_core_web_sm often labels a surname alone ("Ishiba", "Smith", "Trump") as ORG. When the
article also names the full PERSON ("Shigeru Ishiba"), every partial mention becomes PERSON
with the full name as its canonical form. The canonical form is stored in each entity's
`kb_id_`, so it travels with the doc (and through `DocBin`) without custom attributes.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE, IS_PUNCT, IS_SPACE, LOWER, POS
from spacy.language import Language
from spacy.tokens import Doc, Span

PERSON = "PERSON"
#: Labels a person's name fragment is commonly mistaken for by the small model.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "WORK_OF_ART", "PRODUCT", "FAC", "LOC"})
#: Honorifics and titles dropped before a mention is compared with a full name.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sen", "rep", "gov", "gen", "sir", "dame", "lord"})
LEADING_WORDS = frozenset({"the"})
MIN_FULL_NAME_WORDS = 2
#: `Token.ent_iob` codes.
IOB_INSIDE, IOB_BEGIN = 1, 3


def entity_spans(doc: Doc) -> list[Span]:
    """`doc.ents` from the entity arrays: `doc.ents` walks every token in Python on each access."""
    if not len(doc):
        return []
    array = doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID])
    starts = np.flatnonzero(array[:, 0] == IOB_BEGIN)
    outside = np.append(np.flatnonzero(array[:, 0] != IOB_INSIDE), len(doc))
    ends = outside[np.searchsorted(outside, starts, side="right")]
    return [
        Span(doc, start, end, label=label, kb_id=kb_id)
        for start, end, label, kb_id in zip(
            starts.tolist(), ends.tolist(), array[starts, 1].tolist(), array[starts, 2].tolist(), strict=True
        )
    ]


def name_words(text: str) -> tuple[str, ...]:
    """The words of a name, lower-cased, without honorifics, possessive or a leading 'the'."""
    words = [w.strip(".,").lower() for w in text.replace("\u2019", "'").split()]
    if words and words[-1].endswith("'s"):
        words[-1] = words[-1][:-2]
    while words and (words[0] in HONORIFICS or words[0] in LEADING_WORDS):
        words = words[1:]
    return tuple(w for w in words if w)


def canonical_text(span: Span) -> str:
    """A mention's own canonical form: its text without a leading 'the' or a possessive."""
    text = " ".join(span.text.split())
    if text.lower().startswith("the "):
        text = text[4:]
    if text.endswith(("'s", "\u2019s")):
        text = text[:-2]
    return text


def _token_flags(doc: Doc) -> tuple[list[bool], list[bool]]:
    """Per token: holds a line break; is punctuation or space. From whole-doc arrays."""
    array = doc.to_array([IS_PUNCT, IS_SPACE])
    gap = (array[:, 0] | array[:, 1]).astype(bool).tolist()
    breaks = [False] * len(doc)
    for i in np.flatnonzero(array[:, 1]).tolist():
        breaks[i] = "\n" in doc[i].text
    return breaks, gap


def _trim_at_line_break(span: Span, breaks: list[bool], gap: list[bool]) -> Span | None:
    """The part of an entity before any line break, without edge punctuation or space."""
    end = span.start
    while end < span.end and not breaks[end]:
        end += 1
    start = span.start
    while start < end and gap[start]:
        start += 1
    while end > start and gap[end - 1]:
        end -= 1
    if start == end:
        return None
    if (start, end) == (span.start, span.end):
        return span
    return Span(span.doc, start, end, label=span.label_)


class FullNames:
    """The full PERSON names of a document, found by the words they end with."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self._by_surname: dict[str, list[tuple[int, tuple[str, ...], str]]] = {}
        for span in spans:
            words = name_words(span.text)
            if span.label_ == PERSON and len(words) >= MIN_FULL_NAME_WORDS:
                entry = (span.start, words, canonical_text(span))
                self._by_surname.setdefault(words[-1], []).append(entry)

    def lookup(self, span: Span) -> str | None:
        """The full name this mention abbreviates, nearest before it (else first after)."""
        words = name_words(span.text)
        if not words:
            return None
        candidates = [
            (start, full)
            for start, full_words, full in self._by_surname.get(words[-1], ())
            if full_words[len(full_words) - len(words) :] == words or words == (full_words[0], full_words[-1])
        ]
        if not candidates:
            return None
        before = [c for c in candidates if c[0] <= span.start]
        return (before[-1] if before else candidates[0])[1]

    def surnames(self) -> set[str]:
        return set(self._by_surname)


def _unlabelled_surnames(doc: Doc, names: FullNames, taken: set[int]) -> list[Span]:
    """Proper-noun tokens the model left unlabelled that match a known person's surname."""
    surnames = names.surnames()
    if not surnames or not len(doc):
        return []
    strings = doc.vocab.strings
    wanted = np.array([strings.add(name) for name in surnames], dtype=np.uint64)
    array = doc.to_array([POS, LOWER])
    hits = np.flatnonzero((array[:, 0] == strings["PROPN"]) & np.isin(array[:, 1], wanted))
    return [Span(doc, int(i), int(i) + 1, label=PERSON) for i in hits if int(i) not in taken]


def resolve_entities(doc: Doc) -> list[Span]:
    """The document's entities with line breaks trimmed and name fragments resolved."""
    breaks, gap = _token_flags(doc)
    spans = [s for s in (_trim_at_line_break(e, breaks, gap) for e in entity_spans(doc)) if s is not None]
    names = FullNames(spans)
    taken = {i for s in spans for i in range(s.start, s.end)}
    spans = sorted(spans + _unlabelled_surnames(doc, names, taken), key=lambda s: s.start)
    resolved = []
    for span in spans:
        full = names.lookup(span) if span.label_ in NAME_LABELS else None
        label, canonical = (PERSON, full) if full else (span.label_, canonical_text(span))
        resolved.append(Span(doc, span.start, span.end, label=label, kb_id=canonical))
    return resolved


def entity_clusters(ents: Iterable[Span]) -> list[int]:
    """Per entity, a cluster id: mentions sharing label and canonical name share an id."""
    ids: dict[tuple[int, int], int] = {}
    return [ids.setdefault((ent.label, ent.kb_id), len(ids)) for ent in ents]


@Language.factory(
    "entity_resolution",
    requires=["doc.ents", "token.pos"],
    assigns=["doc.ents"],
)
def make_entity_resolution(nlp: Language, name: str) -> EntityResolution:
    """Factory for the within-document entity resolution component."""
    return EntityResolution()


class EntityResolution:
    """Relabels name fragments as PERSON and stores each entity's canonical name in `kb_id_`."""

    def __call__(self, doc: Doc) -> Doc:
        doc.set_ents(resolve_entities(doc), default="outside")
        return doc
