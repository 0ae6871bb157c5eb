"""Attribution rules: from a cue's clause to what was said, its kind and its speaker.

Every cue with a speaker is cut from its sentence as an attribution block (`Clause.block`).
What was said lies next to it. The component tries its cue rules in order (the default order
is `pipeline.quotes.rules.DEFAULT_CUE_RULES`), and the one that fires is recorded in the
`rule` column so a wrong row can be traced:

- `split_quote`: `"...," X said, "..."`, a quotation on each side of the block;
- `quote_before_cue`: `"...," said X ...`, a quotation ending right before the block;
- `cue_then_content`: `X said (that) ...` / `X urged them to ...`, the cue's complement clause;
- `content_around_cue`: `A, X said, B`, the block interrupts the content;
- `content_then_cue`: `..., X said.`, the rest of the sentence before the block;
- `cue_then_predicate`: `X called Y a "..."`, a describing verb's object and what it was called;
- `quote_after_cue`: `X said: "..."`, a quotation right after the block, in its sentence or
  after a colon (the next paragraph too);
- `paragraph_after_colon`: `X added:` ending its paragraph, then a paragraph in no quotation marks;
- `as_cue_then_clause`: `As X reported, ...`, the clause the as-clause hangs on;
- `cue_then_pro_form`: `X said so`, `75 percent said yes`, `X said the same of Y`;
- `cue_then_object`: `X mentioned the remarks`, `X spoke about ...`, `asked him about ...`,
  `the issue was reported by X`: a noun phrase as content;
- `according_to`: `according to X, ...`, the side of the sentence before it, else after it;
- `noun_then_content`: `Trump's claim that ...`, a noun of saying with its that-clause;
- `noun_then_object`: `Clinton's criticism of the deal`, a stance noun's object (attitudes).

A quote whose cue lies inside another quote's content is dropped (`drop_nested`) unless both
have the same speaker, or it is a statement the outer one reports as made ('X says Y promised
...'): otherwise the outer attribution is the statement the article reports.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from pipeline.labels import DIRECT, INDIRECT, MIXED, PARTICIPLE_TAG, SPEAKER_LABELS, SUBJECT_DEPS, VERB_POS, QuoteKind
from pipeline.marks import TRAILING
from pipeline.quotes.clause import (
    MIN_CONTENT_WORDS,
    THAT_LEAD_DEPS,
    VERB_CUES,
    WH_ADVERB_TAG,
    Clause,
    Content,
    CueRule,
    is_continued_content,
    is_embedded_question,
    is_gap,
    is_unmarked_clause,
)
from pipeline.quotes.cues import CUE_TYPES, SPEECH
from pipeline.quotes.docindex import DocIndex
from pipeline.quotes.lexicon import (
    ADDRESSEE,
    ASPECTUAL,
    DEMANDING,
    DESCRIBING,
    NO_OBJECT,
    QUESTION,
    REFERRING,
    RESPONSE,
    STANCE,
    WRITTEN,
    clause_particle,
)
from pipeline.quotes.quote import Quote
from pipeline.quotes.resolution import resolve_speaker
from pipeline.quotes.speakers import find_addressee
from pipeline.roles import statement_nouns

#: Complements that hold what was said, to the right of the cue.
COMPLEMENT_DEPS = frozenset({"ccomp"})
INFINITIVE_DEPS = frozenset({"xcomp"})
#: A that-clause of a noun; the parser sometimes calls it a relative clause ('report that he had ...').
NOUN_CLAUSE_DEPS = frozenset({"acl", "ccomp", "relcl"})
#: Relations by which a cue hangs off the main verb of the content it reports.
REPORTING_DEPS = frozenset({"parataxis", "conj", "ccomp", "advcl"})
OBJECT_POS = frozenset({"NOUN", "PROPN"})
#: What the parse hangs on a verb after its object that still belongs to the object phrase.
OBJECT_CONTINUATION_DEPS = frozenset({"prep", "npadvmod", "conj", "appos", "acl", "relcl"})
#: What an object is called: 'called the senator [a nasty guy]'.
OBJECT_PREDICATE_DEPS = frozenset({"oprd"})
PASSIVE_DEPS = frozenset({"nsubjpass", "auxpass"})
DESCRIBING_PREPOSITION = "as"
#: A clause the parse hangs on the verb right after its object that belongs to the object:
#: 'described the country as beset by ...', 'defended his call to raise the minimum wage'.
OBJECT_CLAUSE_LEADS = frozenset({DESCRIBING_PREPOSITION, "to"})
#: Words that open a relative clause on the addressee ('told reporters who ...'), never what was said.
RELATIVE_WORDS = frozenset({"who", "whom", "whose", "which", "that", "where", "when"})
TOPIC_PREPOSITIONS = frozenset({"about", "of", "on"})
#: 'spoke on condition of anonymity', 'spoke on behalf of the campaign': how someone spoke, not about what.
MANNER_NOUNS = frozenset({"condition", "behalf"})
#: How a `response` verb's answer is introduced: 'responded with attacks', 'replied by ...'.
RESPONSE_PREPOSITIONS = frozenset({"with", "by"})
#: How a `demanding` verb's demand is introduced: 'called for a moratorium'.
DEMAND_PREPOSITIONS = frozenset({"for"})
REFERENCE_PREPOSITIONS = frozenset({"to"})
#: A participle reporting verb ('..., citing her work') says what follows it, not the clause before.
PARTICIPLE_DEPS = frozenset({"advcl"})
#: What a stance noun is about: 'criticism of Trump', 'support for the deal'.
STANCE_PREPOSITIONS = frozenset({"of", "for", "on", "about", "against"})
LEAD_IN = frozenset({",", ":", "\u2014", "\u2013", "-", "--"})
THAT = "that"
LEAD_IN_ENTITY_TYPES = frozenset({"DATE", "TIME"})
#: How a short quotation that is a whole utterance ends inside its marks ('"No!"', '"Really?"').
UTTERANCE_ENDS = (".", "!", "?", "\u2026")
#: A clause with a subject and a verb is something said however short ('denied it happened').
MIN_CLAUSE_WORDS = 2
#: A noun phrase said or talked about ("mentioned the remarks") may be shorter than a clause.
MIN_OBJECT_WORDS = 2
MARK = "mark"
AS = "as"
#: Words that stand for what was said: 'said so', 'said yes', 'said otherwise'.
PRO_FORMS = frozenset({"so", "yes", "no", "otherwise"})
#: Phrases that do, by their head and first word: 'said the same (of X)', 'said as much'.
#: A question word alone stands for the question: 'did not say when', 'would not say why'.
QUESTION_PRO_FORMS = frozenset({"when", "why", "how", "where"})
SAME = "same"
PRO_FORM_PHRASES = frozenset({(SAME, "the"), ("much", "as")})
#: How the parser tags 'after', 'when' opening a clause it attaches as advmod: its clause is no report.
SUBORDINATOR_TAGS = frozenset({"IN", "WRB"})
COLON = ":"
#: 'Asked about the plan, she said ...': a passive participle (or what the tagger takes for a
#: past tense) before the main clause.
PAST_TAGS = frozenset({"VBN", "VBD"})
#: A verb of saying in a tense: a statement made, not one expected or hoped for.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
#: Speakers that are no one in particular ('anybody who complains about a microphone').
INDEFINITE_PRONOUNS = frozenset({"anybody", "anyone", "somebody", "someone", "everybody", "everyone", "nobody", "whoever"})
#: Pronouns a stance may be on alone ('supported him'); not 'it' or 'this' (what?).
STANCE_PRONOUNS = frozenset({"him", "her", "them", "me", "us"})
#: What opens an asked question: 'asked them if ...', 'asked whether ...'.
QUESTION_MARKS = frozenset({"if", "whether"})


def _words(doc: Doc, start: int, end: int) -> list[Token]:
    return [t for t in doc[start:end] if not (t.is_punct or t.is_space)]


def _is_lead_in(token: Token) -> bool:
    """Punctuation, 'that' opening a clause, or a time adverbial ('said Thursday the pair ...')
    opening content; a 'that' the content needs ('"That," he added, "promises ..."') stays."""
    complementizer = token.lower_ == THAT and token.dep_ in THAT_LEAD_DEPS
    time = token.dep_ == "npadvmod" and token.ent_type_ in LEAD_IN_ENTITY_TYPES
    return is_gap(token) or token.lower_ in LEAD_IN or complementizer or time


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without edge punctuation, whitespace or a lead-in ('that', ':', 'Thursday')."""
    while start < end and _is_lead_in(doc[start]):
        start += 1
    while end > start and is_gap(doc[end - 1]):
        end -= 1
    return start, end


