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

from pipeline.marks import TRAILING, QuoteMarks
from pipeline.quotes.docindex import DocIndex
from pipeline.quotes.quote import DIRECT, INDIRECT, Quote, Speaker

MIN_FOLLOWING_WORDS = 4
SENTENCE_END = re.compile(r"[.!?](?=\W*\s)")
#: Quotation marks in the rest of the attribution sentence mean another quotation came between.
QUOTE_CHARS = frozenset('"\u201c\u201d\u201e\u00ab\u00bb')
RULE = "following_quote"


def _attribution_end(quote: Quote) -> int:
    """Character offset where a quote's content, cue and speaker have all ended."""
    return max(quote.end_char, quote.cue.end_char, quote.speaker.span.end_char if quote.speaker else 0)


def _continues(text: str, previous_end: int, mark: QuoteMarks) -> bool:
    """The quotation opens the sentence after the one that ends the previous attribution.

    Between them lies at most the rest of the attribution's sentence (`, a lawyer for the
    family.`); after its final stop, only punctuation and whitespace.
    """
    if previous_end > mark.start:
        return False
    gap = text[previous_end : mark.start]
    stop = SENTENCE_END.search(gap)
    rest = gap[stop.end() :] if stop else gap
    return not any(ch.isalnum() for ch in rest) and QUOTE_CHARS.isdisjoint(gap[: stop.start()] if stop else "")


def _continued(text: str, mark: QuoteMarks, before: list[Quote]) -> Quote | None:
    """The quote a quotation continues: the latest quoted one close enough, else the latest one.

    `"A," said X, speaking of Y. "B."`: B goes on from A, not from `speaking of Y`.
    """
    close = [q for q in before if _continues(text, _attribution_end(q), mark)]
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
        previous = _continued(index.text, mark, [q for q in result if q.end_char <= mark.start])
        if previous is not None:
            result.append(quote_of_mark(index, mark, previous.cue, previous.speaker, RULE, previous.cue_type))
            result.sort(key=lambda q: q.start_char)
    return result
