"""Attribution rules: from a cue to the quote's content, kind and speaker.

Every cue verb with a speaker is split from its sentence as an *attribution* (speaker, cue
and the cue's own dependents, as one stretch of tokens); what remains of the sentence on
the content side is what was said. Each rule that can fire has a name, recorded in the
`rule` column so a wrong row can be traced:

- `cue_then_content`: `X said (that) ...`, the content is the cue's clausal complement;
- `content_then_cue`: `..., X said.`, the content precedes the attribution;
- `content_around_cue`: `A, X said, B`, the attribution interrupts the content;
- `quote_before_cue` / `quote_after_cue`: `"...," said X.` or `X said: "..."`, a quotation
  right next to an attribution that has no clausal complement;
- `split_quote`: `"...," X said, "..."`, one quotation on each side of the attribution;
- `according_to`: `according to X, ...` anywhere in the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Span, Token

from pipeline.quotes.cues import ACCORDING_TO
from pipeline.quotes.marks import QuoteMarks, find_quote_marks
from pipeline.quotes.quote import DIRECT, INDIRECT, MIXED, Quote
from pipeline.quotes.resolution import resolve_speaker
from pipeline.quotes.speakers import according_to_speaker, find_addressee, find_speaker

#: Dependents of a cue that belong to the attribution, not to what was said.
ATTRIBUTION_DEPS = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "agent",
        "dobj",
        "dative",
        "iobj",
        "npadvmod",
        "advmod",
        "aux",
        "auxpass",
        "neg",
        "prep",
        "prt",
        "advcl",
    }
)
COMPLEMENT_DEPS = frozenset({"ccomp"})
#: Relations by which a cue that follows its content hangs off the content's main verb.
POSTPOSED_DEPS = frozenset({"parataxis", "conj", "ccomp", "advcl"})
#: Relations of a main-clause cue; a cue inside a relative clause or an infinitive reports nothing.
MAIN_CLAUSE_DEPS = frozenset({"ROOT", "conj", "parataxis", "ccomp", "advcl"})
LEAD_IN = frozenset({",", ":", "that", "\u2014", "\u2013", "-", "--"})
LEAD_IN_ENTITY_TYPES = frozenset({"DATE", "TIME"})
TRAILING = ",;:"
MIN_CONTENT_WORDS = 3
MAX_GAP_TOKENS = 2


@dataclass(frozen=True)
class DocIndex:
    """Per-token facts computed once per doc: quoted or not, which quote, which entity."""

    text: str
    marks: list[QuoteMarks]
    mark_of: np.ndarray
    entity_of: np.ndarray

    @property
    def quoted(self) -> np.ndarray:
        return self.mark_of >= 0


def index_doc(doc: Doc) -> DocIndex:
    """Pair the quotation marks and map tokens to quotes and entities."""
    text = doc.text  # built from the tokens on every access: take it once
    marks = find_quote_marks(text)
    mark_of = np.full(len(doc), -1, dtype=np.int64)
    for number, mark in enumerate(marks):
        span = doc.char_span(mark.inner_start, mark.inner_end, alignment_mode="expand")
        if span is not None:
            mark_of[span.start : span.end] = number
    entity_of = np.full(len(doc), -1, dtype=np.int64)
    for number, ent in enumerate(doc.ents):
        entity_of[ent.start : ent.end] = number
    return DocIndex(text, marks, mark_of, entity_of)


def _words(doc: Doc, start: int, end: int) -> list[Token]:
    return [t for t in doc[start:end] if not (t.is_punct or t.is_space)]


def _is_lead_in(token: Token) -> bool:
    """Punctuation, 'that', or a time adverbial ('said Thursday the pair ...') opening content."""
    return (
        token.is_punct
        or token.is_space
        or token.lower_ in LEAD_IN
        or (token.dep_ == "npadvmod" and token.ent_type_ in LEAD_IN_ENTITY_TYPES)
    )


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without edge punctuation, whitespace or a lead-in ('that', ':', 'Thursday')."""
    while start < end and _is_lead_in(doc[start]):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _attribution_range(cue: Token, speaker: Span) -> tuple[int, int]:
    """The contiguous tokens of speaker, cue and the cue's non-clausal dependents."""
    indices = [cue.i, speaker.start, speaker.end - 1]
    for child in cue.children:
        if child.dep_ in ATTRIBUTION_DEPS:
            indices += [child.left_edge.i, child.right_edge.i]
    speaker_root = speaker.root
    for child in speaker_root.children:
        if child.dep_ == "appos" and child.i > speaker_root.i:
            indices.append(child.right_edge.i)
    return min(indices), max(indices) + 1