def _phrase(token: Token) -> Content:
    return token.left_edge.i, token.right_edge.i + 1


# --- verb cues: quotations beside the block --------------------------------------------------


def split_quote(clause: Clause) -> Content | None:
    """`"...," X said, "..."`: a quotation on each side of the block, the second in its sentence."""
    before, after = clause.quotation_before, clause.quotation_after
    if before is None or after is None:
        return None
    same_sentence = clause.index.sent_of[after.start] == clause.index.sent_of[clause.root.i]
    return (before.start, after.end) if same_sentence else None


#: A quotation that ends with one of these ends its sentence ('"... PR stunts." Mr Lording says ...').
SENTENCE_STOPS = (".", "!", "?")
QUOTE_MARK_CHARS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


def _reports_what_follows(cue: Token) -> bool:
    """A participle hanging on the main verb ('..., citing her work', '"...," adding that ...')
    reports what follows it, never the words before it."""
    return cue.tag_ == PARTICIPLE_TAG and cue.dep_ in PARTICIPLE_DEPS


def quote_before_cue(clause: Clause) -> Content | None:
    """`"...," said X`: the quotation that ends right before the block and opens its sentence;
    not one that ends its own sentence when the cue reports a clause of its own (`"... these PR
    stunts." Mr Lording says there are contingency plans ...`)."""
    if _reports_what_follows(clause.root):
        return None
    before = clause.quotation_before
    if before is None:
        return None
    ends_sentence = before.text.rstrip(QUOTE_MARK_CHARS).rstrip().endswith(SENTENCE_STOPS)
    if ends_sentence and any(c.dep_ in COMPLEMENT_DEPS and c.i > clause.root.i for c in clause.root.children):
        return None
    return before.start, before.end


