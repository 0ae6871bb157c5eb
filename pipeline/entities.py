"""Within-document entity resolution, as the spaCy component `entity_resolution`.

en_core_web_sm often labels a surname alone ("Ishiba", "Smith", "Trump") as ORG, runs a title or an
epithet into a name ("spokesperson Lu Kang", "Crooked Hillary Clinton") and swallows a possessive
("Elizabeth May's Greens"). Entities are cleaned first (cut at line breaks and possessives, titles
and epithets dropped, a few clear mislabels fixed), then every mention takes the fullest name of
what it refers to (`pipeline.aliases`) as its canonical form, with one label per canonical name.
The canonical form is stored in each entity's `kb_id_`, so it travels with the doc (and through
`DocBin`) without custom attributes. Then the who-is-who of the doc is worked out (`doc._.coref`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_KB_ID, ENT_TYPE, IS_PUNCT, IS_SPACE, IS_TITLE, LOWER, POS
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span, Token

from pipeline.aliases import NameIndex, OrgIndex, canonical_text, place_alias
from pipeline.coref import coreference
from pipeline.docarrays import doc_text
from pipeline.gender import HONORIFIC_GENDER
from pipeline.headlines import MAX_CHARS
from pipeline.labels import ENTITY_RESOLUTION
from pipeline.names import is_first_name, is_initial, name_words, title_set
from pipeline.roles import apposed_nouns, person_nouns, title_tokens

PERSON = "PERSON"
ORG = "ORG"
#: 'said on Twitter', 'posted via Facebook': what a one-word name is the object of when it is the
#: medium of a statement, not a person.
MEDIUM_PREPOSITIONS = frozenset({"on", "via"})
#: Labels a person's name fragment is commonly mistaken for by the small model.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "WORK_OF_ART", "PRODUCT", "FAC", "LOC"})
MIN_FULL_NAME_WORDS = 2
LEMMA_INDEX = "lemma_index"
#: Regular English inflections and the stem endings they may hide: 'injecting' -> inject,
#: 'making' -> make, 'crooked' -> crook, 'sells' -> sell.
INFLECTIONS = (("ing", ("", "e")), ("ed", ("", "e")), ("s", ("",)))
#: `Token.ent_iob` codes.
IOB_INSIDE, IOB_BEGIN = 1, 3
POSSESSIVE_TAG = "POS"
#: Roles in which a capitalised surname is a person even when mistagged.
SURNAME_DEPS = ("nsubj", "nsubjpass", "poss")
#: Words before a name that are no first name: parties and the like ('Democrat Hillary Clinton').
NOT_FIRST_NAMES = frozenset({"democrat", "republican", "libertarian", "independent", "conservative", "liberal", "gop"})
#: Parts of speech that end no name: a headline's verb run into it ('Obama Says').
NOT_NAME_POS = frozenset({"VERB", "AUX", "ADP", "PART", "SCONJ", "CCONJ"})
#: Letters after a name that are no part of it: 'Wayne Martin QC', 'Jane Doe MP'.
POSTNOMINALS = frozenset({"qc", "kc", "sc", "mp", "mpp", "mla", "mha", "mep", "phd"})
#: Where something is: a one-word 'person' after it is a place the model mislabelled ('in Malawi').
LOCATIVE_PREPOSITIONS = frozenset({"in"})
#: 'Bill C-48', 'Act 10': legislation the small model takes for a person.
_LEGISLATION = re.compile(r"^(?:Bill|Act|Motion|Proposition|Prop\.?)\s+[A-Z]?-?\d")


def entity_spans(doc: Doc) -> list[Span]:
    """`doc.ents` from the entity arrays: `doc.ents` walks every token in Python on each access."""
    if not len(doc):
        return []
    array = doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID])
    starts = np.flatnonzero(array[:, 0] == IOB_BEGIN)
    outside = np.append(np.flatnonzero(array[:, 0] != IOB_INSIDE), len(doc))
    ends = outside[np.searchsorted(outside, starts, side="right")]
    return [
        Span(doc, start, end, label=label, kb_id=kb_id)
        for start, end, label, kb_id in zip(
            starts.tolist(), ends.tolist(), array[starts, 1].tolist(), array[starts, 2].tolist(), strict=True
        )
    ]


def _token_flags(doc: Doc) -> tuple[list[bool], list[bool]]:
    """Per token: holds a line break; is punctuation or space. From whole-doc arrays."""
    array = doc.to_array([IS_PUNCT, IS_SPACE])
    gap = (array[:, 0] | array[:, 1]).astype(bool).tolist()
    breaks = [False] * len(doc)
    for i in np.flatnonzero(array[:, 1]).tolist():
        breaks[i] = "\n" in doc[i].text
    return breaks, gap


def _trim_at_line_break(span: Span, breaks: list[bool], gap: list[bool]) -> Span | None:
    """The part of an entity before any line break, without edge punctuation or space."""
    end = span.start
    while end < span.end and not breaks[end]:
        end += 1
    start = span.start
    while start < end and gap[start]:
        start += 1
    while end > start and gap[end - 1]:
        end -= 1
    if start == end:
        return None
    if (start, end) == (span.start, span.end):
        return span
    return Span(span.doc, start, end, label=span.label_)


def _text(span: Span, text: str) -> str:
    """A span's text cut from the doc's text (`Span.text` builds a Token per token)."""
    return text[span.start_char : span.end_char]


def _split_possessive(span: Span, text: str) -> list[Span]:
    """'Elizabeth May's Greens' -> 'Elizabeth May' and 'Greens'; 'Pagliano's lawyer' -> 'Pagliano'.

    The owner keeps the label unless it reads as a person's full name; the owned part stays an
    entity only when it is a name (capitalised).
    """
    cut = next((t.i for t in span[:-1] if t.tag_ == POSSESSIVE_TAG), None)
    if cut is None or cut == span.start:
        return [span]
    doc = span.doc
    owner = doc[span.start : cut]
    label = PERSON if _reads_as_full_name(_text(owner, text)) else span.label_
    parts = [Span(doc, span.start, cut, label=label)]
    if any(t.is_title or t.is_upper for t in doc[cut + 1 : span.end]):
        parts.append(Span(doc, cut + 1, span.end, label=span.label_))
    return parts


def _reads_as_full_name(mention: str) -> bool:
    words = name_words(mention)
    return len(words) >= MIN_FULL_NAME_WORDS and (is_initial(words[0]) or is_first_name(words[0]))


def _honorific_name(span: Span) -> bool:
    """'Ms Caird', 'Mr. Romaszko': an honorific and a capitalised name, whatever the model's label."""
    return len(span) > 1 and span[0].lower_.rstrip(".") in HONORIFIC_GENDER and span[1].is_title


