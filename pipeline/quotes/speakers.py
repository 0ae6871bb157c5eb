"""Finding the speaker (and addressee) of a cue in the dependency parse."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from pipeline.entities import entity_spans
from pipeline.labels import PARTICIPLE_TAG, SPEAKER_LABELS, SUBJECT_DEPS, VERB_POS

#: A verb joined to another by these relations shares its subject ("He smiled and said ...").
#: An adjective after a copula shares its subject too: "voters are more likely to say ...", "he was quick to point out ...".
SHARED_SUBJECT_DEPS = frozenset({"conj", "xcomp", "advcl", "acomp"})
#: Left modifiers that belong to a speaker's noun phrase ("Japan's Nikkei newspaper").
NOUN_PHRASE_DEPS = frozenset({"det", "compound", "poss", "amod", "nmod", "nummod", "case", "quantmod"})
#: Phrases right of a noun that belong to its mention, when they follow it directly.
RIGHT_PHRASE_DEPS = frozenset({"amod", "prep"})
ADDRESSEE_DEPS = frozenset({"dobj", "dative", "iobj"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
PERSON_RELATIVE = "who"
#: How the tagger marks a relative pronoun (a demonstrative 'that' is DT).
RELATIVE_TAGS = frozenset({"WDT", "WP"})
PERSON = "PERSON"
#: Where someone is ('Democrats on Capitol Hill, who ...', 'officials at the White House, who ...').
PLACE_PREPOSITIONS = frozenset({"on", "in", "at", "from"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
MAX_SUBJECT_HOPS = 3
#: A finite verb: a subjectless one is a parse failure, not an imperative or a participle.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


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
        if verb.dep_ == "pcomp" and verb.head.head.i != verb.head.i:  # 'before asking her'
            verb = verb.head.head
            continue
        if _participle_taken_for_verb(verb):  # 'Majorities of Democrats going to the polls Tuesday say ...'
            verb = verb.head
            continue
        if verb.dep_ not in SHARED_SUBJECT_DEPS or verb.head.i == verb.i:
            return None
        controller = _object_controller(verb)
        if controller is not None:
            return controller
        verb = verb.head
    return None


def _participle_taken_for_verb(verb: Token) -> bool:
    """'Republican activists clamoring to block Trump say ...': the parse makes the participle
    that describes the subject the main verb and hangs the real one on it as `dep`."""
    return verb.dep_ == "dep" and verb.i > verb.head.i and verb.head.tag_ == PARTICIPLE_TAG and verb.head.dep_ == "ROOT"


def _object_controller(verb: Token) -> Token | None:
    """'forced Stumpf to admit ...', 'urged Congress to say ...': an infinitive after an object
    is that object's to do, not the subject's."""
    if verb.dep_ != "xcomp" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.lefts):
        return None
    objects = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
    return objects[0] if objects else None


def _first_entity_between(doc: Doc, start: int, end: int) -> Span | None:
    """The first speaker-like entity in tokens [start, end)."""
    for ent in entity_spans(doc):
        if ent.start >= end:
            break
        if ent.start >= start and ent.label_ in SPEAKER_LABELS:
            return ent
    return None


def _name_before_subjectless(cue: Token, quoted: Sequence[bool]) -> Span | None:
    """A sentence's main verb of saying that the parse left without a subject ('In a statement,
    her adviser, Jake Sullivan, said: "..."', '"...," Texas delegate Bill Eastland, wearing a
    cowboy hat, said'): the nearest name before it in its sentence, outside quotation marks and
    not a preposition's object or a possessor, unless it stands right before the verb ('In a
    meeting with the editorial board of the Washington Post Trump said ...')."""
    if cue.dep_ != "ROOT" or cue.tag_ not in FINITE_TAGS:
        return None
    for ent in reversed([e for e in entity_spans(cue.doc) if cue.sent.start <= e.start and e.end <= cue.i]):
        attached = ent.root.dep_ in ("pobj", "poss") and ent.end < cue.i  # 'the Washington Post Trump said': right before it
        if ent.label_ in SPEAKER_LABELS and not quoted[ent.root.i] and not attached:
            return ent
    return None