def quote_after_cue(clause: Clause) -> Content | None:
    """`X said: "..."`: the quotation right after the block."""
    after = clause.quotation_after
    return (after.start, after.end) if after is not None else None


def paragraph_after_colon(clause: Clause) -> Content | None:
    """`The governor added:` ending its paragraph, and the next paragraph in no quotation marks
    (a block quotation, or a transcript): that paragraph is what was said."""
    doc, i = clause.doc, clause.block[1]
    if i >= len(doc) or doc[i].text != COLON:
        return None
    i += 1
    if i >= len(doc) or not (doc[i].is_space and "\n" in doc[i].text):
        return None
    start = end = i + 1
    while end < len(doc) and "\n" not in doc[end].text:
        end += 1
    return (start, end) if start < end and not clause.index.quoted[start] else None


# --- verb cues: the clause the cue governs -------------------------------------------------


def _introduces_main_clause(cue: Token) -> bool:
    """'Asked what that might look like, she said ...': a participle clause without a subject of
    its own before the main clause (the tagger may read 'Asked' as a past tense)."""
    subjectless = not any(c.dep_ in SUBJECT_DEPS for c in cue.children)
    return cue.dep_ == "advcl" and cue.tag_ in PAST_TAGS and cue.head.i > cue.i and subjectless


#: The subject that makes a clause joined to the cue a second reported clause.
SECOND_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl"})


def _content_end(cue: Token, complement: Token, index: DocIndex) -> int:
    """Where a complement's content ends: the end of the sentence, the cue's next dependent, or
    the word the cue's clause hangs on when that comes after it.

    The parse often cuts a long complement short (a list, a second clause), so the content
    runs on to the end of the sentence; but `..., and warned ...` or `..., arguing ...`
    (the cue's own conjuncts and adverbials) are not part of it, unless the conjunct has a
    subject of its own (`says A, but police officers had to walk ...`).
    """
    _, end = index.sent_bounds[index.sent_of[cue.i]]
    if _introduces_main_clause(cue):  # 'Asked whether ..., X said'
        end = min(end, cue.right_edge.i + 1)
    governing = [a.i for a in cue.ancestors if a.i > cue.i]
    if governing:  # 'relatives, who asked authorities to show them the video, watched it': not past the clause the cue is in
        end = min(end, *governing)
    conjoined = any(c.dep_ == "conj" for c in cue.rights)
    reach = complement.right_edge.i
    for child in cue.rights:
        if child.dep_ == "cc" and not conjoined:
            continue  # 'promising to meet and in some cases exceed ...': the parse hung the complement's 'and' on the cue
        if child.dep_ in COMPLEMENT_DEPS and child.left_edge.i == reach + 1:
            reach = child.right_edge.i  # 'said the Iranians released by the US were ...': one complement the parse split in two
            continue
        second = _second_clause(child, reach) if child.dep_ == "cc" else None
        if second is not None:
            reach = second.right_edge.i
            continue
        if child.i > reach and not is_gap(child):
            end = min(end, child.left_edge.i)
    return max(end, reach + 1)


