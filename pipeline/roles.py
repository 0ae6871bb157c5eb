"""Descriptions resolved to the named holder of the role: 'the Indiana governor' -> 'Mike Pence'.

News names a person with a title ("Indiana Gov. Mike Pence", "Prime Minister Justin Trudeau") or an
apposition ("Sheila Smith, senior fellow at ...", "the prime minister, Justin Trudeau") and then
refers back by the role alone. Every entity's role words are read off the parse; a definite
description ("the governor", "Trump's spokeswoman") takes the holder whose roles include its head
noun and every proper modifier it has ("Indiana", "GOP"), the nearest before it, else the first
after it; one that opens the article before it names anyone ("Retired General Reveals ...") the
first after it. A description with no such holder stays a description.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from importlib.resources import files

from spacy.tokens import Span, Token

from pipeline.gender import gendered_nouns
from pipeline.names import title_words

#: Dependents before a name that make up its title ('Indiana Gov.', 'Senate Majority Leader').
TITLE_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "nummod"})
#: Modifiers of a role noun that are part of the role ('prime minister', 'Trump's spokeswoman').
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
DEFINITE = frozenset({"the", "this", "that"})
#: Modifiers that make another role of the same name: the vice president is not the president.
DISTINGUISHING = frozenset({"vice", "former", "deputy", "assistant", "ex", "acting", "lieutenant", "associate", "junior"})
#: A capitalised modifier of a description must fit its holder ("the Indiana governor").
PROPER_POS = frozenset({"PROPN", "ADJ", "NOUN"})
ORG_LABELS = frozenset({"ORG"})
#: A role noun as a headline may write it: 'Retired General Reveals ...'.
ROLE_POS = frozenset({"NOUN", "PROPN"})
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
#: Entities that can hold a role a description names.
HOLDER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


@functools.cache
def person_roles() -> frozenset[str]:
    """Role nouns that refer back to a prominent person ('the governor'), from the package's list."""
    lines = files("pipeline.resources").joinpath("person_roles.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@functools.cache
def org_nouns() -> dict[str, frozenset[str]]:
    """Organisation noun -> the labels it may refer to ('the agency' -> ORG), from the package's list."""
    lines = files("pipeline.resources").joinpath("org_nouns.txt").read_text(encoding="utf-8").splitlines()
    rows = (line.split("\t") for line in lines if line.strip() and not line.startswith("#"))
    return {noun: frozenset(labels.split()) for noun, labels in rows}


def org_labels(span: Span) -> frozenset[str] | None:
    """The labels a definite organisation description ('the agency') may refer to, or None."""
    root = span.root
    if root.pos_ != "NOUN" or not is_definite(span):
        return None
    return org_nouns().get(root.lemma_.lower())


#: Statements whose subjects are whom they asked, not their authors.
POLL_NOUNS = frozenset({"poll", "survey"})
#: Subjects that open a relative clause rather than name who made a statement.
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that"})


@functools.cache
def statement_nouns() -> frozenset[str]:
    """Nouns for what someone said or produced ('her account', 'a report by Politico')."""
    lines = files("pipeline.resources").joinpath("statement_nouns.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def statement_author(noun: Token) -> Token | None:
    """Who a statement noun is by: its possessor ('Ivana Trump's brief'), the subject of a relative
    clause on it ('a speech Mrs. Clinton delivered'), or the agent after 'by' ('a report by
    Politico', 'an analysis released by the VA'); None for another noun."""
    if noun.lemma_.lower() not in statement_nouns():
        return None
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "relcl":  # 'a speech Mrs. Clinton delivered'
            subjects = [c for c in child.lefts if c.dep_ == "nsubj" and c.lower_ not in RELATIVE_PRONOUNS]
            if subjects:
                return subjects[0]
    heads = [noun, *(c for c in noun.children if c.dep_ == "acl")]
    for head in heads:
        for prep in head.children:
            if prep.dep_ in ("prep", "agent") and prep.lower_ == "by":
                objects = [o for o in prep.children if o.dep_ == "pobj"]
                if objects:
                    return objects[0]
    return _fronted_statement_author(noun)


def _fronted_statement_author(noun: Token) -> Token | None:
    """'In a statement announcing the pick, the Association of Flight Attendants called ...': a
    statement fronted by 'in' is by the subject of the clause it opens; not a poll ('In this poll,
    Trump rose 1 point': whom a poll asks or measures did not make it)."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "in" or prep.i > noun.i or prep.head.i < noun.i:
        return None
    if noun.lemma_.lower() in POLL_NOUNS:
        return None
    subjects = [c for c in prep.head.children if c.dep_ == "nsubj" and c.i > noun.i]
    return subjects[0] if subjects else None


@functools.cache
def person_nouns() -> frozenset[str]:
    """Every noun that names a person by role or kin: prominent roles, secondary roles, gendered nouns."""
    lines = files("pipeline.resources").joinpath("person_nouns.txt").read_text(encoding="utf-8").splitlines()
    secondary = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    return person_roles() | secondary | frozenset(gendered_nouns())


def is_person_role(span: Span) -> bool:
    """A definite description by a prominent person's role: 'the Republican nominee'."""
    root = span.root
    return root.pos_ == "NOUN" and root.lemma_.lower() in person_roles() and is_definite(span)


def _forms(token: Token) -> set[str]:
    """A word as a role: its lower-case form and lemma, and what an abbreviation stands for."""
    word = token.lower_.rstrip(".")
    forms = {word, token.lemma_.lower()}
    forms.update(title_words().get(word, ()))
    return forms


def _noun_phrase_words(noun: Token) -> set[str]:
    """A role noun with the modifiers that belong to it: 'the senior fellow' -> {senior, fellow}."""
    words = _forms(noun)
    for child in noun.lefts:
        if child.dep_ in MODIFIER_DEPS:
            for token in child.subtree:
                if not (token.is_punct or token.dep_ in ("case", "det")):
                    words |= _forms(token)
    return words


def title_tokens(ent: Span) -> list[Token]:
    """The title right before a name, inside its noun phrase: 'Indiana Gov.' of 'Mike Pence'."""
    doc, found = ent.doc, []
    inside = set(range(ent.start, ent.end))
    i = ent.start - 1
    while i >= 0:
        token = doc[i]
        if token.dep_ not in TITLE_DEPS or token.head.i not in inside or token.is_punct:
            break
        found.append(token)
        inside.add(i)
        i -= 1
    return found


def apposed_nouns(ent: Span) -> list[Token]:
    """Common nouns in apposition to a name: 'Sheila Smith, senior fellow', 'his wife, Melania'."""
    root = ent.root
    found = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN" and not ent.start <= c.i < ent.end]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and not ent.start <= root.head.i < ent.end:
        found.append(root.head)
    return found


def role_words(ent: Span) -> tuple[set[str], set[str]]:
    """The roles the text gives an entity, as (role nouns, every word of the roles): its title
    ('Indiana Gov.': governor; indiana, gov, governor), its appositions ('Phil Lovas, the
    campaign's chairman': chairman; campaign, chairman) and the noun an organisation names
    ('the Nikkei newspaper': newspaper)."""
    heads: set[str] = set()
    words: set[str] = set()
    titles = title_tokens(ent)
    for token in titles:
        words |= _forms(token)
    if titles:
        heads |= _forms(titles[0])  # the title word next to the name: 'Leader' of 'Senate Majority Leader'
    for noun in apposed_nouns(ent):
        heads |= _forms(noun)
        words |= _noun_phrase_words(noun)
    root = ent.root
    if ent.label_ in ORG_LABELS and root.dep_ == "compound" and root.head.pos_ == "NOUN":
        heads |= _forms(root.head)  # 'the Nikkei newspaper' -> newspaper
    return heads, words | heads


def is_definite(span: Span) -> bool:
    """'the governor', 'this official', 'Trump's spokeswoman': a description of one known holder."""
    root = span.root
    if root.tag_ in PLURAL_TAGS:
        return False
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in DEFINITE) for c in root.lefts)


