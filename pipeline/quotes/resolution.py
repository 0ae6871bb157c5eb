"""Resolving a speaker mention to a named entity of the document.

A mention that names an entity takes that entity ('Smith' -> 'Sheila Smith'); a pronoun takes its
antecedent, and a description ('the Indiana governor') the holder of that role, both worked out
once per doc by `pipeline.coref`. A name in a byline or photo credit is never a speaker's entity.
A description with no named holder stays a description, without the entity a modifier names:
'the Indiana governor' is not Indiana.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.aliases import acronym
from pipeline.labels import SPEAKER_LABELS
from pipeline.pronouns import EXEMPLAR_PREPOSITIONS
from pipeline.quotes.docindex import DocIndex
from pipeline.quotes.quote import Speaker
from pipeline.quotes.speakers import noun_phrase, role_words_between
from pipeline.roles import is_definite, org_nouns, person_nouns, statement_author, statement_nouns

#: The entities a speaker resolves to: a nationality or group word ('Mexicans', 'some Democrats',
#: 'the Republican') says what kind of people speak, naming no one, and stays a description.
REFERENT_LABELS = SPEAKER_LABELS - {"NORP"}
PERSON = "PERSON"
#: An organisation compound names its head noun ('the Nikkei newspaper' is the Nikkei), unless
#: the head is a person ('the GOP nominee', 'a Homeland Security Department official').
NAMING_LABELS = ("ORG",)
#: How a name hangs on the statement it names: 'the Nikkei report', 'a Washington Post-ABC News poll'.
NAMING_DEPS = frozenset({"compound", "nmod"})
#: Who a name deep in a statement's modifiers may be: a place there says where it comes from.
STATEMENT_AUTHOR_LABELS = frozenset({"PERSON", "ORG"})


def _named_entity(span: Span, index: DocIndex) -> int | None:
    """The speaking entity a mention names: its head's; else an apposed name ('a spokesman, John
    Doe', 'one of the family's attorneys, Justin Bamberg'), or an organisation's compound ('the
    Nikkei newspaper'), or the named member a group is given by ('Proponents, including the
    Conference of Mayors,'). A head in a dateline ('WASHINGTON -- President Obama ...') or one that
    cannot speak ('one' of 'one of the attorneys, Justin Bamberg') leaves it to its dependents."""
    root = span.root
    ents, entity_of, coref = index.ents, index.entity_of, index.coref
    own = entity_of[root.i]
    person = _person_after_modifier(span, int(own), index) if own >= 0 else None
    if person is not None:
        return person
    if own >= 0 and coref.in_body(int(own)) and ents[own].label_ in REFERENT_LABELS:
        return int(own)
    named = entity_of[root.head.i]  # 'John Bentel, a tech staffer ... who told'
    if root.dep_ == "appos" and named >= 0 and coref.in_body(int(named)) and ents[named].label_ in REFERENT_LABELS:
        return int(named)
    heads = [root, *(o for p in root.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj")]
    for head in heads[1:]:  # 'Proponents, including the United States Conference of Mayors,'
        found = entity_of[head.i]
        exemplar = head.head.lower_ in EXEMPLAR_PREPOSITIONS and found >= 0
        if exemplar and coref.in_body(int(found)) and ents[found].label_ in REFERENT_LABELS:
            return int(found)
    for head in heads:
        children = sorted(head.children, key=lambda c: c.dep_ != "appos")  # 'Blue Tongue Helicopters owner, Helen Gillies'
        for child in children:
            found = entity_of[child.i]
            if found < 0 or not coref.in_body(int(found)):
                continue
            if child.dep_ == "appos" and ents[found].label_ in REFERENT_LABELS:
                return int(found)
            if head is root and _naming(child) and span.start <= child.i < span.end and _names_head(ents[found], root):
                return int(found)
    return _named_in_statement(span, index)


def _named_in_statement(span: Span, index: DocIndex) -> int | None:
    """'The latest Reuters/Ipsos opinion poll': a statement names the speaker written among its
    modifiers through other names ('Reuters' hangs on 'Ipsos', which hangs on 'poll'; not 'White
    House-era documents'), never a place ('a USA TODAY analysis' is not the United States')."""
    root = span.root
    if root.lemma_.lower() not in statement_nouns():
        return None
    for token in span[: root.i - span.start]:
        entity = int(index.entity_of[token.i])
        if entity < 0 or not index.coref.in_body(entity) or index.ents[entity].label_ not in STATEMENT_AUTHOR_LABELS:
            continue
        head = token
        while head.dep_ in NAMING_DEPS and head.head.i != root.i and head.head.pos_ == "PROPN":
            head = head.head
        if head.dep_ in NAMING_DEPS and head.head.i == root.i:
            return entity
    return None


def _person_after_modifier(span: Span, own: int, index: DocIndex) -> int | None:
    """'Tulsa police Chief Chuck Jordan', the parse's head on 'Tulsa': a phrase that ends in a
    person's name after a place or organisation and the words of a role names that person."""
    ents, last = index.ents, int(index.entity_of[span.end - 1])
    if ents[own].label_ == PERSON or last < 0 or not index.coref.in_body(last):
        return None
    person = ents[last]
    if person.label_ != PERSON or person.end != span.end:
        return None
    return last if role_words_between(span.doc, ents[own].end, person.start) else None