def _described_as_person(span: Span) -> bool:
    """The text says the span is a person: a person noun in apposition or as its title, or an honorific."""
    doc = span.doc
    before = doc[span.start - 1].lower_.rstrip(".") if span.start else ""
    nouns = [t.lemma_.lower() for t in (*title_tokens(span), *apposed_nouns(span))]
    return before in HONORIFIC_GENDER or any(noun in person_nouns() for noun in nouns)


def _name_only(span: Span) -> Span:
    """A person's name without the titles and lower-case words run into it ('spokesperson Lu Kang'),
    the verb of a headline ('Obama Says') or the letters after it ('Wayne Martin QC')."""
    doc, start, end = span.doc, span.start, span.end
    titles = title_set()
    while start < end - 1 and (doc[start].is_lower or doc[start].lower_.rstrip(".") in titles or doc[start].is_punct):
        start += 1
    while end > start + 1 and (doc[end - 1].pos_ in NOT_NAME_POS or doc[end - 1].lower_.replace(".", "") in POSTNOMINALS):
        end -= 1
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_)


def _relabelled(span: Span, text: str) -> Span:
    """Fix clear mislabels: a person's name taken for an organisation ('Tatiana Stanovaya, a
    political analyst'), legislation ('Bill C-48') and places ('Ont.', 'U.S.') taken for people."""
    mention = _text(span, text)
    if span.label_ != PERSON:
        named = _reads_as_full_name(mention) and _described_as_person(span)
        if span.label_ in NAME_LABELS and (named or _honorific_name(span)):
            return Span(span.doc, span.start, span.end, label=PERSON)
        return span
    if _LEGISLATION.match(mention):
        return Span(span.doc, span.start, span.end, label="LAW")
    if place_alias(mention) is not None:
        return Span(span.doc, span.start, span.end, label="GPE")
    return span


