"""Attribution rules: from a cue to the quote's content, kind and speaker.

Every cue with a speaker is cut from its sentence as an *attribution block*: the contiguous
tokens of speaker, cue and the cue's own dependents ("Sheila Smith, senior fellow at ...,
told AFP"). What was said lies next to the block. The rules are tried in order, and the
one that fires is recorded in the `rule` column so a wrong row can be traced:

- `split_quote`: `"...," X said, "..."`, a quotation on each side of the block;
- `quote_before_cue`: `"...," said X ...`, a quotation ending right before the block;
- `cue_then_content`: `X said (that) ...` / `X urged them to ...`, the cue's complement clause;
- `content_then_cue`: `..., X said.`, the rest of the sentence before the block;
- `content_around_cue`: `A, X said, B`, the block interrupts the content;
- `quote_after_cue`: `X said: "..."`, a quotation right after the block, in its sentence or
  after a colon (the next paragraph too);
- `cue_then_object`: `X mentioned the remarks`, `X spoke about ...`, `asked him about ...`,
  `the issue was reported by X`: a noun phrase as content;
- `according_to`: `according to X, ...`, the side of the sentence before it, else after it;
- `noun_then_content`: `Trump's claim that ...`, a noun of saying with its that-clause.

A quote whose cue lies inside another quote's content is dropped unless both have the same
speaker: the outer attribution is the statement the article reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.marks import TRAILING
from pipeline.quotes.cues import ACCORDING_TO, CUE_ATTITUDE, CUE_ATTITUDE_NOUN, CUE_NOUN, CUE_TYPES, CUE_VERB, SPEECH
from pipeline.quotes.docindex import DocIndex
from pipeline.quotes.quote import DIRECT, INDIRECT, MIXED, Quote
from pipeline.quotes.resolution import resolve_speaker
from pipeline.quotes.speakers import SUBJECT_DEPS, according_to_speaker, find_addressee, find_speaker, noun_phrase

#: Dependents of a cue that belong to the attribution, not to what was said.
ATTRIBUTION_DEPS = frozenset(
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
#: Complements that hold what was said, to the right of the cue.
COMPLEMENT_DEPS = frozenset({"ccomp"})
INFINITIVE_DEPS = frozenset({"xcomp"})
#: Cues that are speech only when they stand alone ('..., he continued.'): their infinitive is aspect.
ASPECTUAL_VERBS = frozenset({"continue"})
#: A that-clause of a noun; the parser sometimes calls it a relative clause ('report that he had ...').
NOUN_CLAUSE_DEPS = frozenset({"acl", "ccomp", "relcl"})
#: Relations by which a cue hangs off the main verb of the content it reports.
REPORTING_DEPS = frozenset({"parataxis", "conj", "ccomp", "advcl"})
#: Verbs whose direct object is the person addressed, never what was said.
ADDRESSEE_VERBS = frozenset({"say", "tell", "ask", "inform", "assure", "urge", "warn", "caution", "answer", "add"})
#: Verbs whose direct object is rarely what was said ('spoke a little while', 'posted a clip',
#: 'maintained support'): only a topic ('spoke about ...') is content for them.
NO_OBJECT_VERBS = frozenset({"speak", "talk", "post", "tweet", "continue", "maintain", "respond", "reply", "testify"})
OBJECT_POS = frozenset({"NOUN", "PROPN"})
#: Verbs whose 'as' phrase is what was said of someone ('described her as the most gifted ...').
DESCRIBING_VERBS = frozenset({"describe", "characterize", "characterise", "portray", "depict", "label", "brand", "dub", "call"})
DESCRIBING_PREPOSITION = "as"
#: Words that open a relative clause on the addressee ('told reporters who ...'), never what was said.
RELATIVE_WORDS = frozenset({"who", "whom", "whose", "which", "that", "where", "when"})
TOPIC_PREPOSITIONS = frozenset({"about", "of", "on"})
#: 'responded with attacks', 'replied by ...': how someone answered is what they said.
RESPONSE_VERBS = frozenset({"respond", "reply", "answer", "counter", "retort"})
RESPONSE_PREPOSITIONS = frozenset({"with", "by"})
#: What a stance noun is about: 'criticism of Trump', 'support for the deal'.
STANCE_PREPOSITIONS = frozenset({"of", "for", "on", "about", "against"})
LEAD_IN = frozenset({",", ":", "that", "\u2014", "\u2013", "-", "--"})
LEAD_IN_ENTITY_TYPES = frozenset({"DATE", "TIME"})
#: Characters after which a quotation opens a new sentence.
SENTENCE_BOUNDARY = frozenset('.!?:;\n"\u201d\u2019)')
MIN_CONTENT_WORDS = 3
#: How a short quotation that is a whole utterance ends inside its marks ('"No!"', '"Really?"').
UTTERANCE_ENDS = (".", "!", "?", "\u2026")
#: A noun phrase said or talked about ("mentioned the remarks") may be shorter than a clause.
MIN_OBJECT_WORDS = 2
OBJECT_RULE = "cue_then_object"
PARTICIPLE_TAG = "VBG"
#: Tokens (punctuation, line breaks) allowed between a block and an adjacent quotation.
MAX_GAP_TOKENS = 4


@dataclass(frozen=True)
class Content:
    """A candidate content token range with the rule that found it."""

    start: int
    end: int
    rule: str


def _words(doc: Doc, start: int, end: int) -> list[Token]:
    return [t for t in doc[start:end] if not (t.is_punct or t.is_space)]


def _is_gap(token: Token) -> bool:
    return token.is_punct or token.is_space


def _is_lead_in(token: Token) -> bool:
    """Punctuation, 'that', or a time adverbial ('said Thursday the pair ...') opening content."""
    return _is_gap(token) or token.lower_ in LEAD_IN or (token.dep_ == "npadvmod" and token.ent_type_ in LEAD_IN_ENTITY_TYPES)


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without edge punctuation, whitespace or a lead-in ('that', ':', 'Thursday')."""
    while start < end and _is_lead_in(doc[start]):
        start += 1
    while end > start and _is_gap(doc[end - 1]):
        end -= 1
    return start, end