def _unlabelled_name(span: Span, index: DocIndex) -> int | None:
    """A proper noun the model left unlabelled, taken as the entity whose name it shortens: its
    acronym ('CNS' of 'Christian News Service'), its first words ('Peabody' of 'Peabody Energy') or
    its surname; the nearest such entity before it, else the first after."""
    root = span.root
    if not (root.pos_ == "PROPN" or root.text.istitle()) or index.entity_of[root.i] >= 0:
        return None  # a headline's 'Trump:' may be tagged a common noun
    name = " ".join(t.text for t in span if t.pos_ == "PROPN" or t == root)
    short = name.replace(".", "")
    fitting = []
    for number, ent in enumerate(index.ents):
        if ent.label_ not in REFERENT_LABELS or not index.coref.in_body(number):
            continue
        words = (ent.kb_id_ or ent.text).split()
        if len(words) > 1 and (acronym(words) == short or " ".join(words[: len(name.split())]) == name or words[-1] == name):
            fitting.append(number)
    before = [number for number in fitting if index.ents[number].start < span.start]
    return before[-1] if before else (fitting[0] if fitting else None)


def _naming(child: Token) -> bool:
    """A name in compound with the noun ('the Nikkei newspaper'), or as the parse hangs a joint
    pollster on a statement ('a Washington Post-ABC News poll', nmod)."""
    return child.dep_ == "compound" or (child.dep_ in NAMING_DEPS and child.head.lemma_.lower() in statement_nouns())


def _names_head(entity: Span, head: Token) -> bool:
    """An organisation in compound names its head noun unless the head is a person; any speaker
    names a statement it made ('a Bloomberg poll', 'a Trump tweet')."""
    noun = head.lemma_.lower()
    if noun in statement_nouns():
        return entity.label_ in REFERENT_LABELS
    return entity.label_ in NAMING_LABELS and noun not in person_nouns()


def _organisation_name(noun: Token, index: DocIndex) -> str | None:
    """The name news gives an organisation described by whom it serves: 'Hillary Clinton's
    campaign', 'the Trump campaign', 'her campaign' after Clinton -> 'Clinton campaign', 'Trump
    campaign'."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in org_nouns():
        return None
    for child in noun.lefts:
        found = index.entity_of[child.i]
        if child.dep_ == "poss" and found < 0:  # 'her campaign'
            found = index.coref.antecedent.get(child.i, -1)
        if child.dep_ in ("poss", "compound") and found >= 0 and index.ents[found].label_ in REFERENT_LABELS:
            entity = index.ents[found]
            name = entity.kb_id_ or entity.text
            return f"{name.split()[-1] if entity.label_ == 'PERSON' else name} {noun.lemma_.lower()}"
    return None


def _named_earlier(span: Span, index: DocIndex) -> str | None:
    """'The campaign' after 'the Trump campaign': the name of the nearest earlier organisation
    described with the same noun; not for one a name of its own modifies ('the Saudi government'
    after 'the United States government')."""
    root = span.root
    if root.pos_ != "NOUN" or not is_definite(span) or any(c.dep_ in ("poss", "compound") or c.ent_type_ for c in root.lefts):
        return None
    lemma = root.lemma_
    for token in reversed(span.doc[: span.start]):
        if token.lemma_ == lemma:
            name = _organisation_name(token, index)
            if name is not None:
                return name
    return None


def _description(span: Span, index: DocIndex) -> str:
    """A readable name for an unresolved mention: the proper nouns that name its head and are no
    entity of their own ('Japan's Nikkei newspaper' -> 'Nikkei'), an organisation's name by whom it
    serves ('Trump campaign'), else the phrase without its determiner."""
    root = span.root
    proper = [c.text for c in root.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and index.entity_of[c.i] < 0]
    if proper and root.pos_ == "NOUN":
        return " ".join(proper)
    named = _organisation_name(root, index) or _named_earlier(span, index)
    if named is not None:
        return named
    start = span.start + 1 if span[0].dep_ == "det" and len(span) > 1 else span.start
    return span.doc[start : span.end].text


def _referent(span: Span, index: DocIndex) -> int | None:
    """The entity a mention refers to: the one it names, a pronoun's antecedent, a description's holder."""
    coref = index.coref
    entity = _named_entity(span, index)
    if entity is None:
        entity = _unlabelled_name(span, index)
    if entity is None and len(span) == 1:
        entity = coref.antecedent.get(span.start)
    if entity is None:
        entity = coref.holder(span)
    return entity


def _author(span: Span, index: DocIndex) -> int | None:
    """The author a statement speaks for: 'her account', 'Ivana Trump's brief', 'a report by
    Politico'; for 'the poll' without one, the author of the statement it refers back to."""
    author = statement_author(span.root)
    if author is not None:
        return _referent(noun_phrase(author), index)
    return _earlier_author(span, index)


def _earlier_author(span: Span, index: DocIndex) -> int | None:
    """'according to the poll' after 'A Bloomberg poll shows ...': the author of the nearest
    earlier statement named with the same noun that has one (by name, 'by' or possessor)."""
    root = span.root
    if root.pos_ != "NOUN" or root.lemma_.lower() not in statement_nouns() or not is_definite(span):
        return None
    if any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in root.lefts):
        return None  # 'The Q poll' has a name of its own
    for token in reversed(span.doc[: span.start]):
        if token.lemma_ != root.lemma_ or token.pos_ != "NOUN":
            continue
        earlier = noun_phrase(token)
        author = statement_author(token)
        found = _named_entity(earlier, index) if author is None else _referent(noun_phrase(author), index)
        if found is not None:
            return found
    return None


def resolve_speaker(span: Span, index: DocIndex) -> Speaker:
    """The speaker as written plus its canonical name, label and entity row. A statement stands
    for its author ('the report by Politico said' is Politico)."""
    coref = index.coref
    entity = _referent(span, index)
    if entity is None:
        entity = _author(span, index)
    if entity is not None and coref.in_body(entity):
        found = index.ents[entity]
        return Speaker(span=span, canonical=found.kb_id_ or found.text, label=found.label_, entity_id=entity)
    return Speaker(span=span, canonical=_description(span, index), label=span.root.pos_)