def _described_noun(cue: Token) -> Token | None:
    """The noun a relative or participle clause describes: 'an architect who said ...', 'Clinton
    asking ...', also where the parse hangs the participle on the main verb ('The ad uses footage
    of Hillary Clinton asking ...': the one asking is Clinton, not the ad)."""
    if cue.dep_ == "acl" and cue.head.pos_ in NOUN_POS:
        subject = _subject_before_apposition(cue)
        if subject is not None:
            return subject
        owner = _infinitive_owner(cue) if _is_infinitive(cue) else None
        return owner if owner is not None else cue.head
    before = cue.doc[cue.i - 1] if cue.i else None
    if cue.tag_ == PARTICIPLE_TAG and before is not None and before.dep_ == "pobj" and before.head.lower_ == "of":
        return before if before.pos_ in NOUN_POS or before.pos_ == "PRON" else None
    if cue.dep_ == "relcl":
        relatives = [c for c in cue.children if c.dep_ in SUBJECT_DEPS and c.lower_ in RELATIVE_PRONOUNS]
        return relative_antecedent(relatives[0]) if relatives else None
    return None


def _subject_before_apposition(cue: Token) -> Token | None:
    """'Attorney General Roy Cooper (D), McCrory's opponent in the upcoming gubernatorial election,
    called Friday for ...': a verb right after the comma that closes a subject's apposition is the
    subject's own, though the parse hangs it on the apposition's last noun as a participle."""
    if cue.i == 0 or cue.doc[cue.i - 1].text != ",":
        return None
    token = cue.head
    while token.dep_ != "appos" and token.head.i != token.i and token.i < cue.i:
        token = token.head
    subject = token.head  # the subject, or the root of a sentence the parse left without a verb
    is_subject = subject.dep_ in SUBJECT_DEPS or (subject.dep_ == "ROOT" and subject.pos_ in NOUN_POS)
    return subject if token.dep_ == "appos" and is_subject and subject.i < token.i else None


def _is_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.lefts)


def _infinitive_owner(cue: Token) -> Token | None:
    """Whose chance to speak an infinitive on a noun is: 'Trump never missed an opportunity to
    remind ...' (the subject of the verb the noun is the object of), 'Clinton's decision to
    announce' (its possessor), 'gave him a chance to explain' (the one it was given to); None
    when the sentence does not say ('requests to comment')."""
    noun = cue.head
    owners = [c for c in noun.children if c.dep_ == "poss"]
    if owners:
        return owners[0]
    if noun.dep_ != "dobj" or noun.head.pos_ not in VERB_POS:
        return None  # not 'the greatest hole in their plan is the inability to agree'
    given = [c for c in noun.head.children if c.dep_ == "dative"]
    return given[0] if given else subject_of(noun.head)


def relative_antecedent(relative: Token) -> Token:
    """The noun a relative pronoun stands for: the one its clause hangs on, or the noun right
    before it where the parse hangs the clause on a verb ('turned to the Chicago Police Department
    which reported'; the pronoun itself when there is none); 'who' is a person: the name right
    before it ('... Patti LaBelle and Stevie Wonder, who joked', where the parse may hang the clause
    on the list), never where someone is ('Democrats on Capitol Hill, who')."""
    noun, doc = relative.head.head, relative.doc
    before = relative.i - 1
    while before >= 0 and doc[before].is_punct:
        before -= 1
    if relative.lower_ == PERSON_RELATIVE and before >= 0 and doc[before].ent_type_ == PERSON:
        return doc[before]
    if noun.pos_ in VERB_POS and noun.i != before:  # a noun right before, not after a dash: '... - which helps explain'
        adjacent = before == relative.i - 1 and before >= relative.sent.start and doc[before].pos_ in NOUN_POS
        return doc[before] if adjacent else relative
    if relative.lower_ != PERSON_RELATIVE:
        return noun
    placed = noun.dep_ == "pobj" and noun.head.lower_ in PLACE_PREPOSITIONS and noun.ent_type_ != PERSON
    if placed and noun.head.head.pos_ in NOUN_POS:
        return noun.head.head
    return relative if noun.pos_ == "ADP" else noun  # 'who' of 'over who supported' is no one in particular