def _second_clause(cc: Token, reach: int) -> Token | None:
    """'says a ground unit attended, but police officers had to walk ...': a clause with a named
    subject of its own joined right after the content, which the parse hung on the cue (not
    '..., and warned ...', the speaker's own next statement)."""
    if cc.i > reach + 2:
        return None
    conj = next((c for c in cc.head.rights if c.dep_ == "conj" and c.i > cc.i), None)
    if conj is None or not any(c.dep_ in SECOND_SUBJECT_DEPS and c.pos_ != "PRON" for c in conj.lefts):
        return None
    return conj


def _that_after(clause: Clause) -> Content | None:
    """`X insisted, most recently in an interview, that ...`: a that-clause right after the block
    that the parse hung elsewhere."""
    doc = clause.doc
    _, sent_end = clause.sentence_bounds()
    i = clause.block[1]
    while i < sent_end and is_gap(doc[i]):
        i += 1
    if i < sent_end and doc[i].lower_ == "that" and doc[i].dep_ in THAT_LEAD_DEPS:
        return i, sent_end
    return None


def _clause_on_addressee(clause: Clause, objects: list[Token]) -> Token | None:
    """`told psychologists she had heard voices`: the parse hangs the reported clause on the
    addressee; a clause with a subject of its own right after it, not a relative clause."""
    if ADDRESSEE not in clause.classes or not objects:
        return None
    addressee = objects[0]
    for reported in addressee.rights:
        if reported.dep_ not in NOUN_CLAUSE_DEPS or reported.left_edge.i != addressee.i + 1:
            continue
        has_subject = any(c.dep_ in SUBJECT_DEPS for c in reported.lefts)
        if has_subject and reported.left_edge.lower_ not in RELATIVE_WORDS:
            return reported
    return None


def _question_asked(clause: Clause) -> Token | None:
    """`asked the students if they were ...`: the if/whether clause of a verb of asking, which the
    parser hangs on it as a condition."""
    if QUESTION not in clause.classes:
        return None
    for child in clause.root.rights:
        if child.dep_ == "advcl" and any(c.dep_ == MARK and c.lower_ in QUESTION_MARKS for c in child.lefts):
            return child
    return None


def _relative_subject(complement: Token) -> bool:
    """The complement's subject is the relative pronoun before the cue ('which he said were ...'):
    what was said is the rest of the complement after the cue, about the noun the clause describes."""
    subjects = [c for c in complement.children if c.dep_ in SUBJECT_DEPS]
    return bool(subjects) and subjects[0].lower_ in RELATIVE_WORDS and subjects[0].i < complement.head.i


def cue_then_content(clause: Clause) -> Content | None:
    """`X said (that) ...`: a clausal complement right of the cue; `urged them to ...`: an
    infinitive; `reported spending $6 million`, `admitted using the tax code`: a gerund."""
    cue, index = clause.root, clause.index
    for child in cue.rights:
        if child.dep_ in COMPLEMENT_DEPS and _relative_subject(child):  # 'donations, which he said were ...'
            return clause.block[1], child.right_edge.i + 1
        if child.dep_ in COMPLEMENT_DEPS or is_unmarked_clause(child) or is_embedded_question(child):
            return child.left_edge.i, _content_end(cue, child, index)
    that = _that_after(clause)
    if that is not None:
        return that
    if ASPECTUAL in clause.classes:  # 'hiring continues to buck the trend'
        return None
    objects = [c for c in cue.rights if c.dep_ == "dobj"]
    asked = _question_asked(clause)
    if asked is not None:
        return asked.left_edge.i, _content_end(cue, asked, index)
    told = _clause_on_addressee(clause, objects)
    if told is not None:
        return told.left_edge.i, _content_end(cue, told, index)
    for child in cue.rights:
        if child.dep_ in INFINITIVE_DEPS and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.lefts):
            start = objects[0].left_edge.i if objects and objects[0].i < child.i else child.left_edge.i
            return start, _content_end(cue, child, index)
        if child.dep_ in INFINITIVE_DEPS and child.tag_ == PARTICIPLE_TAG and not objects:  # 'reported spending $6 million'
            return child.left_edge.i, _content_end(cue, child, index)
    return None


# --- verb cues: the block set off inside its content -----------------------------------------


def _set_off(clause: Clause) -> bool:
    """The block reports the words before it (`..., X said`): set off by punctuation or a
    quotation, and the cue reports a clause (a complement before it, or hangs off its verb)."""
    cue, index, doc = clause.root, clause.index, clause.doc
    if _reports_what_follows(cue):
        return False
    start, end = clause.block
    sent_start, _ = clause.sentence_bounds()
    reports = any(c.dep_ in COMPLEMENT_DEPS and c.i < cue.i for c in cue.children) or (
        cue.dep_ in REPORTING_DEPS and not start <= cue.head.i < end
    )
    set_off = start > sent_start and (is_gap(doc[start - 1]) or bool(index.quoted[start - 1]))
    subordinate = any(c.dep_ == MARK or (c.dep_ == "advmod" and c.tag_ in SUBORDINATOR_TAGS) for c in cue.lefts)
    return reports and set_off and not subordinate and bool(_words(doc, sent_start, start))


