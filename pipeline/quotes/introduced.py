"""Introduced quotes: a quotation opened by a colon after a clause about its speaker.

News introduces a quotation without a verb of saying: `Martell, the addictions doctor, is more
blunt: "..."`, `Her statement read: "..."`, `He put it simply: "..."`. A quotation that follows
a colon right after a clause whose subject is a person or organisation (a name, a personal
pronoun, a person or organisation noun) or a statement ('her statement') is that subject's
quote, with the clause's verb as its cue, under the rule `colon_quote`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from pipeline.labels import SPEAKER_LABELS, VERB_POS
from pipeline.marks import QuoteMarks
from pipeline.quotes.attribution import UTTERANCE_ENDS
from pipeline.quotes.clause import MIN_CONTENT_WORDS
from pipeline.quotes.cues import CUE_VERB, SPEECH
from pipeline.quotes.docindex import DocIndex
from pipeline.quotes.following import quote_of_mark
from pipeline.quotes.quote import Quote
from pipeline.quotes.resolution import resolve_speaker
from pipeline.quotes.speakers import noun_phrase, subject_of
from pipeline.roles import org_nouns, person_nouns, statement_nouns

RULE = "colon_quote"
COLON = ":"
#: Pronouns that stand for a speaker ('it' and 'this' seldom do: 'It reads: ...' is a sign).
SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})


def _colon_before(doc: Doc, index: DocIndex, mark: QuoteMarks) -> Token | None:
    """The colon token right before a quotation, on the same line."""
    at = mark.start - 1
    while at >= 0 and index.text[at] in " \t":
        at -= 1
    if at < 0 or index.text[at] != COLON:
        return None
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    return span[0] if span is not None and span[0].text == COLON else None


def _speaks(subject: Token, index: DocIndex) -> bool:
    """A subject that can say something: a speaking entity, a personal pronoun, a noun for a
    person or organisation, or a statement noun ('her statement read:')."""
    entity = index.entity_of[subject.i]
    if entity >= 0:
        return index.ents[entity].label_ in SPEAKER_LABELS and index.coref.in_body(int(entity))
    if subject.pos_ == "PRON":
        return subject.lower_ in SPEAKER_PRONOUNS
    lemma = subject.lemma_.lower()
    return subject.pos_ == "NOUN" and (lemma in person_nouns() or lemma in org_nouns() or lemma in statement_nouns())


def _clause_verb(colon: Token, index: DocIndex) -> Token | None:
    """The head verb of the words between the sentence start and the colon: the one whose own
    head lies outside them (the parser often hangs the clause off the quotation's verb)."""
    start = index.sent_bounds[index.sent_of[colon.i]][0]
    heads = [t for t in colon.doc[start : colon.i] if t.head.i == t.i or not start <= t.head.i < colon.i]
    verbs = [t for t in heads if t.pos_ in VERB_POS and not index.quoted[t.i]]
    return verbs[0] if len(verbs) == 1 else None


def _introducing_clause(colon: Token, index: DocIndex) -> tuple[Token, Token] | None:
    """The verb of the clause a colon ends and its speaking subject, outside quotation marks."""
    verb = _clause_verb(colon, index)
    if verb is None:
        return None
    subject = subject_of(verb)
    if subject is None or index.quoted[subject.i] or not _speaks(subject, index):
        return None
    return verb, subject


def _long_enough(text: str) -> bool:
    """Enough words, or a short whole utterance ('"No!"'), as for a cued quotation."""
    words = text.split()
    return len(words) >= MIN_CONTENT_WORDS or (bool(words) and text.rstrip().endswith(UTTERANCE_ENDS))


def introduced_quotes(doc: Doc, index: DocIndex, quotes: list[Quote]) -> list[Quote]:
    """`quotes` plus the quotations a colon introduces after a clause about their speaker."""
    result = list(quotes)
    for mark in index.marks:
        if any(q.start_char < mark.end and mark.start < q.end_char for q in result):
            continue
        inner = index.text[mark.inner_start : mark.inner_end]
        colon = _colon_before(doc, index, mark) if _long_enough(inner) else None
        clause = _introducing_clause(colon, index) if colon is not None else None
        if clause is None:
            continue
        verb, subject = clause
        cue = Span(doc, verb.i, verb.i + 1, label=CUE_VERB)
        result.append(quote_of_mark(index, mark, cue, resolve_speaker(noun_phrase(subject), index), RULE, SPEECH))
    return sorted(result, key=lambda q: q.start_char)
