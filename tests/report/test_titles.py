"""An article's title in the report: the headline, else the first line of text; never an id or a path."""

from __future__ import annotations

import math

from pipeline.report.titles import ELLIPSIS, MAX_TITLE, display_title, shorten


def test_the_headline_wins() -> None:
    assert display_title("Japan PM Heads To US", "Body text.", 0) == "Japan PM Heads To US"


def test_without_a_headline_the_first_line_of_text_stands_in() -> None:
    text = "\n\n  HALIFAX (CP) -- The bridge will reopen   on Monday.\nMore text."
    assert display_title(None, text, 3) == "HALIFAX (CP) -- The bridge will reopen on Monday."
    assert display_title(float("nan"), text, 3) == display_title("  ", text, 3)


def test_a_long_first_line_is_cut_at_a_word() -> None:
    line = "word " * 40
    title = display_title(None, line, 0)
    assert title.endswith(ELLIPSIS) and len(title) <= MAX_TITLE + 1 and title[:-1].split() == ["word"] * len(title[:-1].split())
    assert shorten("x" * 200, 10) == "x" * 10 + ELLIPSIS


def test_an_empty_article_is_untitled_never_its_id_or_path() -> None:
    assert display_title(None, "", 41) == "Untitled article 42"
    assert display_title(None, math.nan, 0) == "Untitled article 1"