def content_around_cue(clause: Clause) -> Content | None:
    """`A, X said, B`: the block interrupts the sentence that is the content; also `A, insists X,
    in seeing ...`, where the cue heads the sentence and B carries on A."""
    sent_start, sent_end = clause.sentence_bounds()
    interrupts = clause.root.dep_ in REPORTING_DEPS or any(is_continued_content(c, clause.speaker) for c in clause.root.rights)
    if interrupts and _words(clause.doc, clause.block[1], sent_end) and _set_off(clause):
        return sent_start, sent_end
    return None


def content_then_cue(clause: Clause) -> Content | None:
    """`..., X said.`: the rest of the sentence before the block."""
    sent_start, _ = clause.sentence_bounds()
    return (sent_start, clause.block[0]) if _set_off(clause) else None


def as_cue_then_clause(clause: Clause) -> Content | None:
    """`As The Washington Post reported, [the clause it heads]`: a reporting clause opened by
    'as' says who stands behind the clause it hangs on. Not 'As he spoke, ...' (a verb that
    takes no object says when, not what) nor 'As she was speaking'."""
    cue = clause.root
    if cue.dep_ not in PARTICIPLE_DEPS or cue.head.i < cue.i or NO_OBJECT in clause.classes or cue.tag_ == PARTICIPLE_TAG:
        return None
    if not any(c.dep_ == MARK and c.lower_ == AS for c in cue.lefts):
        return None
    _, sent_end = clause.sentence_bounds()
    return clause.block[1], min(sent_end, cue.head.right_edge.i + 1)


# --- verb cues: what someone was called -------------------------------------------------------


def cue_then_predicate(clause: Clause) -> Content | None:
    """`Cruz called Trump a "pathological liar"`, `called the charges unsubstantiated`: a describing
    verb's object with what it was called (its object predicate) is what was said."""
    if DESCRIBING not in clause.classes:
        return None
    cue = clause.root
    objects = [c for c in cue.rights if c.dep_ == "dobj"]
    predicates = [c for c in cue.rights if c.dep_ in OBJECT_PREDICATE_DEPS]
    if not predicates or predicates[0].pos_ == "PROPN":  # naming, not saying: 'calls itself Asawitiri Media'
        return None
    if not objects:  # 'called the Republican frontrunner "ISIS' best recruiter"': the parse put the object inside
        passive = cue.dep_ == "acl" or any(c.dep_ in PASSIVE_DEPS for c in cue.lefts)  # not 'the resort, now called ...'
        inside = predicates[0].left_edge.i == cue.i + 1 and predicates[0].left_edge.i < predicates[0].i
        return (cue.i + 1, _content_end(cue, predicates[0], clause.index)) if inside and not passive else None
    if predicates[0].i < objects[0].i:
        return None
    return objects[0].left_edge.i, _content_end(cue, predicates[0], clause.index)


# --- verb cues: a noun phrase as what was said -----------------------------------------------


def _described_as(cue: Token) -> Content | None:
    """`described her as the most gifted player ...`: what the 'as' phrase says of someone."""
    for prep in cue.rights:
        if prep.dep_ == "prep" and prep.lower_ == DESCRIBING_PREPOSITION:
            objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return _phrase(objects[0])
    return None


def _object_phrase(cue: Token, obj: Token, start: int) -> Content:
    """An object (from `start`) with what follows it that the parse hangs on the verb instead:
    phrases ('announced the deal with state lawmakers', 'spoke of his flights on Marine One
    across the Mall, past the spire of the Washington Monument'), up to the verb's next clause
    ('..., and warned ...', '..., saying ...'); time and place phrases stay, as PolNeAR's spans
    keep them."""
    end = obj.right_edge.i + 1
    for sibling in cue.rights:
        if sibling.i <= obj.i or is_gap(sibling) or sibling.dep_ == "cc":
            continue
        if _as_predicate(sibling, end):
            end = sibling.right_edge.i + 1
            continue
        if sibling.dep_ not in OBJECT_CONTINUATION_DEPS or (sibling.pos_ in VERB_POS and not _coordinated_question(sibling)):
            break
        end = sibling.right_edge.i + 1
    return start, end