def clean_spans(doc: Doc, text: str) -> list[Span]:
    """The model's entities cut at line breaks and possessives, titles dropped, mislabels fixed."""
    breaks, gap = _token_flags(doc)
    cleaned = []
    for ent in entity_spans(doc):
        span = _trim_at_line_break(ent, breaks, gap)
        if span is None:
            continue
        for part in _split_possessive(span, text):
            part = _relabelled(part, text)
            cleaned.append(_name_only(part) if part.label_ == PERSON else part)
    return _with_first_names(_without_titles_of_next(_named_by_honorific(cleaned, text)))


def _named_by_honorific(spans: list[Span], text: str) -> list[Span]:
    """A full name the model took for something else is a person's when the article writes its
    surname after an honorific: 'The union's Wendy Caird says ...' (ORG), then 'Ms Caird said'."""
    surnames = {_text(s, text).split()[-1] for s in spans if s.label_ == PERSON and _after_honorific(s)}
    if not surnames:
        return spans
    return [Span(s.doc, s.start, s.end, label=PERSON) if _surname_of_honorific(s, text, surnames) else s for s in spans]


def _after_honorific(span: Span) -> bool:
    """'Caird' of 'Ms Caird': a name written after an honorific (or holding it still)."""
    before = span.doc[span.start - 1].lower_.rstrip(".") if span.start else ""
    return before in HONORIFIC_GENDER or _honorific_name(span)


def _surname_of_honorific(span: Span, text: str, surnames: set[str]) -> bool:
    mention = _text(span, text)
    return (
        span.label_ in NAME_LABELS and span.label_ != PERSON and _reads_as_full_name(mention) and mention.split()[-1] in surnames
    )


def _without_titles_of_next(spans: list[Span]) -> list[Span]:
    """Without a person entity that ends in the title of the person named right after it:
    'Charlotte Mayor' of 'Charlotte Mayor Jennifer Roberts' is the mayor's place, no person (and
    no first name of 'Charlotte' further on)."""
    titles = title_set()
    kept = []
    for span, following in zip(spans, [*spans[1:], None], strict=False):
        title_ends = span.label_ == PERSON and span[-1].lower_.rstrip(".") in titles
        if title_ends and following is not None and following.start == span.end and following.label_ == PERSON:
            continue
        kept.append(span)
    return kept


def _may_be_first_name(token: Token, titles: frozenset[str]) -> bool:
    """A capitalised word before a surname that can be a first name: no title, role, party,
    abbreviation or plural ('Rakeyia', not 'President', 'Del.' or 'Senators')."""
    word = token.lower_
    return not (word.endswith(".") or token.tag_ == "NNPS" or word in titles or word in NOT_FIRST_NAMES or word in person_nouns())


def _with_first_names(spans: list[Span]) -> list[Span]:
    """People's names with the first names the model left out: 'Rakeyia' of 'Rakeyia Scott' (a
    proper noun in compound before the name) or a one-word entity of another label ('Keith' ORG
    before 'Lamont Scott' PERSON)."""
    result: list[Span] = []
    for span in spans:
        if span.label_ != PERSON or not len(span):
            result.append(span)
            continue
        doc, start = span.doc, span.start
        titles = title_set()
        while start > 0:
            token = doc[start - 1]
            if not (
                token.pos_ == "PROPN" and token.is_title and token.dep_ == "compound" and span.start <= token.head.i < span.end
            ):
                break
            if not _may_be_first_name(token, titles):
                break
            if result and result[-1].end == start:
                if len(result[-1]) > 1:
                    break
                result.pop()
            start -= 1
        result.append(span if start == span.start else Span(doc, start, span.end, label=PERSON))
    return result


