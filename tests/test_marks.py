"""Quotation-mark pairing."""

from __future__ import annotations

import pytest

from pipeline.marks import find_quote_marks


def quoted(text: str) -> list[str]:
    return [text[m.inner_start : m.inner_end] for m in find_quote_marks(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "yes" and "no".', ["yes", "no"]),
        ("\u201cYes,\u201d she said, \u201cand no.\u201d", ["Yes,", "and no."]),
        ("Er sagte \u201eja\u201c und ging.", ["ja"]),
        ("Il a dit \u00ab oui \u00bb hier.", ["oui"]),
        ("She called it \u2018golden\u2019 twice.", ["golden"]),
        ("The nations\u2019 ties don\u2019t \u2018break\u2019 easily.", ["break"]),
        ("Back in the \u201890s it was \u2018new\u2019.", ["new"]),
        ('\u201cIt is 5" long,\u201d he said.', ['It is 5" long,']),
    ],
)
def test_marks_pair_by_type(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


def test_nested_quotes_give_the_outer_span() -> None:
    assert quoted("\u201cHe told me \u2018never\u2019 again,\u201d she said.") == ["He told me \u2018never\u2019 again,"]


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = 'He said "this will never end.\nThe next paragraph has "its own" quote.'
    marks = find_quote_marks(text)
    assert quoted(text) == ["this will never end.", "its own"]
    assert [m.closed for m in marks] == [False, True]


def test_stray_closing_mark_does_not_shift_pairing() -> None:
    assert quoted('A stray" mark, then "a real quote" here.') == ["a real quote"]


def test_quote_continues_over_paragraphs_that_reopen() -> None:
    text = '"First paragraph of a long quote.\n"Second paragraph, still quoting," he said.\nAfter.'
    [mark] = find_quote_marks(text)
    assert text[mark.inner_start : mark.inner_end] == 'First paragraph of a long quote.\n"Second paragraph, still quoting,'
    assert mark.closed


def test_a_quote_run_into_its_next_paragraph_ends_at_its_last_sentence() -> None:
    """Text that lost its line breaks (the Lee corpus): the next paragraph's opening mark follows a
    full stop inside the open quotation."""
    text = '"It was a big wave," he said. "Before we knew it, we were in the river. "At least my raft was upside down."'
    assert quoted(text) == ["It was a big wave,", "Before we knew it, we were in the river.", "At least my raft was upside down."]
    assert [m.closed for m in find_quote_marks(text)] == [True, False, True]


def test_a_stray_opener_mid_sentence_is_still_dropped() -> None:
    assert quoted('He said "the plan and "a real quote" here.') == ["a real quote"]


def test_empty_quotes_are_ignored() -> None:
    assert quoted('He said "" and left.') == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Oz has a huge pulpit,\u201d said David Gorski. \u201cHe cannot.\u201d', ["Oz has a huge pulpit,", "He cannot."]),
        ('\u201cImmunity deals should not be required," Chaffetz said.', ["Immunity deals should not be required,"]),
    ],
)
def test_mixed_straight_and_curly_double_marks_pair(text: str, expected: list[str]) -> None:
    assert [text[m.inner_start : m.inner_end] for m in find_quote_marks(text)] == expected


def test_an_opening_mark_typed_where_the_closing_one_belongs_closes() -> None:
    text = "\u201cIt could create problems for her here,\u201c said Jim Clyburn. \u201cShe will win.\u201d"
    assert quoted(text) == ["It could create problems for her here,", "She will win."]
    assert quoted("Er sagte \u201eja\u201c und \u201cnein\u201d.") == ["ja", "nein"]


def test_a_stray_mark_opening_a_paragraph_leaves_the_quotations_inside_it() -> None:
    text = '"Trump walked onto the stage, chanting \u201cU-S-A! U-S-A!\u201d\n\n\u201cThat\u2019s right,\u201d Melanie said.'
    assert quoted(text) == ["U-S-A! U-S-A!", "That\u2019s right,"]
    assert quoted("\u201cWe won.\n\nHe left.") == ["We won."]  # left open, nothing inside: the paragraph is the quote