def _as_predicate(sibling: Token, end: int) -> bool:
    """'described the country as beset by illegal immigrants', 'view her as more prepared': what
    the object is said to be, which the parse makes a clause of its own right after it."""
    return sibling.dep_ == "advcl" and sibling.left_edge.i == end and sibling.left_edge.lower_ in OBJECT_CLAUSE_LEADS


def _coordinated_question(verb: Token) -> bool:
    """'spoke of the legacy of racism, and how the fight for justice flowed ...': a wh-clause
    joined to the object is a second thing spoken of, which the parse joins to the cue."""
    return verb.dep_ == "conj" and verb.left_edge.tag_ == WH_ADVERB_TAG


def cue_then_pro_form(clause: Clause) -> Content | None:
    """`half said so`, `75 percent said yes`, `three-quarters said the same (thing) of Sanders`,
    `aides said as much`: a word right after the cue that stands for what was said (polls report answers so)."""
    cue = clause.root
    for child in cue.rights:
        if child.left_edge.i != cue.i + 1:
            continue
        lead = child.left_edge.lower_
        same_thing = lead == "the" and any(c.lower_ == SAME for c in child.lefts)  # 'said the same thing'
        question = child.lower_ in QUESTION_PRO_FORMS and not list(child.children)  # 'did not say when'
        if child.lower_ in PRO_FORMS or (child.lower_, lead) in PRO_FORM_PHRASES or same_thing or question:
            return child.left_edge.i, child.right_edge.i + 1
    return None


def _is_topic(noun: Token) -> bool:
    """What a preposition after the cue may be about: not how ('on condition of anonymity') or
    when ('announced on Friday the arrest of ...')."""
    return noun.lemma_.lower() not in MANNER_NOUNS and noun.ent_type_ not in LEAD_IN_ENTITY_TYPES


def cue_then_object(clause: Clause) -> Content | None:
    """`Clinton mentioned the remarks ...`, `spoke about her ties ...`: a noun phrase as what was said.

    The object of a verb that addresses someone (`told reporters`) is the addressee, but what
    they were told about is content (`asked him about his tax returns`).
    """
    cue, classes = clause.root, clause.classes
    passive = [c for c in cue.lefts if c.dep_ == "nsubjpass" and c.pos_ in OBJECT_POS]
    if passive and any(c.dep_ == "agent" for c in cue.rights) and ADDRESSEE not in classes:
        return _phrase(passive[0])  # 'it was reported by the Post'
    prepositions = TOPIC_PREPOSITIONS | (RESPONSE_PREPOSITIONS if RESPONSE in classes else frozenset())
    prepositions |= DEMAND_PREPOSITIONS if DEMANDING in classes else frozenset()
    if REFERRING in classes and not any(c.dep_ in PASSIVE_DEPS for c in cue.lefts):  # not 'were referred to an office'
        prepositions |= REFERENCE_PREPOSITIONS
    if DESCRIBING in classes:
        described = _described_as(cue)
        if described is not None:
            return described
    takes_object = not classes & {NO_OBJECT, ADDRESSEE}
    for child in cue.rights:
        particle = clause_particle(cue, child) if DEMANDING in classes else None
        if particle is not None and particle.lower_ in prepositions:  # 'called for pilots to be better trained'
            return particle.i + 1, child.right_edge.i + 1
        if child.dep_ == "dobj" and takes_object and child.ent_type_ in LEAD_IN_ENTITY_TYPES:
            continue  # 'promised Sunday at a rally to ...': a date the parse took for the object
        stance_on = STANCE in classes and child.lower_ in STANCE_PRONOUNS  # 'supported him'
        if child.dep_ == "dobj" and (child.pos_ in OBJECT_POS or stance_on) and takes_object:
            return _object_phrase(cue, child, child.left_edge.i)
        if child.dep_ == "prep" and child.lower_ in prepositions:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp") and _is_topic(c)]
            if objects:
                return _object_phrase(cue, child, objects[0].left_edge.i)
    return None


# --- 'according to' and nouns of saying ------------------------------------------------------


def according_to(clause: Clause) -> Content | None:
    """`..., according to X` or `According to X, ...`: the side of the sentence before the block,
    else the side after it; `A, according to X, B`, set off by commas inside the sentence: both."""
    doc = clause.doc
    sent_start, sent_end = clause.sentence_bounds()
    start, end = clause.block
    before, after = _words(doc, sent_start, start), _words(doc, end, sent_end)
    if before and after and doc[start - 1].text == "," and "," in (doc[end - 1].text, doc[end].text):
        return sent_start, sent_end
    if len(before) >= MIN_CONTENT_WORDS:
        return sent_start, start
    return end, sent_end


