"""What an article is called in the report: its headline, else the first line of its text.

Never its doc_id or its source path: an id reads as noise, and a path names a folder on the
machine that ran the pipeline, which the report may be shared beyond.
"""

from __future__ import annotations

import pandas as pd

#: Longest title taken from the text, in characters (cut at a word, with an ellipsis).
MAX_TITLE = 90
ELLIPSIS = "\u2026"


def text_value(value: object) -> str:
    """A table cell as text: missing values (None, NaN, NaT, pd.NA) are ''."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def shorten(line: str, limit: int = MAX_TITLE) -> str:
    """`line` cut at the last word boundary within `limit` characters, with an ellipsis when cut."""
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0] if " " in line[:limit] else line[:limit]
    return cut.rstrip(" ,;:-") + ELLIPSIS


def display_title(title: object, text: object, number: int) -> str:
    """The headline; else the first non-empty line of the text, shortened; else 'Untitled article N'."""
    headline = " ".join(text_value(title).split())
    if headline:
        return headline
    for line in text_value(text).splitlines():
        if line.strip():
            return shorten(" ".join(line.split()))
    return f"Untitled article {number + 1}"