def _build_names(spans: list[Span], text: str, dictionary: frozenset[str]) -> tuple[NameIndex, list[Span]]:
    """The people of the doc from its full-name mentions, with epithets dropped from names.

    A name whose first word is no known first name loses that word when the rest names another
    person of the doc in full ('Crooked Hillary Clinton'), or when that word is in the dictionary
    ('Injecting Clinton'); a rare first name before a relative's surname stays ('Rakeyia Scott').
    """
    names = NameIndex()
    later: list[Span] = []
    for span in spans:
        if span.label_ != PERSON:
            continue
        words = name_words(_text(span, text))
        if len(words) < MIN_FULL_NAME_WORDS:
            continue
        if is_initial(words[0]) or is_first_name(words[0]):
            names.add(_text(span, text), span.start)
        else:
            later.append(span)
    trimmed: dict[int, Span] = {}
    for span in sorted(later, key=len):  # 'Mitt Romney' before 'New Mitt Romney'
        words = name_words(_text(span, text))
        if names.person(words, span.start) is not None:  # the end of a longer name ('Suu Kyi')
            continue
        person = names.person(words[1:], span.start)
        epithet = len(words) > MIN_FULL_NAME_WORDS or _in_dictionary(words[0], dictionary)  # not 'Rakeyia Scott'
        if person is not None and person.first != words[0] and len(span) > 1 and epithet:
            trimmed[span.start] = Span(span.doc, span.start + 1, span.end, label=PERSON)
        else:
            names.add(_text(span, text), span.start)
    return names, [trimmed.get(s.start, s) for s in spans]


#: The words of a name as the tokenizer splits them ('Ocasio-Cortez': ocasio, cortez).
_WORD = re.compile(r"\w+")
#: A line whose words are nearly all capitalised is a headline or a heading (one that short).
TITLE_CASE_SHARE = 0.75
MIN_TITLE_CASE_WORDS = 2


def _in_title_case_line(text: str, start: int, end: int) -> bool:
    """The text from `start` to `end` lies on a short line (a headline or heading) of capitalised
    words; the search for the line's ends goes no further than such a line can be long."""
    line_start = text.rfind("\n", max(0, start - MAX_CHARS), start) + 1
    if line_start == 0 and start > MAX_CHARS:
        return False
    line_end = text.find("\n", end, end + MAX_CHARS + 1)
    if line_end < 0:
        if len(text) - end > MAX_CHARS:
            return False
        line_end = len(text)
    if line_end - line_start > MAX_CHARS:
        return False
    words = [word for word in text[line_start:line_end].split() if word[:1].isalpha()]
    return len(words) >= MIN_TITLE_CASE_WORDS and sum(word[0].isupper() for word in words) >= TITLE_CASE_SHARE * len(words)


def _headline_names(spans: list[Span], text: str, dictionary: frozenset[str]) -> list[Span]:
    """People's names in a title-case headline or heading: a name of the article's without the
    common words run into its end ('Clinton Plan for Taxes', 'Trump Face' of 'Clinton And Trump
    Face'), and no person where every word is a common one and none a first name ('Gender
    Equality', 'Correction Appended'). The words of the people's names elsewhere in the article
    count as names whatever the dictionary says ('Trump'); a name they do not start stays whole
    ('Nell Carden Grey')."""
    people = {span.start: _in_title_case_line(text, span.start_char, span.end_char) for span in spans if span.label_ == PERSON}
    if not any(people.values()):
        return spans
    known = {word for span in spans if people.get(span.start) is False for word in _WORD.findall(_text(span, text).lower())}
    kept = []
    for span in spans:
        if not people.get(span.start):
            kept.append(span)
            continue
        common = [t.lower_ not in known and _in_dictionary(t.lower_, dictionary) for t in span]
        if not any(common):
            kept.append(span)
            continue
        if span[0].lower_ not in known:  # no name of the article's: keep it unless it is no name at all
            if not all(common) or is_first_name(span[0].lower_):
                kept.append(span)
            continue
        end = span.end
        while end - span.start > 1 and common[end - 1 - span.start]:
            end -= 1
        kept.append(span if end == span.end else Span(span.doc, span.start, end, label=PERSON))
    return kept