def noun_then_content(clause: Clause) -> Content | None:
    """`Trump's claim that ...`, `a New York Times report that ...`: a noun of saying with a
    that-clause; its owner (`Clause.owners`) is the speaker."""
    for child in clause.root.rights:
        if child.dep_ in NOUN_CLAUSE_DEPS and any(m.lower_ == "that" and m.dep_ == MARK for m in child.lefts):
            return _phrase(child)
    return None


def noun_then_object(clause: Clause) -> Content | None:
    """`Clinton's criticism of Trump`, `his support for the deal`: what a stance noun is about."""
    for prep in clause.root.rights:
        if prep.dep_ == "prep" and prep.lower_ in STANCE_PREPOSITIONS:
            objects = [o for o in prep.children if o.dep_ == "pobj"]
            if objects:
                return _phrase(objects[0])
    return None


# --- from a content range to a quote ---------------------------------------------------------


def _extend_over_marks(doc: Doc, index: DocIndex, start: int, end: int) -> tuple[int, int]:
    """Grow a token range so that a quotation it cuts into is taken whole."""
    if start < end and index.mark_of[start] >= 0:
        start = min(start, index.mark_tokens(doc, start).start)
    if start < end and index.mark_of[end - 1] >= 0:
        end = max(end, index.mark_tokens(doc, end - 1).end)
    return start, end


def _kind(words: list[Token], index: DocIndex) -> QuoteKind:
    inside = sum(bool(index.quoted[t.i]) for t in words)
    if inside == len(words):
        return DIRECT
    return MIXED if inside else INDIRECT


def _whole_utterance(index: DocIndex, start: int, end: int) -> bool:
    """A short quotation that is something said, not a scare quote or a title: one quotation
    whose words end a sentence inside its marks ('"Really?" said Colton', 'chanted "What curfew?"')."""
    mark = index.mark_of[start]
    if mark < 0 or index.mark_of[end - 1] != mark:
        return False
    quoted = index.marks[mark]
    return index.text[quoted.inner_start : quoted.inner_end].rstrip().endswith(UTTERANCE_ENDS)


def _char_range(doc: Doc, index: DocIndex, start: int, end: int, kind: str) -> tuple[int, int]:
    """Character offsets of content: a direct quote is the text inside its marks."""
    if kind == DIRECT:
        first = index.marks[index.mark_of[start]]
        last = index.marks[index.mark_of[end - 1]]
        start_char, end_char = first.inner_start, last.inner_end
        while end_char > start_char and index.text[end_char - 1] in TRAILING:
            end_char -= 1
        return start_char, end_char
    start_char, end_char = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    if index.mark_of[start] >= 0:
        start_char = min(start_char, index.marks[index.mark_of[start]].start)
    if index.mark_of[end - 1] >= 0:
        end_char = max(end_char, index.marks[index.mark_of[end - 1]].end)
    return start_char, end_char


def _stance_on(clause: Clause, words: Sequence[Token]) -> bool:
    """'supported Trump', 'endorsed her': a stance verb's object that is a name or a pronoun alone."""
    if STANCE not in clause.classes or len(words) != 1:
        return False
    word = words[0]
    return word.ent_type_ in SPEAKER_LABELS or (word.pos_ == "PRON" and word.lower_ in STANCE_PRONOUNS)


def build_quote(clause: Clause, content: Content, rule: CueRule) -> Quote | None:
    """Turn the content a rule found into a quote, or None when too little is said or the rule
    wants a quotation and the content is none."""
    doc, index, cue, block = clause.doc, clause.index, clause.cue, clause.block
    start, end = _trim(doc, *content)
    start, end = _extend_over_marks(doc, index, start, end)
    inside = rule.whole_range or (block[0] <= start and end <= block[1])  # an object content lies within its block
    words = [t for t in _words(doc, start, end) if inside or not block[0] <= t.i < block[1]]
    if not words:
        return None
    kind = _kind(words, index)
    short_enough = (kind == DIRECT and _whole_utterance(index, start, end)) or _stance_on(clause, words)
    if len(words) < rule.min_words and not short_enough:
        return None
    if kind == INDIRECT and rule.quotation_only:
        return None
    start_char, end_char = _char_range(doc, index, start, end, kind)
    speaker = clause.speaker
    assert speaker is not None  # a clause has content only once it has a speaker
    addressee = find_addressee(cue.root) if cue.label_ in VERB_CUES else None
    text = index.text[start_char:end_char]
    return Quote(
        kind, text, start_char, end_char, cue, resolve_speaker(speaker, index), addressee, rule.name, CUE_TYPES[cue.label_]
    )


