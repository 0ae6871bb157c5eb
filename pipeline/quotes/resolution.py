"""Resolving a speaker mention to a named entity of the document.

No coreference model installs offline, so resolution is by rules: a mention that is (or
contains) an entity takes that entity's canonical name; a pronoun takes the nearest named
entity of a fitting label before it that is not itself inside quotation marks.
"""

from __future__ import annotations

from spacy.tokens import Span

from pipeline.quotes.docindex import DocIndex
from pipeline.quotes.quote import Speaker

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"it", "they", "we"})
PERSON_LABELS = ("PERSON",)
GROUP_LABELS = ("ORG", "NORP", "GPE")
#: Entity labels that can speak; mentions of other labels (DATE, CARDINAL, ...) never resolve a speaker.
SPEAKING_LABELS = PERSON_LABELS + GROUP_LABELS
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
#: How many sentences back a pronoun looks for a subject before taking the nearest mention.
SUBJECT_WINDOW_SENTENCES = 2
#: A speaker's head may be named by the entity in one of these dependents ("the Nikkei newspaper").
NAMING_DEPS = frozenset({"compound", "appos"})


def _head_entity(span: Span, index: DocIndex) -> int | None:
    """Index of the speaking entity naming the head of a mention, or None."""
    root = span.root
    candidates = [root] + [c for c in root.children if c.dep_ in NAMING_DEPS and span.start <= c.i < span.end]
    ents, entity_of = index.ents, index.entity_of
    for token in candidates:
        index = entity_of[token.i]
        if index >= 0 and ents[index].label_ in SPEAKING_LABELS:
            return int(index)
    return None


def _is_subject(entity: Span) -> bool:
    """The mention is a clause's subject, or in apposition to one ('energy ..., Sheila Smith, told')."""
    root = entity.root
    return root.dep_ in SUBJECT_DEPS or (root.dep_ == "appos" and root.head.dep_ in SUBJECT_DEPS)


def _antecedent(span: Span, labels: tuple[str, ...], doc_index: DocIndex) -> int | None:
    """The entity a pronoun refers to: the nearest subject mention of a fitting label before it
    (within a few sentences), else the nearest such mention; never one inside quotation marks.

    'Trump attacked Clinton on Monday. He said ...': he is Trump, the subject, not Clinton.
    """
    ents, entity_of, quoted = doc_index.ents, doc_index.entity_of, doc_index.quoted
    nearest = None
    seen_sentences = 0
    sentence_start = span.sent.start
    for i in range(span.start - 1, -1, -1):
        if i < sentence_start:
            seen_sentences += 1
            if seen_sentences > SUBJECT_WINDOW_SENTENCES:
                break
            sentence_start = span.doc[i].sent.start
        index = entity_of[i]
        if index < 0 or quoted[i] or ents[index].label_ not in labels or i != ents[index].end - 1:
            continue
        if _is_subject(ents[index]):
            return int(index)
        nearest = int(index) if nearest is None else nearest
    if nearest is not None:
        return nearest
    for i in range(span.start - 1, -1, -1):
        index = entity_of[i]
        if index >= 0 and not quoted[i] and ents[index].label_ in labels:
            return int(index)
    return None


def _nominal_canonical(span: Span) -> str:
    """A readable name for an unresolved mention: its proper nouns, else the phrase without 'the'."""
    proper = [t.text for t in span if t.pos_ == "PROPN" and t.dep_ != "poss" and t.head.dep_ != "poss"]
    if proper:
        return " ".join(proper)
    words = [t for t in span if not (t.i == span.start and t.dep_ == "det")]
    return " ".join(t.text for t in words) or span.text


def resolve_speaker(span: Span, doc_index: DocIndex) -> Speaker:
    """The speaker as written plus its canonical name, label and entity row."""
    index = _head_entity(span, doc_index)
    if index is None:
        lower = span.text.lower()
        if lower in PERSON_PRONOUNS:
            index = _antecedent(span, PERSON_LABELS, doc_index)
        elif lower in GROUP_PRONOUNS:
            index = _antecedent(span, GROUP_LABELS, doc_index)
    if index is not None:
        entity = doc_index.ents[index]
        return Speaker(span=span, canonical=entity.kb_id_ or entity.text, label=entity.label_, entity_id=int(index))
    return Speaker(span=span, canonical=_nominal_canonical(span), label=span.root.pos_)
