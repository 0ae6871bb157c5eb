"""What a quote rule looks at, and what a rule is.

A cue (a verb of saying, a noun of saying, 'according to') is looked at once as a `Clause`:
its speaker, its attribution block and the quotations beside the block, each computed the
first time a rule asks. Rules are data: an ordered list of named `CueRule`s, each with the
cue kinds it reads and the flags the quote builder honours, then `DocRule`s over all quotes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Final

from spacy.tokens import Doc, Span, Token

from pipeline.labels import SUBJECT_DEPS
from pipeline.quotes.cues import ACCORDING_TO, CUE_ATTITUDE, CUE_ATTITUDE_NOUN, CUE_NOUN, CUE_VERB
from pipeline.quotes.docindex import DocIndex
from pipeline.quotes.quote import Quote
from pipeline.quotes.speakers import according_to_speaker, find_speaker, noun_phrase

#: Cue kinds, for `CueRule.cues`.
VERB_CUES: Final = frozenset({CUE_VERB, CUE_ATTITUDE})
NOUN_CUES: Final = frozenset({CUE_NOUN, CUE_ATTITUDE_NOUN})
ACCORDING_CUES: Final = frozenset({ACCORDING_TO})
#: Fewest words of content, unless it is a short whole utterance in quotation marks ('"No!"').
MIN_CONTENT_WORDS: Final = 3
#: Tokens (punctuation, line breaks) allowed between a block and an adjacent quotation.
MAX_GAP_TOKENS: Final = 4
#: Characters after which a quotation opens a new sentence.
SENTENCE_BOUNDARY: Final = frozenset('.!?:;\n"\u201d\u2019)')
NOUN_OWNER_PREPOSITION: Final = "by"

#: Dependents of a cue that belong to the attribution, not to what was said.
ATTRIBUTION_DEPS: Final = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "agent",
        "dobj",
        "dative",
        "iobj",
        "npadvmod",
        "advmod",
        "aux",
        "auxpass",
        "neg",
        "prep",
        "prt",
        "advcl",
    }
)

#: A participle heads a reporting verb's adverbial ('..., arguing that ...'), not its complement.
PARTICIPLE_TAGS: Final = frozenset({"VBG", "VBN"})
#: 'when', 'where', 'as' opening an adverbial clause: the parser attaches them as advmod, not mark.
WH_ADVERB_TAG: Final = "WRB"

#: How the parse hangs a that-clause on a noun ('a statement that ...').
THAT_CLAUSE_ON_NOUN_DEPS: Final = frozenset({"acl", "relcl"})
#: How 'that' opens such a clause: a complementizer, or an adverb the parse reads as 'the time that'.
THAT_LEAD_DEPS: Final = frozenset({"mark", "advmod"})
#: The cue's phrases where the parse hangs its that-clause: 'in a statement', 'a meeting of leaders'.
COMPLEMENT_HOSTS: Final = frozenset({"prep", "dobj"})

#: A rule's answer: the token range of what was said.
Content = tuple[int, int]


@dataclass(frozen=True)
class CueRule:
    """Finds what a cue's speaker said, if the clause has this rule's shape.

    `cues`: the cue kinds it reads; `quotation_only`: only a direct quotation counts (a
    quotation next to the block, never the words around it); `min_words`: the least content
    it accepts ('mentioned the remarks' is two words); `whole_range`: every word of the range it
    finds is content, even where the attribution block claims it (the object in 'called the
    senator a "nasty guy"' is part of what was said, not the person addressed).
    """

    name: str
    find: Callable[[Clause], Content | None]
    cues: frozenset[str] = VERB_CUES
    quotation_only: bool = False
    min_words: int = MIN_CONTENT_WORDS
    whole_range: bool = False


@dataclass(frozen=True)
class DocRule:
    """Works over all of a doc's quotes at once: drops, adds or joins quotes."""

    name: str
    apply: Callable[[Doc, DocIndex, list[Quote]], list[Quote]]


def is_gap(token: Token) -> bool:
    """Punctuation or whitespace: what may stand between a block and its quotation."""
    return token.is_punct or token.is_space


def is_unmarked_clause(child: Token) -> bool:
    """`said after the convention he would not accept ...`: a clause right of the cue with a subject
    of its own and no subordinating word, which the parser took for an adverbial clause; it is the
    reported complement ('if it were offered', 'when he ran', '..., arguing that ...' keep their
    adverbial role)."""
    return (
        child.dep_ == "advcl"
        and child.i > child.head.i
        and child.tag_ not in PARTICIPLE_TAGS
        and any(c.dep_ in SUBJECT_DEPS for c in child.lefts)
        and not any(c.dep_ == "mark" or c.tag_ == WH_ADVERB_TAG for c in child.lefts)
    )


def is_embedded_question(child: Token) -> bool:
    """`have not said when they would take up the bill`, `did not say why`: a wh-clause with a
    subject of its own right after the cue, the cue's only clause, is the question reported
    (the parser calls it an adverbial clause); `said when asked`, without a subject, is not."""
    cue = child.head
    return (
        child.dep_ == "advcl"
        and child.left_edge.i == cue.i + 1
        and child.left_edge.tag_ == WH_ADVERB_TAG
        and child.tag_ not in PARTICIPLE_TAGS
        and any(c.dep_ in SUBJECT_DEPS for c in child.lefts)
        and not any(c.dep_ == "ccomp" for c in cue.children)
    )


def is_continued_content(child: Token, speaker: Span) -> bool:
    """'There is a particular satisfaction, insists Xander Wise, in seeing ...': a prepositional
    clause (a preposition with a gerund) set off by a comma after an inverted speaker carries on
    what was said; 'said Smith, in an interview' (a noun) stays part of the attribution."""
    doc = child.doc
    after_speaker = speaker.start > child.head.i and child.i > speaker.end and is_gap(doc[child.i - 1])
    return child.dep_ == "prep" and after_speaker and any(c.dep_ == "pcomp" for c in child.children)


def _subtree(token: Token) -> range:
    return range(token.left_edge.i, token.right_edge.i + 1)


def _named_before_subjectless(cue: Token, speaker: Span) -> bool:
    """The speaker is the name before a main verb the parse left without a subject: whatever
    stands between them describes the speaker."""
    return cue.dep_ == "ROOT" and speaker.end <= cue.i and not any(c.dep_ in SUBJECT_DEPS for c in cue.children)


def _block_members(cue: Token, speaker: Span, index: DocIndex) -> set[int]:
    """Tokens of the attribution: cue, speaker phrase, and the cue's unquoted non-clausal dependents."""
    members = {cue.i, *range(speaker.start, speaker.end)}
    root = speaker.root
    describes = root.left_edge.i <= cue.i <= root.right_edge.i  # 'an architect who said ...'
    if not index.quoted[root.i] and not describes:
        members.update(_subtree(root))
    if _named_before_subjectless(cue, speaker):  # 'Bill Eastland, wearing a cowboy hat, said'
        members.update(range(speaker.start, cue.i))
    for child in cue.children:
        if child.dep_ not in ATTRIBUTION_DEPS or (
            child.dep_ == "advcl" and (child.i < cue.i or is_unmarked_clause(child) or is_embedded_question(child))
        ):
            continue  # a clause before the cue ('If this fails, he argues, ...') is part of what was said
        if is_continued_content(child, speaker):
            continue
        if child.dep_ in SUBJECT_DEPS and speaker.root.i != child.i and speaker.root.head.i == child.i:
            continue  # the speaker is the subject's apposition: the subject's own words are content
        cut = _complement_in_phrase(child)
        tokens = [i for i in _subtree(child) if cut is None or i < cut]
        if not any(index.quoted[i] for i in tokens):
            members.update(tokens)
    return members


def _complement_in_phrase(child: Token) -> int | None:
    """'says in a statement that ...', 'reported at the time that ...', 'told a meeting of
    island leaders that ...': where the parse hangs the cue's that-clause on the noun of a phrase
    after it, the token of 'that' (the phrase up to it belongs to the attribution, the clause is
    what was said). A 'that' the clause needs as its subject or object is a relative pronoun."""
    if child.dep_ not in COMPLEMENT_HOSTS:
        return None
    for token in child.subtree:
        clause = token.head
        on_noun = clause.dep_ in THAT_CLAUSE_ON_NOUN_DEPS and any(c.dep_ in SUBJECT_DEPS for c in clause.lefts)
        if token.lower_ == "that" and token.dep_ in THAT_LEAD_DEPS and on_noun:
            return token.i
    return None


def attribution_block(cue: Token, speaker: Span, index: DocIndex) -> tuple[int, int]:
    """The contiguous block around the cue: members, and punctuation between members.

    Every cue with a speaker is cut from its sentence as this block: the tokens of speaker,
    cue and the cue's own dependents ("Sheila Smith, senior fellow at ..., told AFP"). What
    was said lies next to it.
    """
    members = _block_members(cue, speaker, index)
    doc = cue.doc
    start = end = cue.i
    while True:
        step = start - 1
        while step >= 0 and step not in members and is_gap(doc[step]):
            step -= 1
        if step < 0 or step not in members:
            break
        start = step
    while True:
        step = end + 1
        while step < len(doc) and step not in members and is_gap(doc[step]):
            step += 1
        if step >= len(doc) or step not in members:
            break
        end = step
    return start, end + 1


class Clause:
    """A cue in its sentence, with what every rule needs computed once, when first asked."""

    def __init__(self, cue: Span, index: DocIndex, classes: frozenset[str] = frozenset()) -> None:
        self.cue = cue
        self.index = index
        self.doc = cue.doc
        #: The verb classes of the cue's lemma (`pipeline.quotes.lexicon`).
        self.classes = classes

    @property
    def root(self) -> Token:
        return self.cue.root

    @cached_property
    def owners(self) -> list[Token]:
        """A noun cue's owner: the possessor, a named compound, or `by X` ('Trump's claim')."""
        noun, quoted = self.root, self.index.quoted
        found = [c for c in noun.children if c.dep_ == "poss" and not quoted[c.i]]
        found += [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and not quoted[c.i]]
        for prep in (c for c in noun.rights if c.dep_ == "prep" and c.lower_ == NOUN_OWNER_PREPOSITION):
            found += [c for c in prep.children if c.dep_ == "pobj"]
        return found

    @cached_property
    def speaker(self) -> Span | None:
        """The speaker phrase: the verb's subject, the noun's owner, or the 'according to' object."""
        label = self.cue.label_
        if label in NOUN_CUES:
            return noun_phrase(self.owners[0]) if self.owners else None
        if label in ACCORDING_CUES:
            return according_to_speaker(self.cue)
        return find_speaker(self.root, self.index.quoted)

    @cached_property
    def block(self) -> tuple[int, int]:
        """The attribution block: the tokens of speaker and cue, which are never content."""
        speaker = self.speaker
        if speaker is None:
            raise ValueError("a clause without a speaker has no attribution block")
        if self.cue.label_ in NOUN_CUES:
            return speaker.start, self.root.i + 1
        if self.cue.label_ in ACCORDING_CUES:  # to the end of the source: 'In Forbes' words', not 'Forbes''
            sources = [c.right_edge.i + 1 for c in self.cue[-1].children if c.dep_ == "pobj"]
            return self.cue.start, max(self.cue.end, speaker.root.right_edge.i + 1, *sources)
        return attribution_block(self.root, speaker, self.index)

    @cached_property
    def quotation_before(self) -> Span | None:
        """The quotation that ends just before the block, in its paragraph, and opens its sentence (`"...," X said`)."""
        doc, index, start = self.doc, self.index, self.block[0]
        for i in range(start - 1, max(start - 1 - MAX_GAP_TOKENS, -1), -1):
            if index.mark_of[i] >= 0:
                quotation = index.mark_tokens(doc, i)
                return quotation if self._opens_sentence(quotation) else None
            if not is_gap(doc[i]) or "\n" in doc[i].text_with_ws:
                break
        return None

    @cached_property
    def quotation_after(self) -> Span | None:
        """The quotation that starts just after the block: in the same sentence, or after a colon.

        Only punctuation or line breaks may come between; a quotation after a full stop opens a
        sentence of its own and is not introduced by this cue.
        """
        doc, index, end = self.doc, self.index, self.block[1]
        colon = False
        for i in range(end, min(end + MAX_GAP_TOKENS + 1, len(doc))):
            if index.mark_of[i] >= 0:
                same_sentence = index.sent_of[i] == index.sent_of[max(end - 1, 0)]
                return index.mark_tokens(doc, i) if same_sentence or colon else None
            if not is_gap(doc[i]):
                break
            colon = colon or doc[i].text == ":"
        return None

    def sentence_bounds(self) -> tuple[int, int]:
        """Token range of the cue's sentence."""
        return self.index.sent_bounds[self.index.sent_of[self.root.i]]

    def _opens_sentence(self, quotation: Span) -> bool:
        """True when the quotation starts a sentence: only a stop, colon or line break before its mark.

        Judged on the characters, since the parser does not always split after a quotation.
        """
        mark = self.index.marks[self.index.mark_of[quotation.start]]
        before = self.index.text[: mark.start].rstrip(" \t")
        return not before or before[-1] in SENTENCE_BOUNDARY
