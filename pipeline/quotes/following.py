"""Following quotes: a quotation with no cue of its own continues the previous speaker.

News convention: `"...," she said. "More of what she said."` and a quoted paragraph after
an attributed one. A quotation that starts right after the sentence holding the previous
quote's attribution (nothing but punctuation and line breaks between) takes that quote's
speaker and cue, under the rule `following_quote`. Short quotations (scare quotes, titles)
never do.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from pipeline.labels import DIRECT, INDIRECT
from pipeline.marks import TRAILING, QuoteMarks
from pipeline.quotes.docindex import DocIndex
from pipeline.quotes.quote import Quote, Speaker

MIN_FOLLOWING_WORDS = 4
SENTENCE_END = re.compile(r"[.!?](?=\W*\s)")
#: Quotation marks in the rest of the attribution sentence mean another quotation came between.
QUOTE_CHARS = frozenset('"\u201c\u201d\u201e\u00ab\u00bb')
RULE = "following_quote"


def _attribution_end(quote: Quote) -> int:
    """Character offset where a quote's content, cue and speaker have all ended."""
    return max(quote.end_char, quote.cue.end_char, quote.speaker.span.end_char if quote.speaker else 0)


def _only_punctuation(text: str) -> bool:
    return not any(ch.isalnum() for ch in text)


def _continues(doc: Doc, index: DocIndex, previous_end: int, mark: QuoteMarks) -> bool:
    """The quotation opens the sentence after the one that ends the previous attribution.

    Between them lies at most the rest of the attribution's sentence (`, a lawyer for the
    family.`, `, a developer in Virginia, who introduced Mr. Clarke to his bankers.`), then only
    punctuation and whitespace. The sentence ends where the parse ends it, else at the first stop.
    """
    text = index.text
    if previous_end > mark.start:
        return False
    gap = text[previous_end : mark.start]
    stop = SENTENCE_END.search(gap)
    if _only_punctuation(gap[stop.end() :] if stop else gap) and QUOTE_CHARS.isdisjoint(gap[: stop.start()] if stop else ""):
        return True
    sentence_end = _sentence_end(doc, index, previous_end)
    return (
        sentence_end is not None
        and previous_end <= sentence_end <= mark.start
        and _only_punctuation(text[sentence_end : mark.start])
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
    close = [q for q in before if _continues(doc, index, _attribution_end(q), mark)]
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


def following_quotes(doc: Doc, index: DocIndex, quotes: list[Quote]) -> list[Quote]:
    """`quotes` plus the uncued quotations that continue them, in document order."""
    result = sorted(quotes, key=lambda q: q.start_char)
    for mark in index.marks:
        if any(q.start_char < mark.end and mark.start < q.end_char for q in result):
            continue
        if len(index.text[mark.inner_start : mark.inner_end].split()) < MIN_FOLLOWING_WORDS:
            continue
        previous = _continued(doc, index, mark, [q for q in result if q.end_char <= mark.start])
        if previous is not None:
            result.append(quote_of_mark(index, mark, previous.cue, previous.speaker, RULE, previous.cue_type))
            result.sort(key=lambda q: q.start_char)
    return result
