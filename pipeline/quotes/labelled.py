"""Quotes labelled with their speaker by layout, not by a verb.

News marks a speaker without a verb of saying in two common layouts:

- `dash_attribution`: a quotation followed by a dash and a name, as in collected reactions,
  epigraphs and embedded posts: `"Fear. I am truly afraid ..." ― Edwin G. Monroy`,
  `"..." — Donald J. Trump (@realDonaldTrump)`. The quotation is that person's.
- `speaker_colon`: a paragraph that opens with a speaker and a colon, as in interview
  transcripts (`PENCE: Gennifer Flowers will not be attending ...`) and headlines
  (`Pence: Gennifer Flowers Won't Be at Debate`, `Poll: Wealthy Voters Abandon ...`): the rest
  of the paragraph is what the speaker said. The speaker is a named person or organisation of
  the article, a capitalised transcript label that is a name word of a person of the article
  ('WALLACE' for Chris Wallace), a headline's name word of a person of the article that the model
  left unlabelled ('Trump:'), or a statement noun ('Poll', 'Report'); at least five words
  follow it, so section headings ('Rubio: Finish second.', 'Iowa: Tim Albrecht, ...') are not
  taken for speech.
"""

from __future__ import annotations

import re
from typing import Final

from spacy.tokens import Doc, Span

from pipeline.labels import DIRECT, INDIRECT, MIXED, QuoteKind
from pipeline.marks import QuoteMarks
from pipeline.quotes.attribution import UTTERANCE_ENDS
from pipeline.quotes.clause import MIN_CONTENT_WORDS
from pipeline.quotes.cues import CUE_VERB, SPEECH
from pipeline.quotes.docindex import DocIndex
from pipeline.quotes.following import quote_of_mark
from pipeline.quotes.quote import Quote
from pipeline.quotes.resolution import resolve_speaker
from pipeline.roles import statement_nouns

DASH_RULE: Final = "dash_attribution"
COLON_RULE: Final = "speaker_colon"
#: Dashes that set a name after a quotation (horizontal bar, em dash, en dash, two hyphens).
DASHES: Final = ("\u2015", "\u2014", "\u2013", "--")
#: Labels of a person or body that a dash or a colon may introduce.
NAMED_LABELS: Final = frozenset({"PERSON", "ORG"})
#: Labels an editor writes before a colon ('NOTE:', 'Update:'): never a speaker.
EDITORIAL_LABELS: Final = frozenset({"note", "update", "correction", "clarification", "disclosure", "editor"})
#: Fewest words after a speaker label: shorter is a heading's slogan ('Rubio: Finish second.') or a figure.
MIN_LABELLED_WORDS: Final = 5
#: At most this many words before the colon: a speaker label, not a sentence.
MAX_LABEL_WORDS: Final = 4
#: A paragraph that opens with a label and a colon; quotation marks may open it (transcripts).
LABELLED_LINE: Final = re.compile(r"^[ \t\"\u201c\u201e\u00ab']*(?P<label>[^\W\d][\w.'\u2019 -]{0,60}?)[ \t]*:[ \t]+(?=\S)", re.M)
OPENING_MARKS: Final = "\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019 \t"


def _overlaps(quotes: list[Quote], start: int, end: int) -> bool:
    return any(q.start_char < end and start < q.end_char for q in quotes)


def _long_enough(text: str) -> bool:
    """Enough words, or a short whole utterance, as for a cued quotation."""
    words = text.split()
    return len(words) >= MIN_CONTENT_WORDS or (bool(words) and text.rstrip().endswith(UTTERANCE_ENDS))


def _token_at(doc: Doc, char: int) -> int | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None and len(span) else None


def _named_entity_at(index: DocIndex, token: int | None) -> Span | None:
    """The entity starting at `token`, if it is a named person or organisation of the article body."""
    if token is None:
        return None
    number = int(index.entity_of[token])
    if number < 0:
        return None
    entity = index.ents[number]
    return entity if entity.start == token and entity.label_ in NAMED_LABELS and index.coref.in_body(number) else None


def _dash_after(index: DocIndex, mark: QuoteMarks) -> tuple[int, int] | None:
    """Character range of a dash right after a quotation (spaces and a stop may come between)."""
    at = mark.end
    text = index.text
    while at < len(text) and text[at] in " \t.,":
        at += 1
    for dash in DASHES:
        if text.startswith(dash, at):
            return at, at + len(dash)
    return None