def _subtree(token: Token) -> Iterable[int]:
    return range(token.left_edge.i, token.right_edge.i + 1)


def _block_members(cue: Token, speaker: Span, index: DocIndex) -> set[int]:
    """Tokens of the attribution: cue, speaker phrase, and the cue's unquoted non-clausal dependents."""
    members = {cue.i, *range(speaker.start, speaker.end)}
    root = speaker.root
    describes = root.left_edge.i <= cue.i <= root.right_edge.i  # 'an architect who said ...'
    if not index.quoted[root.i] and not describes:
        members.update(_subtree(root))
    for child in cue.children:
        if child.dep_ not in ATTRIBUTION_DEPS or (child.dep_ == "advcl" and child.i < cue.i):
            continue  # a clause before the cue ('If this fails, he argues, ...') is part of what was said
        tokens = list(_subtree(child))
        if not any(index.quoted[i] for i in tokens):
            members.update(tokens)
    return members


def attribution_block(cue: Token, speaker: Span, index: DocIndex) -> tuple[int, int]:
    """The contiguous block around the cue: members, and punctuation between members."""
    members = _block_members(cue, speaker, index)
    doc = cue.doc
    start = end = cue.i
    while True:
        step = start - 1
        while step >= 0 and step not in members and _is_gap(doc[step]):
            step -= 1
        if step < 0 or step not in members:
            break
        start = step
    while True:
        step = end + 1
        while step < len(doc) and step not in members and _is_gap(doc[step]):
            step += 1
        if step >= len(doc) or step not in members:
            break
        end = step
    return start, end + 1


def _opens_sentence(doc: Doc, index: DocIndex, quotation: Span) -> bool:
    """True when the quotation starts a sentence: only a stop, colon or line break before its mark.

    Judged on the characters, since the parser does not always split after a quotation.
    """
    mark = index.marks[index.mark_of[quotation.start]]
    before = index.text[: mark.start].rstrip(" \t")
    return not before or before[-1] in SENTENCE_BOUNDARY


def _quote_before(doc: Doc, index: DocIndex, block_start: int) -> Span | None:
    """The quotation that ends just before the block, in its paragraph, and opens its sentence (`"...," X said`)."""
    for i in range(block_start - 1, max(block_start - 1 - MAX_GAP_TOKENS, -1), -1):
        if index.mark_of[i] >= 0:
            quotation = index.mark_tokens(doc, i)
            return quotation if _opens_sentence(doc, index, quotation) else None
        if not _is_gap(doc[i]) or "\n" in doc[i].text_with_ws:
            break
    return None


