"""Who is who in one document: zones, pronouns, role descriptions and each person's gender.

Computed once per doc after entity resolution and kept in `doc._.coref`, so quote attribution,
the tables and the evaluation read the same answers:

- the zone of every entity (body, byline, credit, dateline): only body entities are people of
  the article, speakers or antecedents;
- the antecedent entity of every third-person pronoun (`pipeline.pronouns`), with gender agreement;
- the holder of a role description (`pipeline.roles`);
- every person of the article (a PERSON cluster in the body) with a gender estimate and its evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Span

from pipeline.docarrays import parse_arrays, sentences
from pipeline.gender import HONORIFIC_GENDER, UNKNOWN, GenderEvidence, first_name_gender, word_gender
from pipeline.marks import QuoteMarks, find_quote_marks
from pipeline.pronouns import PERSON_LABELS, Salience, entity_mentions, resolve_pronouns
from pipeline.roles import RoleIndex, apposed_nouns, is_person_role, org_labels, title_tokens
from pipeline.zones import BODY, Zone, find_zones, zone_at

PERSON = "PERSON"

if not Doc.has_extension("coref"):
    Doc.set_extension("coref", default=None)


@dataclass(frozen=True)
class Person:
    """A person of the article: the cluster's canonical name and gender estimate with its evidence."""

    canonical: str
    gender: str
    evidence: str


@dataclass(frozen=True)
class Coreference:
    """The who-is-who of one doc; entity indices refer to `ents` (the doc's entities, in order)."""

    ents: tuple[Span, ...]
    text: str
    marks: list[QuoteMarks]
    #: Per token, the quotation (index into `marks`) it lies in, -1 outside quotation marks.
    mark_of: np.ndarray
    zones: list[Zone]
    entity_zone: list[str]
    antecedent: dict[int, int]
    roles: RoleIndex
    salience: Salience
    people: dict[str, Person]

    @property
    def quoted(self) -> np.ndarray:
        return self.mark_of >= 0

    def in_body(self, entity: int) -> bool:
        return self.entity_zone[entity] == BODY

    def holder(self, span: Span) -> int | None:
        """The named entity a description refers to: the holder of its role ('the governor' after
        'Gov. Mike Pence'); for an organisation noun the organisation named with it ('the
        commission' -> 'Commission on Presidential Debates'); for a prominent person's role ('the
        Republican nominee') the most salient person before it of a fitting gender; None when
        there is none."""
        found = self.roles.holder(span)
        if found is not None:
            return found
        labels = org_labels(span)
        if labels is not None:
            return self.roles.named_after(span, labels)
        if not is_person_role(span):
            return None
        mention = self.salience.antecedent(span.root, PERSON_LABELS, word_gender(span.root.lower_))
        return mention.entity if mention is not None and mention.entity >= 0 else None


def quotation_of_tokens(doc: Doc, marks: Sequence[QuoteMarks]) -> np.ndarray:
    """Per token, the quotation it lies in (index into `marks`), -1 outside quotation marks."""
    mark_of = np.full(len(doc), -1, dtype=np.int64)
    for number, mark in enumerate(marks):
        span = doc.char_span(mark.inner_start, mark.inner_end, alignment_mode="expand")
        if span is not None:
            mark_of[span.start : span.end] = number
    return mark_of


def _stated_evidence(ent: Span) -> list[str]:
    """Words next to a name that state its gender: an honorific, a title, a noun in apposition."""
    doc = ent.doc
    words = []
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.lower_.rstrip(".") in HONORIFIC_GENDER:
        words.append(before.text)
    elif ent[0].lower_.rstrip(".") in HONORIFIC_GENDER:
        words.append(ent[0].text)
    words += [t.text for t in (*title_tokens(ent), *apposed_nouns(ent)) if word_gender(t.text)]
    return words


def coreference(doc: Doc, ents: Sequence[Span], text: str) -> Coreference:
    """Zones, antecedents, role holders and the people of a doc whose entities are resolved."""
    marks = find_quote_marks(text)
    mark_of = quotation_of_tokens(doc, marks)
    quoted = mark_of >= 0
    zones = find_zones(text)
    entity_zone = [zone_at(zones, e.start_char, e.end_char) for e in ents]
    usable = [zone == BODY for zone in entity_zone]
    cluster_of = [e.kb_id_ or e.text for e in ents]
    evidence: dict[str, GenderEvidence] = {}
    for ent, ok, cluster in zip(ents, usable, cluster_of, strict=True):
        if ok and ent.label_ == PERSON:
            found = evidence.setdefault(cluster, GenderEvidence())
            for word in _stated_evidence(ent):
                found.add(word)
    prior = {cluster: found.stated() for cluster, found in evidence.items()}
    prior = {c: g if g != UNKNOWN else first_name_gender(c)[0] for c, g in prior.items()}
    sent_of, _ = sentences(doc)
    labels = [e.label_ for e in ents]
    parse = parse_arrays(doc)
    mentions = entity_mentions(parse, ents, usable, cluster_of, sent_of, quoted)
    salience = Salience(parse, mentions, labels, lambda c: prior.get(c, UNKNOWN), sent_of, quoted)
    antecedent = resolve_pronouns(doc, salience)
    for pronoun, entity in antecedent.items():
        if labels[entity] == PERSON:
            evidence[cluster_of[entity]].add(doc[pronoun].text)
    people = {cluster: Person(cluster, *found.estimate(cluster)) for cluster, found in evidence.items()}
    roles = RoleIndex(ents, usable)
    return Coreference(tuple(ents), text, marks, mark_of, zones, entity_zone, antecedent, roles, salience, people)