def _places_taken_for_people(spans: list[Span], names: NameIndex, text: str) -> list[Span]:
    """One-word 'people' after 'in' are places ('In Malawi, as in ...', 'a cultural center in
    Worcester') when no person of the article bears the name ('confidence in Obama' after
    'Barack Obama' stays a person). Listed with places is no such sign: 'Kasich, Bush, ...'."""
    result = []
    for span in spans:
        root = span.root
        located = span.label_ == PERSON and len(span) == 1 and root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPOSITIONS
        if located and names.person(name_words(_text(span, text)), span.start) is None:
            span = Span(span.doc, span.start, span.end, label="GPE")
        result.append(span)
    return result


def _in_dictionary(word: str, dictionary: frozenset[str]) -> bool:
    """A dictionary word, or a regular inflection of one ('injecting', 'crooked', 'sells')."""
    forms = [word]
    for suffix, stems in INFLECTIONS:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            base = word[: -len(suffix)]
            forms += [base + ending for ending in stems]
    return any(form in dictionary for form in forms)


def _unlabelled_surnames(doc: Doc, names: NameIndex, taken: set[int]) -> list[Span]:
    """Capitalised tokens the model left unlabelled that match a known person's surname: proper
    nouns, and subjects or possessors the tagger took for another word ('Trump this week said')."""
    surnames = names.surnames()
    if not surnames or not len(doc):
        return []
    strings = doc.vocab.strings
    wanted = np.array([strings.add(name) for name in surnames], dtype=np.uint64)
    array = doc.to_array([POS, LOWER, IS_TITLE, DEP])
    nominal = np.isin(array[:, 3], np.array([strings.add(d) for d in SURNAME_DEPS], dtype=np.uint64))
    named = (array[:, 0] == strings["PROPN"]) | (nominal & (array[:, 2] == 1))
    hits = np.flatnonzero(named & np.isin(array[:, 1], wanted))
    return [Span(doc, int(i), int(i) + 1, label=PERSON) for i in hits if int(i) not in taken]


def _canonical(mention: str, label: str, start: int, names: NameIndex, orgs: OrgIndex) -> tuple[str, str]:
    """(label, canonical name) of one mention at token `start`."""
    if label in NAME_LABELS:
        person = names.lookup(mention, start)
        if person is not None:
            return PERSON, person
    place = place_alias(mention)
    if place is not None:
        return label, place
    longer = orgs.lookup(mention, label)
    if longer is not None:
        return longer[1], longer[0]
    return label, canonical_text(mention)


def _one_label(resolved: list[tuple[str, str, str]]) -> dict[str, str]:
    """The label of each canonical name: that of its fullest mention, else the most common.

    `resolved` holds (mention, label, canonical) per entity."""
    labels: dict[str, Counter] = {}
    fullest: dict[str, str] = {}
    for mention, label, canonical in resolved:
        labels.setdefault(canonical, Counter())[label] += 1
        if canonical_text(mention) == canonical:
            fullest.setdefault(canonical, label)
    return {c: fullest.get(c) or counts.most_common(1)[0][0] for c, counts in labels.items()}


def resolve_entities(doc: Doc, text: str | None = None, dictionary: frozenset[str] = frozenset()) -> list[Span]:
    """The document's entities, cleaned, each with its canonical name and one label per name.

    `text` is the doc's text when the caller holds it; `dictionary` the language's common words
    (an epithet before a name is one: 'Crooked', 'Injecting')."""
    text = doc_text(doc) if text is None else text
    spans = _headline_names(clean_spans(doc, text), text, dictionary)
    names, spans = _build_names(spans, text, dictionary)
    taken = {i for s in spans for i in range(s.start, s.end)}
    found = _unlabelled_surnames(doc, names, taken)
    if found:  # a surname the model missed may bring its first name ('Rakeyia Scott'): index again
        names, spans = _build_names(_with_first_names(sorted(spans + found, key=lambda s: s.start)), text, dictionary)
    spans = _places_taken_for_people(spans, names, text)
    mentions = [(_text(span, text), span.label_) for span in spans]
    orgs = OrgIndex(mentions)
    resolved = [
        (mention, *_canonical(mention, label, span.start, names, orgs))
        for span, (mention, label) in zip(spans, mentions, strict=True)
    ]
    label_of = _one_label(resolved)
    for canonical in _media(spans, resolved, label_of):
        label_of[canonical] = ORG
    return [
        Span(doc, span.start, span.end, label=label_of[canonical], kb_id=canonical)
        for span, (_, _, canonical) in zip(spans, resolved, strict=True)
    ]


