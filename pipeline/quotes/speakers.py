"""Finding the speaker (and addressee) of a cue in the dependency parse."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from pipeline.entities import entity_spans
from pipeline.labels import SPEAKER_LABELS, SUBJECT_DEPS

#: A verb joined to another by these relations shares its subject ("He smiled and said ...").
SHARED_SUBJECT_DEPS = frozenset({"conj", "xcomp", "advcl"})
#: Left modifiers that belong to a speaker's noun phrase ("Japan's Nikkei newspaper").
NOUN_PHRASE_DEPS = frozenset({"det", "compound", "poss", "amod", "nmod", "nummod", "case", "quantmod"})
#: Phrases right of a noun that belong to its mention, when they follow it directly.
RIGHT_PHRASE_DEPS = frozenset({"amod", "prep"})
ADDRESSEE_DEPS = frozenset({"dobj", "dative", "iobj"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
MAX_SUBJECT_HOPS = 3
PARTICIPLE_TAG = "VBG"


def entity_at(doc: Doc, index: int) -> Span | None:
    """The entity covering token `index`, if any."""
    token = doc[index]
    if token.ent_iob_ == "O" or not token.ent_type_:
        return None
    start = index
    while doc[start].ent_iob_ == "I":
        start -= 1
    end = index + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_, kb_id=token.ent_kb_id_)


def noun_phrase(token: Token) -> Span:
    """The mention a speaker token stands for: its entity, else the whole noun phrase, with its
    left modifiers and the phrases that describe it ('A person familiar with the negotiations',
    'a spokesman for the campaign'); never a clause ('an architect who said ...')."""
    entity = entity_at(token.doc, token.i)
    if entity is not None:
        return entity
    start = end = token.i
    for child in token.lefts:
        if child.dep_ in NOUN_PHRASE_DEPS:
            start = min(start, child.left_edge.i)
    for child in token.rights:
        if child.dep_ in RIGHT_PHRASE_DEPS and child.i == end + 1:
            end = child.right_edge.i
    return token.doc[start : end + 1]


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of a verb (the agent of a passive), climbing shared-subject links."""
    for _ in range(MAX_SUBJECT_HOPS):
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.dep_ != "nsubjpass"]
        if subjects:  # two when the parse splits 'board chair Sara Kim': the one nearest the verb
            return min(subjects, key=lambda c: abs(c.i - verb.i))
        for child in verb.children:
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
        if verb.dep_ == "pcomp" and verb.head.head is not verb.head:  # 'before asking her'
            verb = verb.head.head
            continue
        if verb.dep_ not in SHARED_SUBJECT_DEPS or verb.head is verb:
            return None
        verb = verb.head
    return None


def _first_entity_between(doc: Doc, start: int, end: int) -> Span | None:
    """The first speaker-like entity in tokens [start, end)."""
    for ent in entity_spans(doc):
        if ent.start >= end:
            break
        if ent.start >= start and ent.label_ in SPEAKER_LABELS:
            return ent
    return None


def _described_noun(cue: Token) -> Token | None:
    """The noun a relative or participle clause describes: 'an architect who said ...', 'Clinton
    asking ...', also where the parse hangs the participle on the main verb ('The ad uses footage
    of Hillary Clinton asking ...': the one asking is Clinton, not the ad)."""
    if cue.dep_ == "acl" and cue.head.pos_ in NOUN_POS:
        return cue.head
    before = cue.doc[cue.i - 1] if cue.i else None
    if cue.tag_ == PARTICIPLE_TAG and before is not None and before.dep_ == "pobj" and before.head.lower_ == "of":
        return before if before.pos_ in NOUN_POS or before.pos_ == "PRON" else None
    if cue.dep_ == "relcl" and any(c.dep_ in SUBJECT_DEPS and c.lower_ in RELATIVE_PRONOUNS for c in cue.children):
        return cue.head
    return None


def find_speaker(cue: Token, quoted: Sequence[bool]) -> Span | None:
    """The speaker mention of a cue verb, never a word inside quotation marks.

    When the parser makes a quoted word the subject ("... energy more broadly", Sheila Smith,
    told AFP), the speaker is the subject's apposition, else the first named entity between
    the closing mark and the cue.
    """
    described = _described_noun(cue)
    if described is not None:
        return None if quoted[described.i] else noun_phrase(described)
    subject = subject_of(cue)
    if subject is None:
        return None
    if subject.lower_ in RELATIVE_PRONOUNS and subject.head.dep_ == "relcl":  # '... who said X, saying Y'
        subject = subject.head.head
    if not quoted[subject.i]:
        return noun_phrase(subject)
    for child in subject.children:
        if child.dep_ == "appos" and not quoted[child.i]:
            return noun_phrase(child)
    last_quoted = max((i for i in range(subject.i, cue.i) if quoted[i]), default=subject.i)
    return _first_entity_between(cue.doc, last_quoted + 1, cue.i)


def according_to_speaker(cue: Span) -> Span | None:
    """The source named by 'according to X'."""
    objects = [c for c in cue[-1].children if c.dep_ == "pobj"]
    return noun_phrase(objects[0]) if objects else None


def find_addressee(cue: Token) -> Span | None:
    """Who was told: the object of 'tell' ('told AFP') or 'to X' after the cue."""
    for child in cue.children:
        if child.dep_ in ADDRESSEE_DEPS and child.pos_ in ("PROPN", "NOUN", "PRON"):
            return noun_phrase(child)
        if child.dep_ == "prep" and child.lower_ == "to":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return noun_phrase(objects[0])
    return None