def dash_attributions(doc: Doc, index: DocIndex, quotes: list[Quote]) -> list[Quote]:
    """`quotes` plus the quotations followed by a dash and a name."""
    result = list(quotes)
    text = index.text
    for mark in index.marks:
        dash = _dash_after(index, mark) if mark.closed else None
        if dash is None or _overlaps(result, mark.start, mark.end):
            continue
        name_start = dash[1]
        while name_start < len(text) and text[name_start] in " \t":
            name_start += 1
        entity = _named_entity_at(index, _token_at(doc, name_start))
        cue = doc.char_span(dash[0], dash[1], alignment_mode="expand")
        if entity is None or cue is None or not _long_enough(text[mark.inner_start : mark.inner_end]):
            continue
        cue = Span(doc, cue.start, cue.end, label=CUE_VERB)
        result.append(quote_of_mark(index, mark, cue, resolve_speaker(entity, index), DASH_RULE, SPEECH))
    return sorted(result, key=lambda q: q.start_char)


def _person_words(index: DocIndex) -> frozenset[str]:
    """Upper-cased name words of the article's people: what a transcript label may be."""
    return frozenset(
        word.upper()
        for number, entity in enumerate(index.ents)
        if entity.label_ == "PERSON" and index.coref.in_body(number)
        for word in entity.text.split()
        if len(word) > 1
    )


def _label_speaker(doc: Doc, index: DocIndex, start: int, end: int, people: frozenset[str]) -> Span | None:
    """The speaker a paragraph's label names, or None when the label is not a speaker.

    Section headings label paragraphs too ('Iowa: ...', 'VIDEO: ...', 'Editor's Note: ...',
    'Clinton and Sanders: ...'): a place, an all-capitals word that is no person's name, an
    editorial word or two names never speak.
    """
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not len(span) or len(span) > MAX_LABEL_WORDS:
        return None
    label = index.text[start:end]
    if label.isupper():  # a transcript label: 'WALLACE'; 'MR. TRUMP' is not one (MR is no name word)
        return span if all(word.strip(".") in people for word in label.split()) else None
    if any(t.lemma_.lower() in EDITORIAL_LABELS or t.dep_ == "cc" for t in span):
        return None
    number = int(index.entity_of[span.end - 1])
    if number >= 0 and index.ents[number].label_ in NAMED_LABELS and index.coref.in_body(number):
        return span  # 'Pence:', 'Mr. Trump:', 'The White House:'
    if len(span) == 1 and span[0].lemma_.lower() in statement_nouns():
        return span  # a headline's 'Poll:', 'Report:'
    if all(t.text.istitle() and t.text.upper() in people for t in span):
        return span  # a headline's 'Trump:', 'Sanders:' the model left unlabelled
    return None


def _kind(index: DocIndex, doc: Doc, start: int, end: int) -> QuoteKind:
    span = doc.char_span(start, end, alignment_mode="expand")
    words = [t for t in span if not (t.is_punct or t.is_space)] if span is not None else []
    inside = sum(bool(index.quoted[t.i]) for t in words)
    if words and inside == len(words):
        return DIRECT
    return MIXED if inside else INDIRECT


def speaker_colons(doc: Doc, index: DocIndex, quotes: list[Quote]) -> list[Quote]:
    """`quotes` plus the paragraphs that open with a speaker label and a colon."""
    result = list(quotes)
    text, people = index.text, _person_words(index)
    for found in LABELLED_LINE.finditer(text):
        line_end = text.find("\n", found.end())
        line_end = len(text) if line_end < 0 else line_end
        start, end = found.end(), line_end
        while end > start and text[end - 1] in OPENING_MARKS:
            end -= 1
        while start < end and text[start] in OPENING_MARKS:
            start += 1
        if len(text[start:end].split()) < MIN_LABELLED_WORDS or _overlaps(result, start, end):
            continue
        speaker = _label_speaker(doc, index, found.start("label"), found.end("label"), people)
        colon = doc.char_span(found.end("label"), found.end(), alignment_mode="expand")
        if speaker is None or colon is None:
            continue
        cue = Span(doc, colon.start, colon.end, label=CUE_VERB)
        quote = Quote(
            _kind(index, doc, start, end),
            text[start:end],
            start,
            end,
            cue,
            resolve_speaker(speaker, index),
            None,
            COLON_RULE,
            SPEECH,
        )
        result.append(quote)
    return sorted(result, key=lambda q: q.start_char)
