"""Following quotes: a quotation with no cue of its own continues the previous speaker.

News convention: `"...," she said. "More of what she said."` and a quoted paragraph after
an attributed one. A quotation that starts right after the sentence holding the previous
quote's attribution (nothing but punctuation and line breaks between) takes that quote's
speaker and cue, under the rule `following_quote`. So does, as mixed speech, the next sentence
of the paragraph when its main clause is a quotation after a comma (`"...," said X. Unless
rivals quit, "it's very difficult ..."`). Short quotations (scare quotes, titles) never do.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from pipeline.labels import DIRECT, INDIRECT, MIXED
from pipeline.marks import TRAILING, QuoteMarks
from pipeline.quotes.docindex import DocIndex
from pipeline.quotes.quote import Quote, Speaker

MIN_FOLLOWING_WORDS = 4
#: A stop that ends a sentence: not "Fla., who", nor the stop of a short capitalised abbreviation ("Mr. Trump").
SENTENCE_END = re.compile(r"[.!?](?=[^\w\s,;:]*\s)")
ABBREVIATION = re.compile(r"(?:^|\W)(?:[A-Z][a-z]{0,3}|[A-Z](?:\.[A-Z])+)$")
#: Quotation marks in the rest of the attribution sentence mean another quotation came between.
QUOTE_CHARS = frozenset('"\u201c\u201d\u201e\u00ab\u00bb')
RULE = "following_quote"


def _attribution_end(quote: Quote) -> int:
    """Character offset where a quote's content, cue and speaker have all ended."""
    return max(quote.end_char, quote.cue.end_char, quote.speaker.span.end_char if quote.speaker else 0)


def _only_punctuation(text: str) -> bool:
    return not any(ch.isalnum() for ch in text)


def _continues(doc: Doc, index: DocIndex, previous_end: int, start: int) -> bool:
    """What starts at `start` opens the sentence after the one that ends the previous attribution.

    Between them lies at most the rest of the attribution's sentence (`, a lawyer for the
    family.`, `, a developer in Virginia, who introduced Mr. Clarke to his bankers.`), then only
    punctuation and whitespace. The sentence ends where the parse ends it, else at the first stop
    that is no abbreviation's.
    """
    text = index.text
    if previous_end > start:
        return False
    gap = text[previous_end:start]
    stop = next((m for m in SENTENCE_END.finditer(gap) if not ABBREVIATION.search(gap, 0, m.start())), None)
    if _only_punctuation(gap[stop.end() :] if stop else gap) and QUOTE_CHARS.isdisjoint(gap[: stop.start()] if stop else ""):
        return True
    sentence_end = _sentence_end(doc, index, previous_end)
    return (
        sentence_end is not None
        and previous_end <= sentence_end <= start
        and _only_punctuation(text[sentence_end:start])
        and QUOTE_CHARS.isdisjoint(text[previous_end:sentence_end])
    )


def _sentence_end(doc: Doc, index: DocIndex, char: int) -> int | None:
    """Where the parse ends the sentence holding the character before `char`."""
    span = doc.char_span(char - 1, char, alignment_mode="expand") if char > 0 else None
    if span is None:
        return None
    _, end = index.sent_bounds[index.sent_of[span.start]]
    last = doc[end - 1]
    return last.idx + len(last.text)


def _continued(doc: Doc, index: DocIndex, mark: QuoteMarks, before: list[Quote]) -> Quote | None:
    """The quote a quotation continues: the latest quoted one close enough, else the latest one.

    `"A," said X, speaking of Y. "B."`: B goes on from A, not from `speaking of Y`.
    """
    close = [q for q in before if _continues(doc, index, _attribution_end(q), mark.start)]
    quoted = [q for q in close if q.kind != INDIRECT]
    pool = quoted or close
    return max(pool, key=lambda q: q.end_char) if pool else None


def quote_of_mark(index: DocIndex, mark: QuoteMarks, cue: Span, speaker: Speaker | None, rule: str, cue_type: str) -> Quote:
    """A whole quotation as a direct quote, without the punctuation that closes it."""
    end = mark.inner_end
    while end > mark.inner_start and index.text[end - 1] in TRAILING:
        end -= 1
    text = index.text[mark.inner_start : end]
    return Quote(DIRECT, text, mark.inner_start, end, cue, speaker, None, rule, cue_type)


def _introduced_sentence(doc: Doc, index: DocIndex, mark: QuoteMarks) -> tuple[int, int] | None:
    """`Unless rivals quit the race, "it's very difficult to see how he is stopped."`: the
    sentence a quotation ends after a comma, holding the sentence's main clause, within its
    paragraph, as (start, end) characters; None when the quotation opens its sentence, or is
    a name or title in it ('the crowd sang the anthem, "The Star-Spangled Banner ..."')."""
    text = index.text
    span = doc.char_span(mark.start, mark.end, alignment_mode="expand")
    if span is None:
        return None
    first, last = index.sent_bounds[index.sent_of[span.start]]
    start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)
    lead = text[start : mark.start].rstrip()
    closes = _only_punctuation(text[mark.end : end])
    if not lead.endswith(",") or not closes or "\n" in text[start : mark.end] or not QUOTE_CHARS.isdisjoint(lead):
        return None
    roots = [t for t in doc[first:last] if t.dep_ == "ROOT"]
    said = bool(roots) and mark.start <= roots[0].idx < mark.end  # its main clause is quoted, not a title in it
    return (start, mark.end) if said else None


def _continued_sentence(doc: Doc, index: DocIndex, mark: QuoteMarks, before: list[Quote]) -> Quote | None:
    """A sentence of its paragraph, right after a quoted attribution, that ends in a quotation
    after a comma and has no cue of its own: the quoted speaker goes on, in mixed speech."""
    sentence = _introduced_sentence(doc, index, mark)
    if sentence is None:
        return None
    start, end = sentence
    close = [q for q in before if q.kind != INDIRECT and q.end_char <= start and _continues_at(doc, index, q, start)]
    if not close:
        return None
    previous = max(close, key=lambda q: q.end_char)
    text = index.text[start:end].rstrip("".join(TRAILING))
    return Quote(MIXED, text, start, start + len(text), previous.cue, previous.speaker, None, RULE, previous.cue_type)


def _continues_at(doc: Doc, index: DocIndex, quote: Quote, start: int) -> bool:
    """The quote's attribution sentence ends right before `start`, in the same paragraph."""
    end = _attribution_end(quote)
    return "\n" not in index.text[end:start] and _continues(doc, index, end, start)


def following_quotes(doc: Doc, index: DocIndex, quotes: list[Quote]) -> list[Quote]:
    """`quotes` plus the uncued quotations that continue them, in document order."""
    result = sorted(quotes, key=lambda q: q.start_char)
    for mark in index.marks:
        if any(q.start_char < mark.end and mark.start < q.end_char for q in result):
            continue
        if len(index.text[mark.inner_start : mark.inner_end].split()) < MIN_FOLLOWING_WORDS:
            continue
        before = [q for q in result if q.end_char <= mark.start]
        previous = _continued(doc, index, mark, before)
        if previous is not None:
            result.append(quote_of_mark(index, mark, previous.cue, previous.speaker, RULE, previous.cue_type))
        else:
            continued = _continued_sentence(doc, index, mark, before)
            if continued is None or any(q.start_char < continued.end_char and continued.start_char < q.end_char for q in result):
                continue
            result.append(continued)
        result.sort(key=lambda q: q.start_char)
    return result