#: The pronoun that stands for a text: '"...," it read' ('a letter, which reads ...' has the letter
#: as its speaker already; a 'that' left over is a person's: 'the aide that read the remarks').
TEXT_PRONOUNS = frozenset({"it"})


def _is_text(token: Token) -> bool:
    """A statement, letter, email and the like, or a pronoun for one (not a sign or a person)."""
    return token.lemma_.lower() in statement_nouns() or token.lower_ in TEXT_PRONOUNS


def quote_for_cue(clause: Clause, rules: Sequence[CueRule]) -> Quote | None:
    """The quote a cue introduces: the first rule for its kind of cue that finds content decides."""
    if clause.index.quoted[clause.cue.start] or clause.speaker is None:
        return None
    if WRITTEN in clause.classes and not _is_text(clause.speaker.root):
        return None  # 'he read the report'; 'her statement read', 'it reads' are a text's
    label = clause.cue.label_
    for rule in rules:
        if label in rule.cues:
            content = rule.find(clause)
            if content is not None:
                return build_quote(clause, content, rule)
    return None


# --- over all quotes of a doc ----------------------------------------------------------------


def _speaker_mention(quote: Quote) -> tuple[int, int] | None:
    return (quote.speaker.span.start_char, quote.speaker.span.end_char) if quote.speaker else None


def _same_speaker(outer: Quote, nested: Quote) -> bool:
    """The nested quote is its speaker's own further statement: the same speaker mention, or the
    same person going on in a participle ('Perdue said he doubted it, arguing that ...')."""
    if _speaker_mention(outer) == _speaker_mention(nested):
        return True
    same = outer.speaker is not None and nested.speaker is not None and outer.speaker.canonical == nested.speaker.canonical
    return same and nested.cue.root.dep_ == "advcl" and nested.cue.root.tag_ == PARTICIPLE_TAG


def _about_a_noun(cue: Token) -> bool:
    """'a finish that he said defied expectations', 'donations, which he said were ...': a
    statement about a noun of the outer content, whose subject is the relative pronoun."""
    return any(c.dep_ in COMPLEMENT_DEPS and _relative_subject(c) for c in cue.rights)


def _reported_report(nested: Quote, outer: list[Quote]) -> bool:
    """'Merrill says Machado promised ... and said she would stand up to the attacks': a statement
    the outer speaker reports as made (a verb of saying in a past or present tense), by someone
    the article names or describes; PolNeAR annotates both. 'Ishiba is expected to tell Trump
    that ...' (not made), 'anybody who complains ...' (no one in particular) stay inside."""
    speech = nested.cue_type == SPEECH and all(o.cue_type == SPEECH for o in outer)
    speaker = nested.speaker.span.root.lower_ if nested.speaker is not None else ""
    return speech and nested.cue.root.tag_ in FINITE_TAGS and speaker not in INDEFINITE_PRONOUNS


#: The rule that takes a noun phrase as what was said: inside another quote's content it is
#: part of that statement ('declined to comment on the donations'), whoever the speakers are.
OBJECT_RULE = "cue_then_object"


def drop_nested(doc: Doc, index: DocIndex, quotes: list[Quote]) -> list[Quote]:
    """Drop a quote whose cue lies inside another's content, unless it is the same speaker's own
    further statement or a quotation before the outer content ('"You winning?" she said, but ...');
    a noun phrase taken as what was said goes whoever speaks ('wants to focus on the economy':
    the economy is part of the wish, not a statement of its own), and an attitude inside the
    same person's attitude goes too ('appeared to think that ...').

    The outer attribution is what the article reports ('the Nikkei said Ishiba is expected to
    tell Trump that ...' is the Nikkei's statement, not Ishiba's; in 'Trump said he would consider
    naming ...' his own 'he' is part of what he said); 'he said ..., arguing that ...' stays, and
    an attitude never hides speech.
    """
    kept = []
    for quote in quotes:
        cue_start = quote.cue.start_char
        outer = [
            o
            for o in quotes
            if o is not quote
            and o.start_char <= cue_start < o.end_char
            and not (quote.kind == DIRECT and quote.end_char <= o.start_char)
            and o.cue_type in (quote.cue_type, SPEECH)
        ]
        if not outer:
            kept.append(quote)
        elif quote.rule == OBJECT_RULE:
            continue  # 'declined to comment on the donations': the outer content holds it
        elif (
            (quote.cue_type == SPEECH and all(_same_speaker(o, quote) for o in outer))
            or _about_a_noun(quote.cue.root)
            or _reported_report(quote, outer)
        ):
            kept.append(quote)
    return kept
