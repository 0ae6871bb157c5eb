"""The headline of a plain-text article: a first line that reads as one.

Saved web pages and copied stories put the headline on the first line. It is a headline when it
is short, has no sentence end, is followed by the body (after a blank line or not) and is not a
byline ('By Jane Doe') or a dateline. The headline stays in the analysed text, as its own
paragraph, so entities in it are found but no sentence of the body runs into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Longest first line still read as a headline, in words and characters.
MAX_WORDS = 25
MAX_CHARS = 200
#: A line ending like a sentence or a clause (a closing quote or bracket may follow).
_SENTENCE_END = re.compile(r"""[.!?:;,\u2026]['"\u2019\u201d)\]]*$""")
#: Lines that open an article without being its headline.
_NOT_HEADLINE = re.compile(r"""^(by\s|photo|image|updated|published|posted|\(|["'\u201c\u2018])""", re.IGNORECASE)
#: What separates the headline from the body in the analysed text.
PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True)
class Headline:
    """A headline found on the first line, and the article text rebuilt around it."""

    title: str
    text: str


def is_headline(line: str) -> bool:
    """Short, no sentence end, not a byline, credit or quotation."""
    line = line.strip()
    if not line or len(line) > MAX_CHARS or len(line.split()) > MAX_WORDS:
        return False
    return not (_SENTENCE_END.search(line) or _NOT_HEADLINE.match(line))


def split_headline(text: str) -> Headline | None:
    """The headline of `text` and the text with a paragraph break after it; None when the first
    line is not a headline or nothing follows it."""
    stripped = text.lstrip()
    first, newline, rest = stripped.partition("\n")
    if not newline or not rest.strip() or not is_headline(first):
        return None
    title, body = first.strip(), rest.lstrip("\n")
    return Headline(title=title, text=f"{title}{PARAGRAPH_BREAK}{body}")