def _quote_after(doc: Doc, index: DocIndex, block_end: int) -> Span | None:
    """The quotation that starts just after the block: in the same sentence, or after a colon.

    Only punctuation or line breaks may come between; a quotation after a full stop opens a
    sentence of its own and is not introduced by this cue.
    """
    colon = False
    for i in range(block_end, min(block_end + MAX_GAP_TOKENS + 1, len(doc))):
        if index.mark_of[i] >= 0:
            same_sentence = index.sent_of[i] == index.sent_of[max(block_end - 1, 0)]
            return index.mark_tokens(doc, i) if same_sentence or colon else None
        if not _is_gap(doc[i]):
            break
        colon = colon or doc[i].text == ":"
    return None


def _content_end(cue: Token, complement: Token, index: DocIndex) -> int:
    """Where a complement's content ends: the end of the sentence, or the cue's next dependent.

    The parse often cuts a long complement short (a list, a second clause), so the content
    runs on to the end of the sentence; but `..., and warned ...` or `..., arguing ...`
    (the cue's own conjuncts and adverbials) are not part of it.
    """
    _, end = index.sent_bounds[index.sent_of[cue.i]]
    for child in cue.rights:
        if child.i > complement.right_edge.i and not _is_gap(child):
            end = min(end, child.left_edge.i)
    return max(end, complement.right_edge.i + 1)


def _that_after(cue: Token, block_end: int, index: DocIndex) -> Content | None:
    """`X insisted, most recently in an interview, that ...`: a that-clause right after the block
    that the parse hung elsewhere."""
    doc = cue.doc
    _, sent_end = index.sent_bounds[index.sent_of[cue.i]]
    i = block_end
    while i < sent_end and _is_gap(doc[i]):
        i += 1
    if i < sent_end and doc[i].lower_ == "that" and doc[i].dep_ == "mark":
        return Content(i, sent_end, "cue_then_content")
    return None


def _complement(cue: Token, block_end: int, index: DocIndex) -> Content | None:
    """`X said (that) ...`: a clausal complement right of the cue; `urged them to ...`: an infinitive."""
    for child in cue.rights:
        if child.dep_ in COMPLEMENT_DEPS:
            return Content(child.left_edge.i, _content_end(cue, child, index), "cue_then_content")
    that = _that_after(cue, block_end, index)
    if that is not None:
        return that
    if cue.lemma_.lower() in ASPECTUAL_VERBS:  # 'hiring continues to buck the trend'
        return None
    objects = [c for c in cue.rights if c.dep_ == "dobj"]
    told = _clause_on_addressee(cue, objects)
    if told is not None:
        return Content(told.left_edge.i, _content_end(cue, told, index), "cue_then_content")
    for child in cue.rights:
        if child.dep_ in INFINITIVE_DEPS and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.lefts):
            start = objects[0].left_edge.i if objects and objects[0].i < child.i else child.left_edge.i
            return Content(start, _content_end(cue, child, index), "cue_then_content")
    return None


def _clause_on_addressee(cue: Token, objects: list[Token]) -> Token | None:
    """`told psychologists she had heard voices`: the parse hangs the reported clause on the
    addressee; a clause with a subject of its own right after it, not a relative clause."""
    if cue.lemma_.lower() not in ADDRESSEE_VERBS or not objects:
        return None
    addressee = objects[0]
    for clause in addressee.rights:
        if clause.dep_ not in NOUN_CLAUSE_DEPS or clause.left_edge.i != addressee.i + 1:
            continue
        has_subject = any(c.dep_ in SUBJECT_DEPS for c in clause.lefts)
        if has_subject and clause.left_edge.lower_ not in RELATIVE_WORDS:
            return clause
    return None


def _surrounding(cue: Token, start: int, end: int, index: DocIndex) -> Content | None:
    """`..., X said.` or `A, X said, B`: the block is set off from content around it."""
    doc = cue.doc
    sent_start, sent_end = index.sent_bounds[index.sent_of[cue.i]]
    reports = any(c.dep_ in COMPLEMENT_DEPS and c.i < cue.i for c in cue.children) or (
        cue.dep_ in REPORTING_DEPS and not start <= cue.head.i < end
    )
    set_off = start > sent_start and (_is_gap(doc[start - 1]) or index.quoted[start - 1])
    if not (reports and set_off and _words(doc, sent_start, start)):
        return None
    if _words(doc, end, sent_end) and cue.dep_ in REPORTING_DEPS:
        return Content(sent_start, sent_end, "content_around_cue")
    return Content(sent_start, start, "content_then_cue")