def _must_fit(modifier: Token, opening: bool) -> bool:
    """A modifier of a description that its holder's roles must hold: a capitalised one ('the
    Indiana governor'); in an opening description, which has no holder before it, a noun too ('A
    high profile church leader says' is not the Opposition Leader named next)."""
    if modifier.dep_ not in MODIFIER_DEPS:
        return False
    return (modifier.pos_ in PROPER_POS and modifier.text[:1].isupper()) or (opening and modifier.pos_ == "NOUN")


class RoleIndex:
    """The roles of a document's entities, to find the holder a description refers to."""

    def __init__(self, ents: Sequence[Span], usable: Iterable[bool]) -> None:
        self.ents = ents
        self.usable = list(usable)
        self._by_word: dict[str, list[tuple[int, frozenset[str]]]] | None = None

    @property
    def by_word(self) -> dict[str, list[tuple[int, frozenset[str]]]]:
        """Role noun -> (entity, its role words), built on the first description: most docs have none."""
        if self._by_word is None:
            self._by_word = {}
            for index, (ent, ok) in enumerate(zip(self.ents, self.usable, strict=True)):
                if ok and ent.label_ in HOLDER_LABELS:
                    heads, words = role_words(ent)
                    for head in heads:
                        self._by_word.setdefault(head, []).append((index, frozenset(words)))
        return self._by_word

    def holder(self, span: Span, opening: bool = False) -> int | None:
        """The entity a definite description refers to, or None.

        An `opening` description, written before the article names anyone ('Retired General
        Reveals ...', 'A former DNC chairman says ...'), introduces the person the article names
        next with that role: it may be indefinite or a headline's capitalised noun, and its holder
        comes after it."""
        root = span.root
        if opening:
            if root.pos_ not in ROLE_POS or root.tag_ in PLURAL_TAGS:
                return None
        elif root.pos_ != "NOUN" or not is_definite(span):
            return None
        candidates = self.by_word.get(root.lemma_.lower()) or self.by_word.get(root.lower_)
        if not candidates:
            return None
        required = [_forms(c) for c in root.lefts if _must_fit(c, opening)]
        own = {w for c in root.lefts for w in _forms(c)}
        fitting = [
            index
            for index, words in candidates
            if all(forms & words for forms in required) and not (words & DISTINGUISHING) - own
        ]
        if not fitting:
            return None
        if opening:  # an organisation's noun (a newspaper) or a statement's (a poll) by an organisation, a role by a person
            noun = root.lemma_.lower()
            label = "ORG" if noun in org_nouns() or noun in statement_nouns() else "PERSON"
            after = (i for i in fitting if self.ents[i].start > span.start and self.ents[i].label_ == label)
            return next(after, None)
        before = [index for index in fitting if self.ents[index].start < span.start]
        return before[-1] if before else fitting[0]

    def named_after(self, span: Span, labels: frozenset[str]) -> int | None:
        """The organisation whose name holds a description's noun ('the commission' ->
        'Commission on Presidential Debates'): the nearest before it, else the first after."""
        noun = span.root.lemma_.lower()
        named = [
            index
            for index, (ent, ok) in enumerate(zip(self.ents, self.usable, strict=True))
            if ok and ent.label_ in labels and noun in ent.kb_id_.lower().split()
        ]
        before = [index for index in named if self.ents[index].start < span.start]
        return before[-1] if before else (named[0] if named else None)
