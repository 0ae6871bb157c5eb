"""A plain-text article's first line is its title when it reads as a headline."""

from __future__ import annotations

import pytest

from pipeline.headlines import split_headline

BODY = 'OTTAWA - The finance minister said on Tuesday that the budget would balance.\n\n"We are on track," she said.\n'


@pytest.mark.parametrize(
    "headline",
    [
        "Budget will balance, finance minister says",
        "Trump's tariffs: what they mean for Canada",
        "UPDATE 2-Oil prices rise as OPEC cuts output",
        "Flood waters recede in Manitoba",
    ],
)
def test_a_short_first_line_without_sentence_end_is_the_title(headline: str) -> None:
    for gap in ("\n", "\n\n"):
        found = split_headline(f"{headline}{gap}{BODY}")
        assert found is not None and found.title == headline
        assert found.text == f"{headline}\n\n{BODY}"  # its own paragraph: no body sentence runs into it


@pytest.mark.parametrize(
    "first_line",
    [
        "The finance minister said on Tuesday that the budget would balance.",
        '"We are on track," the minister said',
        "By Jane Doe, The Canadian Press",
        "Photo: Chris Helgren/Reuters",
        "OTTAWA - The finance minister said on Tuesday that the budget would balance in three years, and that "
        "the government would not raise taxes on the middle class or on small businesses this year",
    ],
)
def test_a_first_line_that_is_a_sentence_byline_or_credit_is_body(first_line: str) -> None:
    assert split_headline(f"{first_line}\n{BODY}") is None


def test_a_single_line_article_has_no_headline() -> None:
    assert split_headline("Budget will balance") is None