def _object(cue: Token) -> Content | None:
    """`Clinton mentioned the remarks ...`, `spoke about her ties ...`: a noun phrase as what was said.

    The object of a verb that addresses someone (`told reporters`) is the addressee, but what
    they were told about is content (`asked him about his tax returns`).
    """
    lemma = cue.lemma_.lower()
    passive = [c for c in cue.lefts if c.dep_ == "nsubjpass" and c.pos_ in OBJECT_POS]
    if passive and any(c.dep_ == "agent" for c in cue.rights) and lemma not in ADDRESSEE_VERBS:
        return Content(passive[0].left_edge.i, passive[0].right_edge.i + 1, OBJECT_RULE)  # 'it was reported by the Post'

    prepositions = TOPIC_PREPOSITIONS | (RESPONSE_PREPOSITIONS if lemma in RESPONSE_VERBS else frozenset())
    if lemma in DESCRIBING_VERBS:
        described = _described_as(cue)
        if described is not None:
            return described
    for child in cue.rights:
        if child.dep_ == "dobj" and child.pos_ in OBJECT_POS and lemma not in NO_OBJECT_VERBS | ADDRESSEE_VERBS:
            return Content(child.left_edge.i, child.right_edge.i + 1, OBJECT_RULE)
        if child.dep_ == "prep" and child.lower_ in prepositions:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return Content(objects[0].left_edge.i, objects[0].right_edge.i + 1, OBJECT_RULE)
    return None


def _described_as(cue: Token) -> Content | None:
    """`described her as the most gifted player ...`: what the 'as' phrase says of someone."""
    for prep in cue.rights:
        if prep.dep_ == "prep" and prep.lower_ == DESCRIBING_PREPOSITION:
            objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return Content(objects[0].left_edge.i, objects[0].right_edge.i + 1, OBJECT_RULE)
    return None


def verb_content(cue: Token, start: int, end: int, index: DocIndex) -> Content | None:
    """Where a cue verb's content lies, by the first rule that fits its clause."""
    doc = cue.doc
    before, after = _quote_before(doc, index, start), _quote_after(doc, index, end)
    same_sentence = after is not None and index.sent_of[after.start] == index.sent_of[cue.i]
    if before is not None and after is not None and same_sentence:
        return Content(before.start, after.end, "split_quote")
    if before is not None:
        return Content(before.start, before.end, "quote_before_cue")
    found = _complement(cue, end, index) or _surrounding(cue, start, end, index)
    if found is not None:
        return found
    if after is not None:
        return Content(after.start, after.end, "quote_after_cue")
    return _object(cue)


def _extend_over_marks(doc: Doc, index: DocIndex, start: int, end: int) -> tuple[int, int]:
    """Grow a token range so that a quotation it cuts into is taken whole."""
    if start < end and index.mark_of[start] >= 0:
        start = min(start, index.mark_tokens(doc, start).start)
    if start < end and index.mark_of[end - 1] >= 0:
        end = max(end, index.mark_tokens(doc, end - 1).end)
    return start, end


def _kind(words: list[Token], index: DocIndex) -> str:
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


def build_quote(doc: Doc, index: DocIndex, cue: Span, speaker: Span, content: Content, block: tuple[int, int]) -> Quote | None:
    """Turn a content range into a quote, or None when too little is said."""
    start, end = _trim(doc, content.start, content.end)
    start, end = _extend_over_marks(doc, index, start, end)
    inside = block[0] <= start and end <= block[1]  # an object content lies within its block
    words = [t for t in _words(doc, start, end) if inside or not block[0] <= t.i < block[1]]
    if not words:
        return None
    kind = _kind(words, index)
    minimum = MIN_OBJECT_WORDS if content.rule == OBJECT_RULE else MIN_CONTENT_WORDS
    if len(words) < minimum and not (kind == DIRECT and _whole_utterance(index, start, end)):
        return None
    if kind == INDIRECT and content.rule.startswith("quote_"):
        return None
    start_char, end_char = _char_range(doc, index, start, end, kind)
    resolved = resolve_speaker(speaker, index)
    addressee = find_addressee(cue.root) if cue.label_ in (CUE_VERB, CUE_ATTITUDE) else None
    text = index.text[start_char:end_char]
    return Quote(kind, text, start_char, end_char, cue, resolved, addressee, content.rule, CUE_TYPES[cue.label_])