@dataclass(frozen=True)
class Content:
    """A candidate content token range with the rule that found it."""

    start: int
    end: int
    rule: str


def _mark_tokens(doc: Doc, index: DocIndex, token: int) -> Span:
    """The tokens inside the quotation that covers `token`."""
    mark = index.marks[index.mark_of[token]]
    return doc.char_span(mark.inner_start, mark.inner_end, alignment_mode="expand")


def _quote_before(doc: Doc, index: DocIndex, a_start: int) -> Span | None:
    """The quotation that ends just before the attribution (only punctuation between)."""
    for i in range(a_start - 1, max(a_start - 1 - MAX_GAP_TOKENS, -1), -1):
        if index.mark_of[i] >= 0:
            return _mark_tokens(doc, index, i)
        if not doc[i].is_punct:
            break
    return None


def _quote_after(doc: Doc, index: DocIndex, a_end: int) -> Span | None:
    """The quotation that starts just after the attribution (only punctuation between)."""
    for i in range(a_end, min(a_end + MAX_GAP_TOKENS + 1, len(doc))):
        if index.mark_of[i] >= 0:
            return _mark_tokens(doc, index, i)
        if not (doc[i].is_punct or doc[i].is_space):
            break
    return None


def _adjacent_quote(doc: Doc, index: DocIndex, a_start: int, a_end: int) -> Content | None:
    """A quotation around, just before, or just after the attribution."""
    before, after = _quote_before(doc, index, a_start), _quote_after(doc, index, a_end)
    if before is not None and after is not None:
        return Content(before.start, after.end, "split_quote")
    if before is not None:
        return Content(before.start, before.end, "quote_before_cue")
    if after is not None:
        return Content(after.start, after.end, "quote_after_cue")
    return None


def _verb_content(cue: Token, a_start: int, a_end: int, index: DocIndex) -> Content | None:
    """Where a cue verb's content lies, by the shape of its clause."""
    doc, sent = cue.doc, cue.sent
    adjacent = _adjacent_quote(doc, index, a_start, a_end)
    if adjacent is not None and adjacent.rule == "split_quote":
        return adjacent
    complements = [c for c in cue.children if c.dep_ in COMPLEMENT_DEPS]
    right = [c for c in complements if c.i > cue.i]
    if right:
        return Content(right[0].left_edge.i, right[0].right_edge.i + 1, "cue_then_content")
    postposed = cue.dep_ in POSTPOSED_DEPS and cue.head.i < a_start
    before = a_start > sent.start and (doc[a_start - 1].is_punct or index.quoted[a_start - 1])
    if (complements or postposed) and before:
        if postposed and _words(doc, a_end, sent.end):
            return Content(sent.start, sent.end, "content_around_cue")
        return Content(sent.start, a_start, "content_then_cue")
    return adjacent


def _around(sent: Span, a_start: int, a_end: int) -> tuple[int, int]:
    """The sentence without the attribution, on whichever sides hold words."""
    doc = sent.doc
    start = sent.start if _words(doc, sent.start, a_start) else a_end
    end = sent.end if _words(doc, a_end, sent.end) else a_start
    return start, end


