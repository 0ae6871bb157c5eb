"""Who is who in one document: zones, pronouns, role descriptions and each person's gender.

Worked out once per doc after entity resolution and kept in `doc._.coref`, so quote attribution,
the tables and the evaluation read the same answers:

- the zone of every entity (body, byline, credit, dateline): only body entities are people of
  the article, speakers or antecedents;
- the antecedent entity of every third-person pronoun (`pipeline.pronouns`), with gender agreement;
- the holder of a role description (`pipeline.roles`);
- every person of the article (a PERSON cluster in the body) with a gender estimate and its evidence.

The pronoun work is done when first asked for. A quote-stage re-run gives the antecedents the
full run found (the `tokens` table keeps them), so it resolves no pronoun again and asks for the
rest only when a description needs it: its quotes are the full run's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from spacy.tokens import Doc, Span

from pipeline.docarrays import ParseArrays, parse_arrays, sentences
from pipeline.gender import HONORIFIC_GENDER, UNKNOWN, GenderEvidence, first_name_gender, word_gender
from pipeline.headlines import is_headline
from pipeline.labels import PERSON_LABELS
from pipeline.marks import QuoteMarks, find_quote_marks
from pipeline.pronouns import (
    OBJECT,
    POSSESSIVE,
    SUBJECT,
    Mention,
    Salience,
    entity_mentions,
    mention_at,
    resolve_pronouns,
    role_of,
)
from pipeline.roles import RoleIndex, apposed_nouns, is_person_role, org_labels, title_tokens
from pipeline.zones import BODY, find_zones, zone_at

PERSON = "PERSON"
#: `doc.user_data` key of the article's title, when a caller has it apart from the text.
TITLE = "title"
#: The sentences that open an article: its headline and lede ('Retired General Reveals ...').
OPENING_SENTENCES = 2
#: Roles in which a description is a mention of its holder ('the president appeared', "the president's roots").
DESCRIBED_ROLES = frozenset({SUBJECT, OBJECT, POSSESSIVE})
_TITLE_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")

if not Doc.has_extension("coref"):
    Doc.set_extension("coref", default=None)


@dataclass(frozen=True)
class Person:
    """A person of the article: the cluster's canonical name and gender estimate with its evidence."""

    canonical: str
    gender: str
    evidence: str


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