def _beside(doc: Doc, index: DocIndex, token: int, start: int, end: int) -> Content:
    """`..., according to X` or `According to X, ...`: the side of the sentence before the block,
    else the side after it."""
    sent_start, sent_end = index.sent_bounds[index.sent_of[token]]
    if len(_words(doc, sent_start, start)) >= MIN_CONTENT_WORDS:
        return Content(sent_start, start, "according_to")
    return Content(end, sent_end, "according_to")


def _noun_quote(cue: Span, index: DocIndex) -> Quote | None:
    """`Trump's claim that ...`, `a New York Times report that ...`: a noun of saying with a
    that-clause; the possessor (or the named compound, or `by X`) is the speaker."""
    noun = cue.root
    owners = [c for c in noun.children if c.dep_ == "poss" and not index.quoted[c.i]]
    owners += [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and not index.quoted[c.i]]
    for prep in (c for c in noun.rights if c.dep_ == "prep" and c.lower_ == "by"):
        owners += [c for c in prep.children if c.dep_ == "pobj"]
    clauses = [
        c for c in noun.rights if c.dep_ in NOUN_CLAUSE_DEPS and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.lefts)
    ]
    if not owners:
        return None
    speaker = noun_phrase(owners[0])
    if clauses:
        content = Content(clauses[0].left_edge.i, clauses[0].right_edge.i + 1, "noun_then_content")
    elif cue.label_ == CUE_ATTITUDE_NOUN:  # 'Clinton's criticism of Trump', 'his support for the deal'
        objects = [
            o for p in noun.rights if p.dep_ == "prep" and p.lower_ in STANCE_PREPOSITIONS for o in p.children if o.dep_ == "pobj"
        ]
        if not objects:
            return None
        content = Content(objects[0].left_edge.i, objects[0].right_edge.i + 1, OBJECT_RULE)
    else:
        return None
    return build_quote(cue.doc, index, cue, speaker, content, (speaker.start, noun.i + 1))


def quote_for_cue(cue: Span, index: DocIndex) -> Quote | None:
    """The quote a cue introduces, if its clause has the shape of an attribution."""
    doc = cue.doc
    if index.quoted[cue.start]:
        return None
    if cue.label_ in (CUE_NOUN, CUE_ATTITUDE_NOUN):
        return _noun_quote(cue, index)
    if cue.label_ == ACCORDING_TO:
        speaker = according_to_speaker(cue)
        if speaker is None:
            return None
        block = (cue.start, max(cue.end, speaker.root.right_edge.i + 1))
        return build_quote(doc, index, cue, speaker, _beside(doc, index, cue.start, *block), block)
    verb = cue.root
    speaker = find_speaker(verb, index.quoted)
    if speaker is None:
        return None
    block = attribution_block(verb, speaker, index)
    content = verb_content(verb, *block, index)
    if content is None:
        return None
    return build_quote(doc, index, cue, speaker, content, block)


def _speaker_mention(quote: Quote) -> tuple[int, int] | None:
    return (quote.speaker.span.start_char, quote.speaker.span.end_char) if quote.speaker else None


def _same_speaker(outer: Quote, nested: Quote) -> bool:
    """The nested quote is its speaker's own further statement: the same speaker mention, or the
    same person going on in a participle ('Perdue said he doubted it, arguing that ...')."""
    if _speaker_mention(outer) == _speaker_mention(nested):
        return True
    same = outer.speaker is not None and nested.speaker is not None and outer.speaker.canonical == nested.speaker.canonical
    return same and nested.cue.root.dep_ == "advcl" and nested.cue.root.tag_ == PARTICIPLE_TAG


def drop_nested(quotes: list[Quote]) -> list[Quote]:
    """Drop a quote whose cue lies inside another's content, unless it is the same speaker's own
    further statement.

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
            if o is not quote and o.start_char <= cue_start < o.end_char and o.cue_type in (quote.cue_type, SPEECH)
        ]
        if all(_same_speaker(o, quote) for o in outer):
            kept.append(quote)
    return kept