def _is_medium(span: Span) -> bool:
    """'said on Twitter', 'posted via Facebook': the object of 'on' or 'via'."""
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in MEDIUM_PREPOSITIONS


def _media(spans: list[Span], resolved: list[tuple[str, str, str]], label_of: dict[str, str]) -> set[str]:
    """One-word people names the article writes only after 'on' or 'via' ('said on Twitter'): a
    person it speaks of is named in full, or written elsewhere at least once ('Trump said')."""
    where: dict[str, bool] = {}
    for span, (_, _, canonical) in zip(spans, resolved, strict=True):
        if label_of[canonical] == PERSON and " " not in canonical:
            where[canonical] = where.get(canonical, True) and _is_medium(span)
    return {canonical for canonical, medium in where.items() if medium}


def entity_clusters(ents: Iterable[Span]) -> list[int]:
    """Per entity, a cluster id: mentions sharing label and canonical name share an id."""
    ids: dict[tuple[int, int], int] = {}
    return [ids.setdefault((ent.label, ent.kb_id), len(ids)) for ent in ents]


@Language.factory(
    ENTITY_RESOLUTION,
    requires=["doc.ents", "token.pos", "token.dep"],
    assigns=["doc.ents", "doc._.coref"],
)
def make_entity_resolution(nlp: Language, name: str) -> EntityResolution:
    """Factory for the within-document entity resolution component; its dictionary is read from
    the pipeline's lemmatizer at the first doc, once `spacy.load` has filled its tables."""
    return EntityResolution(lambda: dictionary_words(nlp), name)


def dictionary_words(nlp: Language) -> frozenset[str]:
    """The words of the model's lemmatizer tables (from WordNet), or none when it has no lemmatizer."""
    for _, component in nlp.components:
        lookups = getattr(component, "lookups", None)
        if lookups is not None and lookups.has_table(LEMMA_INDEX):
            return frozenset(word for words in lookups.get_table(LEMMA_INDEX).values() for word in words)
    return frozenset()


class EntityResolution(Pipe):
    """Cleans and resolves entities (canonical name in `kb_id_`) and works out who is who
    (`doc._.coref`: zones, pronouns, role holders, people and genders).

    A spaCy `Pipe`: in `nlp.pipe`, a doc it fails on goes to the error handler
    (`nlp.set_error_handler`) and is dropped, as spaCy's own components do.
    """

    def __init__(
        self, dictionary: frozenset[str] | Callable[[], frozenset[str]] = frozenset(), name: str = ENTITY_RESOLUTION
    ) -> None:
        self._dictionary = dictionary
        self.name = name

    @property
    def dictionary(self) -> frozenset[str]:
        """Common English words (WordNet, from the lemmatizer's tables): one before a name is an epithet."""
        if callable(self._dictionary):
            self._dictionary = self._dictionary()
        return self._dictionary

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        ents = resolve_entities(doc, text, self.dictionary)
        doc.set_ents(ents, default="outside")
        annotate_coreference(doc, text, ents)
        return doc


def annotate_coreference(doc: Doc, text: str | None = None, ents: list[Span] | None = None) -> None:
    """Set `doc._.coref` for a doc whose entities are resolved (`text` and `ents` when the caller
    holds them: rebuilding either walks the doc)."""
    text = doc_text(doc) if text is None else text
    doc._.coref = coreference(doc, entity_spans(doc) if ents is None else ents, text)
