"""Quotation-mark spans: pairing opening and closing marks in raw text.

Marks are paired by type (straight, curly, guillemets, low-9, curly single), apostrophes
inside words are ignored, and an unbalanced mark is handled inside its own paragraph: it
never shifts the pairing of the marks that follow. A quote left open at the end of a
paragraph continues when the next paragraph opens with the same mark (the news convention
for long quotes); otherwise it ends with its paragraph. Where the text lost its line breaks, a
straight opening mark after a full stop inside an open quotation starts that next paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Opening mark -> the closing mark it pairs with.
PAIRS = {
    "\u201c": "\u201d",  # “ ”
    "\u201e": "\u201c",  # „ “ (low-9, German style)
    "\u00ab": "\u00bb",  # « »
    "\u2039": "\u203a",  # single guillemets
    "\u2018": "\u2019",  # curly single
    '"': '"',
}
STRAIGHT = '"'
#: Double marks that may close one another in scraped text where they are mixed ('"Oz has ...,” said').
MIXED_DOUBLE = {"\u201d": STRAIGHT, STRAIGHT: "\u201c"}
#: Punctuation that ends a quotation's clause but not its sentence ('"...," she said'): dropped from direct quotes.
TRAILING = ",;:"
DOUBLE_APOSTROPHE = re.compile("''")
OPENS_AFTER = re.compile(r"[^\s.,;:!?)]")
APOSTROPHE_LIKE = frozenset({"\u2019"})
CLOSERS = frozenset(PAIRS.values())
DOUBLE_OPENERS = frozenset({STRAIGHT, "\u201c", "\u201e", "\u00ab"})
OPENING_CONTEXT = frozenset(" \t\n([{\u2014\u2013-/")


@dataclass(frozen=True)
class QuoteMarks:
    """A quoted stretch of text. `start`/`end` include the marks; `inner_*` excludes them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool


_EVENTS = re.compile("[\n" + re.escape("".join(set(PAIRS) | CLOSERS)) + "]")


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def _straight_role(text: str, i: int) -> str:
    """'open', 'close' or 'either' for a straight double quote, from the characters around it."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    opens = before in OPENING_CONTEXT and not after.isspace()
    closes = not before.isspace() and (after.isspace() or not _is_word_char(after))
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def _is_apostrophe(text: str, i: int) -> bool:
    """A right single quote between letters ("don\u2019t") is an apostrophe, not a closing mark."""
    return 0 < i < len(text) - 1 and _is_word_char(text[i - 1]) and _is_word_char(text[i + 1])


def _make(text: str, open_at: int, close_at: int | None, end: int) -> QuoteMarks | None:
    """A span from an opening mark to its closing mark, or to `end` when left unclosed."""
    inner_start, inner_end = open_at + 1, close_at if close_at is not None else end
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    if inner_start >= inner_end:
        return None
    span_end = close_at + 1 if close_at is not None else inner_end
    return QuoteMarks(open_at, span_end, inner_start, inner_end, close_at is not None)


def _next_paragraph_opener(text: str, newline: int) -> int | None:
    """Offset of the first non-space character after a line break, if any."""
    i = newline + 1
    while i < len(text) and text[i].isspace():
        i += 1
    return i if i < len(text) else None


class _Scanner:
    """Pairs marks left to right; `stack` holds the offsets of open marks, outermost first."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.stack: list[int] = []
        self.spans: list[QuoteMarks] = []
        #: Double-marked quotations closed inside the open outermost one: what it holds if it never closes.
        self.inner: list[QuoteMarks] = []
        self.skip: int | None = None  # a continuation mark opening a paragraph

    def close(self, closer: int | None, end: int) -> None:
        """End the outermost quotation at `closer`, or at `end` when it never closed: then a
        stray double mark opened it ('"Trump walked onto the stage, chanting “U-S-A!”' with no
        closing mark) when double-marked quotations closed inside it, and those are the quotes."""
        opener, inner = self.stack[0], self.inner
        self.stack.clear()
        self.inner = []
        if closer is None and inner:
            self.spans.extend(inner)
        elif (span := _make(self.text, opener, closer, end)) is not None:
            self.spans.append(span)

    def pop_to(self, index: int, closer: int) -> None:
        if index == 0:
            self.close(closer, closer)
            return
        doubles = {self.text[self.stack[0]], self.text[self.stack[index]]} <= DOUBLE_OPENERS
        if index == 1 and doubles and (span := _make(self.text, self.stack[1], closer, closer)) is not None:
            self.inner.append(span)
        del self.stack[index:]

    def line_break(self, i: int) -> None:
        if not self.stack:
            return
        nxt = _next_paragraph_opener(self.text, i)
        if nxt is not None and self.text[nxt] == self.text[self.stack[0]] and self.text[nxt] in PAIRS:
            del self.stack[1:]
            self.skip = nxt  # the quote goes on in the next paragraph
        else:
            self.close(None, i)

    def straight(self, i: int) -> None:
        role = _straight_role(self.text, i)
        open_at = [k for k, j in enumerate(self.stack) if self.text[j] == STRAIGHT]
        inch = i > 0 and self.text[i - 1].isdigit()  # 5" long
        if not open_at and role == "close" and not inch and self._close_mixed(i):
            return
        if open_at and role != "open":
            self.pop_to(open_at[-1], i)
        elif role != "close":
            if open_at and open_at[-1] == 0 and self._opens_a_sentence(i):
                self.close(None, i)  # a quote going on in the next paragraph, its line break lost
            elif open_at:  # a stray opener before this one: drop it, keep the pairing local
                del self.stack[open_at[-1] :]
            self.stack.append(i)

    def _opens_a_sentence(self, i: int) -> bool:
        """'"... in the Franklin River. "At least my raft ...': an opening mark after a full stop
        while a quotation is open is that quotation's next paragraph, run into this one where the
        text lost its line breaks; the open one ends at its last sentence."""
        before = self.text[:i].rstrip()
        return before.endswith((".", "!", "?")) and before[-1] != self.text[self.stack[0]]

    def typed(self, i: int) -> None:
        char = self.text[i]
        if char in CLOSERS:
            if char in APOSTROPHE_LIKE and _is_apostrophe(self.text, i):
                return
            matching = [k for k, j in enumerate(self.stack) if PAIRS[self.text[j]] == char]
            if matching:
                self.pop_to(matching[-1], i)
                return
            if self._close_mixed(i):
                return
        if char in PAIRS and self._closes_typed_as_opener(i):
            return
        if char in PAIRS and not (char == "\u2018" and self.text[i + 1 : i + 2].isdigit()):  # an elided year, as in \u201890s
            self.stack.append(i)

    def _closes_typed_as_opener(self, i: int) -> bool:
        """'\u201c... for her here,\u201c said Jim Clyburn': an opening double mark where a closing one
        belongs (after the words, before a space) closes the open mark of its kind; True when it did."""
        char = self.text[i]
        matching = [k for k, j in enumerate(self.stack) if self.text[j] == char]
        if char != "\u201c" or not matching or _straight_role(self.text, i) != "close":
            return False
        self.pop_to(matching[-1], i)
        return True

    def _close_mixed(self, i: int) -> bool:
        """Close an open double mark of the other kind ('"' with '”', '“' with '"'), the
        one mixing scraped text does; True when it did."""
        other = MIXED_DOUBLE.get(self.text[i])
        matching = [k for k, j in enumerate(self.stack) if self.text[j] == other]
        if matching:
            self.pop_to(matching[-1], i)
        return bool(matching)

    def run(self) -> list[QuoteMarks]:
        for match in _EVENTS.finditer(self.text):
            i = match.start()
            if i == self.skip:
                continue
            if self.text[i] == "\n":
                self.line_break(i)
            elif self.text[i] == STRAIGHT:
                self.straight(i)
            else:
                self.typed(i)
        if self.stack:
            self.close(None, len(self.text))
        return self.spans


def _double_apostrophes_as_quotes(text: str) -> str:
    """Same-length text where a doubled apostrophe (''...'', a newswire habit) reads as a quote mark.

    The mark goes on the side of the pair that touches the quoted words, so its role as
    opener or closer is read as for a straight double quote.
    """
    return DOUBLE_APOSTROPHE.sub(lambda m: ' "' if OPENS_AFTER.match(text, m.end()) else '" ', text)


def _widen_to_apostrophes(text: str, span: QuoteMarks) -> QuoteMarks:
    """Let a span made from doubled apostrophes cover both characters of each pair."""
    start = span.start - 1 if text.startswith("''", span.start - 1) else span.start
    end = span.end + 1 if span.closed and text.startswith("''", span.end - 1) else span.end
    return QuoteMarks(start, end, span.inner_start, span.inner_end, span.closed)


def find_quote_marks(text: str) -> list[QuoteMarks]:
    """All outermost quoted spans of `text`, in order, never overlapping."""
    if "''" not in text:
        return _Scanner(text).run()
    spans = _Scanner(_double_apostrophes_as_quotes(text)).run()
    return [_widen_to_apostrophes(text, span) for span in spans]