def _apposed_name_at_cue(subject: Token, cue: Token) -> Token | None:
    """'To understand the real Dred Scott, Chief Justice Roberts said, one should ...': a name
    the parse made the apposition of another name that is the subject; the one that says is the
    name right before the cue (a person's apposition is a description, not a second person)."""
    if subject.ent_type_ != PERSON:
        return None
    for child in subject.rights:
        if child.dep_ == "appos" and child.ent_type_ == PERSON and child.right_edge.i == cue.i - 1:
            return child
    return None


#: Words of a role between a place or organisation and a person's name ('Tulsa police Chief').
ROLE_WORD_POS = frozenset({"NOUN", "PROPN", "ADJ"})


def _name_after_modifier_at_cue(subject: Token, cue: Token) -> Span | None:
    """'Tulsa police Chief Chuck Jordan said': a subject the parse took from the place or
    organisation that modifies a role, while a person's name, after the role's words, stands right
    before the cue. The speaker is the whole phrase, which names that person, not the place."""
    doc = subject.doc
    first = entity_at(doc, subject.i)
    if first is None or first.label_ == PERSON or first.end >= cue.i:
        return None
    name = entity_at(doc, cue.i - 1)
    if name is None or name.label_ != PERSON or name.start <= first.end:
        return None
    return doc[first.start : name.end] if role_words_between(doc, first.end, name.start) else None


def role_words_between(doc: Doc, start: int, end: int) -> bool:
    """Tokens [start, end) are words of a role, named by no entity ('police Chief', 'campaign chairman')."""
    return all(doc[i].pos_ in ROLE_WORD_POS and not doc[i].ent_type_ for i in range(start, end))


def _is_relative(subject: Token) -> bool:
    """A relative pronoun: of a relative clause, or tagged one where the parse hangs its clause
    elsewhere ('the Chicago Police Department which reported', an adverbial clause of 'turned')."""
    if subject.lower_ not in RELATIVE_PRONOUNS:
        return False
    return subject.head.dep_ == "relcl" or (subject.tag_ in RELATIVE_TAGS and not subject.is_sent_start)


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
        return _name_before_subjectless(cue, quoted)
    if _is_relative(subject):  # '... who said X, saying Y'
        subject = relative_antecedent(subject)
    if not quoted[subject.i]:
        return _name_after_modifier_at_cue(subject, cue) or noun_phrase(_apposed_name_at_cue(subject, cue) or subject)
    for child in subject.children:
        if child.dep_ == "appos" and not quoted[child.i]:
            return noun_phrase(child)
    last_quoted = max((i for i in range(subject.i, cue.i) if quoted[i]), default=subject.i)
    found = _first_entity_between(cue.doc, last_quoted + 1, cue.i)
    return (_name_after_modifier_at_cue(found.root, cue) or found) if found is not None else None


#: A source whose owner is the speaker: 'In Forbes' words', 'according to his words'.
OWNED_WORDS = frozenset({"word"})


def according_to_speaker(cue: Span) -> Span | None:
    """The source named by 'according to X' (or 'In X', `pipeline.quotes.cues`); the owner of
    someone's words."""
    objects = [c for c in cue[-1].children if c.dep_ == "pobj"]
    if not objects:
        return None
    owners = [c for c in objects[0].children if c.dep_ == "poss"] if objects[0].lemma_.lower() in OWNED_WORDS else []
    return noun_phrase(owners[0] if owners else objects[0])


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