def _extend_over_marks(doc: Doc, index: DocIndex, start: int, end: int) -> tuple[int, int]:
    """Grow a token range so that a quotation it cuts into is taken whole."""
    if start < end and index.mark_of[start] >= 0:
        mark = index.marks[index.mark_of[start]]
        start = min(start, doc.char_span(mark.inner_start, mark.inner_end, alignment_mode="expand").start)
    if start < end and index.mark_of[end - 1] >= 0:
        mark = index.marks[index.mark_of[end - 1]]
        end = max(end, doc.char_span(mark.inner_start, mark.inner_end, alignment_mode="expand").end)
    return start, end


def _kind(words: list[Token], quoted: np.ndarray) -> str:
    inside = sum(bool(quoted[t.i]) for t in words)
    if inside == len(words):
        return DIRECT
    return MIXED if inside else INDIRECT


def _char_range(doc: Doc, index: DocIndex, start: int, end: int, kind: str) -> tuple[int, int]:
    """Character offsets of content: a direct quote is the text inside its marks."""
    if kind == DIRECT:
        first = index.marks[index.mark_of[start]]
        last = index.marks[index.mark_of[end - 1]]
        start_char, end_char = first.inner_start, last.inner_end
        while end_char > start_char and index.text[end_char - 1] in TRAILING:
            end_char -= 1
        return start_char, end_char
    start_char, end_char = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    if index.mark_of[start] >= 0:
        start_char = min(start_char, index.marks[index.mark_of[start]].start)
    if index.mark_of[end - 1] >= 0:
        end_char = max(end_char, index.marks[index.mark_of[end - 1]].end)
    return start_char, end_char


def _build(
    doc: Doc, index: DocIndex, cue: Span, speaker: Span | None, content: Content, a_range: tuple[int, int]
) -> Quote | None:
    """Turn a content range into a quote, or None when too little is said."""
    start, end = _trim(doc, content.start, content.end)
    start, end = _extend_over_marks(doc, index, start, end)
    words = [t for t in _words(doc, start, end) if not a_range[0] <= t.i < a_range[1]]
    if len(words) < MIN_CONTENT_WORDS:
        return None
    kind = _kind(words, index.quoted)
    if kind == INDIRECT and content.rule.startswith("quote_"):
        return None
    start_char, end_char = _char_range(doc, index, start, end, kind)
    resolved = resolve_speaker(speaker, index.entity_of, index.quoted) if speaker is not None else None
    addressee = find_addressee(cue.root) if cue.label_ != ACCORDING_TO else None
    return Quote(kind, index.text[start_char:end_char], start_char, end_char, cue, resolved, addressee, content.rule)


def quote_for_cue(cue: Span, index: DocIndex) -> Quote | None:
    """The quote a cue introduces, if its clause has the shape of an attribution."""
    doc = cue.doc
    if index.quoted[cue.start]:
        return None
    if cue.label_ == ACCORDING_TO:
        speaker = according_to_speaker(cue)
        if speaker is None:
            return None
        a_start, a_end = cue.start, max(cue.end, speaker.end)
        start, end = _around(cue.sent, a_start, a_end)
        return _build(doc, index, cue, speaker, Content(start, end, "according_to"), (a_start, a_end))
    verb = cue.root
    if verb.dep_ not in MAIN_CLAUSE_DEPS:
        return None
    speaker = find_speaker(verb, index.quoted)
    if speaker is None:
        return None
    a_start, a_end = _attribution_range(verb, speaker)
    content = _verb_content(verb, a_start, a_end, index)
    if content is None:
        return None
    return _build(doc, index, cue, speaker, content, (a_start, a_end))


def drop_nested(quotes: list[Quote]) -> list[Quote]:
    """Keep outer attributions: a quote whose cue lies inside another quote's content goes."""
    kept = []
    for quote in quotes:
        cue_start = quote.cue.start_char
        if not any(o is not quote and o.start_char <= cue_start < o.end_char for o in quotes):
            kept.append(quote)
    return kept


def find_quotes(doc: Doc, cues: list[Span]) -> list[Quote]:
    """All attributed quotes of a doc, in document order."""
    index = index_doc(doc)
    quotes = [q for q in (quote_for_cue(cue, index) for cue in cues) if q is not None]
    return sorted(drop_nested(quotes), key=lambda q: (q.start_char, q.cue.start_char))