class Coreference:
    """The who-is-who of one doc; entity indices refer to `ents` (the doc's entities, in order).

    `antecedent`, when given, is what an earlier run of the same entity stage found: pronoun
    token -> entity index.
    """

    def __init__(self, doc: Doc, ents: Sequence[Span], text: str, antecedent: Mapping[int, int] | None = None) -> None:
        self.doc = doc
        self.ents = tuple(ents)
        self.text = text
        self.marks = find_quote_marks(text)
        #: Per token, the quotation (index into `marks`) it lies in, -1 outside quotation marks.
        self.mark_of = quotation_of_tokens(doc, self.marks)
        zones = find_zones(text)
        self.entity_zone = [zone_at(zones, e.start_char, e.end_char) for e in self.ents]
        self.roles = RoleIndex(self.ents, [zone == BODY for zone in self.entity_zone])
        self._given = dict(antecedent) if antecedent is not None else None

    @property
    def quoted(self) -> np.ndarray:
        return self.mark_of >= 0

    def in_body(self, entity: int) -> bool:
        return self.entity_zone[entity] == BODY

    @cached_property
    def _clusters(self) -> list[str]:
        return [e.kb_id_ or e.text for e in self.ents]

    @cached_property
    def _stated(self) -> dict[str, GenderEvidence]:
        """Per person of the article, what the words next to their names say of their gender."""
        evidence: dict[str, GenderEvidence] = {}
        for index, (ent, cluster) in enumerate(zip(self.ents, self._clusters, strict=True)):
            if self.in_body(index) and ent.label_ == PERSON:
                found = evidence.setdefault(cluster, GenderEvidence())
                for word in _stated_evidence(ent):
                    found.add(word)
        return evidence

    @cached_property
    def _prior(self) -> dict[str, str]:
        """The gender a pronoun must agree with: the text's words, else a decisive first name."""
        prior = {cluster: found.stated() for cluster, found in self._stated.items()}
        return {c: g if g != UNKNOWN else first_name_gender(c)[0] for c, g in prior.items()}

    def _opens(self, span: Span) -> bool:
        """A mention in the article's first two sentences (a headline and its lede), before it names anyone."""
        first = next((e.start for i, e in enumerate(self.ents) if e.label_ == PERSON and self.in_body(i)), len(self.doc))
        return span.start < first and int(self._sent_of[span.start]) < OPENING_SENTENCES

    @cached_property
    def _sent_of(self) -> np.ndarray:
        return sentences(self.doc)[0]

    @cached_property
    def _topical(self) -> frozenset[str]:
        """The people the article is about: persons whose surname its title holds (the title a
        caller gave in `doc.user_data[TITLE]`, else a headline on the text's first line)."""
        title = self.doc.user_data.get(TITLE)
        if title is None:
            first = self.text.lstrip().partition("\n")[0]
            title = first if is_headline(first) else ""
        words = set(_TITLE_WORD.findall(title.lower()))
        if not words:
            return frozenset()
        return frozenset(
            cluster
            for index, (ent, cluster) in enumerate(zip(self.ents, self._clusters, strict=True))
            if ent.label_ == PERSON and self.in_body(index) and cluster.split()[-1].lower() in words
        )

    @cached_property
    def _resolution(self) -> tuple[Salience, dict[int, int]]:
        """Every mention in order with the resolved pronouns among them, and the antecedents
        (resolved here unless an earlier run's were given)."""
        doc, ents = self.doc, self.ents
        sent_of, _ = sentences(doc)
        usable = [self.in_body(i) for i in range(len(ents))]
        parse = parse_arrays(doc)
        mentions = entity_mentions(parse, ents, usable, self._clusters, sent_of, self.quoted)
        described = self._described_mentions(parse, sent_of)
        if described:
            mentions = sorted(mentions + described, key=lambda m: m.start)
        labels = [e.label_ for e in ents]
        salience = Salience(parse, mentions, labels, self._prior, sent_of, self.quoted, self._topical)
        if self._given is None:
            return salience, resolve_pronouns(doc, salience)
        for pronoun, entity in sorted(self._given.items()):
            salience.add(doc[pronoun], entity, self._clusters[entity])
        return salience, self._given

    def _described_mentions(self, parse: ParseArrays, sent_of: np.ndarray) -> list[Mention]:
        """Definite descriptions by a role the text gives a named person ('the president' after
        'President Obama'), as mentions of that person: 'he' after 'the president appeared
        cowed' is the president, and after "the president's roots came into play" too."""
        by_word = self.roles.by_word
        if not by_word:
            return []
        doc, quoted, found = self.doc, self.quoted, []
        named = {i for e in self.ents for i in range(e.start, e.end)}
        for i in parse.matching(parse.lower_hashes, frozenset(by_word)):
            role = role_of(parse, i)
            if parse.pos(i) != "NOUN" or i in named or role not in DESCRIBED_ROLES:
                continue
            if role == POSSESSIVE and any(parse.dep(c) == "poss" for c in parse.children(i)):
                continue  # 'their father's pit': whose father, their own possessor says
            start = doc[i].left_edge.i
            holder = self.roles.holder(doc[start : i + 1])
            if holder is not None and self.ents[holder].label_ == PERSON:
                cluster, sent = self._clusters[holder], int(sent_of[i])
                found.append(mention_at(parse, i, start, i + 1, holder, cluster, sent, bool(quoted[i])))
        return found

    @property
    def salience(self) -> Salience:
        return self._resolution[0]

    @property
    def antecedent(self) -> dict[int, int]:
        """Pronoun token -> the entity it refers to, for every third-person pronoun with a named antecedent."""
        return self._given if self._given is not None else self._resolution[1]

    @cached_property
    def people(self) -> dict[str, Person]:
        """Every person of the article, by canonical name, with a gender estimate and its evidence."""
        evidence = {cluster: found.copy() for cluster, found in self._stated.items()}
        for pronoun, entity in self.antecedent.items():
            if self.ents[entity].label_ == PERSON:
                evidence[self._clusters[entity]].add(self.doc[pronoun].text)
        return {cluster: Person(cluster, *found.estimate(cluster)) for cluster, found in evidence.items()}

    def holder(self, span: Span) -> int | None:
        """The named entity a description refers to: the holder of its role ('the governor' after
        'Gov. Mike Pence'); for an organisation noun the organisation named with it ('the
        commission' -> 'Commission on Presidential Debates'); for a prominent person's role ('the
        Republican nominee') the most salient person before it of a fitting gender; None when
        there is none."""
        found = self.roles.holder(span, opening=self._opens(span))
        if found is not None:
            return found
        labels = org_labels(span)
        if labels is not None:
            return self.roles.named_after(span, labels)
        if not is_person_role(span):
            return None
        mention = self.salience.antecedent(span.root, PERSON_LABELS, word_gender(span.root.lower_))
        return mention.entity if mention is not None and mention.entity >= 0 else None


def coreference(doc: Doc, ents: Sequence[Span], text: str, antecedent: Mapping[int, int] | None = None) -> Coreference:
    """Who is who in a doc whose entities are resolved (with an earlier run's antecedents, if given)."""
    return Coreference(doc, ents, text, antecedent)
