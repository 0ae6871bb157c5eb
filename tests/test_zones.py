"""Bylines, contributor lines, datelines and credits found in article text."""

from __future__ import annotations

import pytest

from pipeline.zones import BODY, BYLINE, CREDIT, DATELINE, Opening, article_opening, find_zones, zone_at


def zoned(text: str) -> list[tuple[str, str]]:
    return [(text[z.start : z.end], z.zone) for z in find_zones(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trump spoke. (AP Photo/J. Scott Applewhite)\nHe left.", [("(AP Photo/J. Scott Applewhite)", CREDIT)]),
        ("The crowd grew.\nChris Helgren/Reuters\nPolice came.", [("Chris Helgren/Reuters", CREDIT)]),
        ("A caption (Sean Kilpatrick/The Canadian Press)\nBody.", [("Sean Kilpatrick/The Canadian Press", CREDIT)]),
        ("Text.\nPhoto: Getty Images\nMore text.", [("Photo: Getty Images", CREDIT)]),
        ("By Jane Doe and John Roe\nThe mayor said it.", [("By Jane Doe and John Roe", BYLINE)]),
        (
            "The mayor said it. Associated Press writer Ann Lee contributed to this report.",
            [("Associated Press writer Ann Lee contributed to this report.", BYLINE)],
        ),
        (
            "Story.\n\nReporting by Steve Holland; Editing by Mary Milliken",
            [("Reporting by Steve Holland; Editing by Mary Milliken", BYLINE)],
        ),
        (
            "Body.\n\nRudy Giuliani is the former mayor of New York City.",
            [("Rudy Giuliani is the former mayor of New York City.", BYLINE)],
        ),
        ("WASHINGTON -- President Obama said it would.", [("WASHINGTON --", DATELINE)]),
        ("TOKYO (AP) \u2014 Ishiba left for the US.", [("TOKYO (AP) \u2014", DATELINE)]),
    ],
)
def test_zones_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert zoned(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Trump met Ishiba/Abe in Tokyo. The deal is done.",
        "Exxon Mobil contended in its letter, written by Kenneth P. Cohen, that it was right.",
        "Body.\n\nThe New York Times is expected to endorse the Democrat.",
        "Kasich spoke.\n\nGov. John Kasich is polling a distant third.",
        "Rudy Giuliani spoke first.\n\nRudy Giuliani is the former mayor of New York City.",
        "(She says the photo of her son would have made her cry.)",
        "NATO - the alliance - met on Monday.",
    ],
)
def test_story_text_is_body(text: str) -> None:
    assert find_zones(text) == []


def test_zone_at_a_range() -> None:
    text = "Body text.\nChris Helgren/Reuters\n"
    zones = find_zones(text)
    start = text.index("Chris")
    assert zone_at(zones, start, start + 5) == CREDIT
    assert zone_at(zones, 0, 4) == BODY


@pytest.mark.parametrize(
    ("text", "author", "dateline", "agency"),
    [
        ("Storm hits coast\n\nBy Jane Doe, The Canadian Press\n\nHALIFAX (CP) -- The storm hit.", "Jane Doe", "HALIFAX", "CP"),
        ("WASHINGTON \u2014 The Senate voted on Tuesday.", None, "WASHINGTON", None),
        ("The mayor said so. By the way, it rained.", None, None, None),
    ],
)
def test_the_opening_of_a_plain_text_article(text: str, author: str | None, dateline: str | None, agency: str | None) -> None:
    assert article_opening(text) == Opening(author, dateline, agency)
