"""Person names: parts, the cross-article key and id, first-name statistics."""

from __future__ import annotations

import pytest

from pipeline.names import fold, given_name, name_parts, person_id, person_key, share_female


def test_fold_drops_case_accents_and_punctuation() -> None:
    assert fold("O\u2019Néill") == "oneill"
    assert fold("  Jean-Luc  PICARD ") == "jean-luc picard"


def test_name_parts_drop_titles_and_suffixes() -> None:
    parts = name_parts("Sen. Joseph R. Biden, Jr.")
    assert (parts.first, parts.middle, parts.last) == ("joseph", "r", "biden")


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("joe", "joseph"),
        ("bill", "william"),
        ("mike", "michael"),
        ("hillary", "hillary"),
        ("tom", "thomas"),
        ("joseph", "joseph"),
    ],
)
def test_given_name_takes_the_full_form(short: str, full: str) -> None:
    assert given_name(short) == full


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Joe Biden", "Joseph R. Biden, Jr."),
        ("Donald Trump", "Donald J. Trump"),
        ("Hillary Rodham Clinton", "Hillary Clinton"),
        ("Mr. Bill Clinton", "William Clinton"),
    ],
)
def test_forms_of_one_name_share_a_key(a: str, b: str) -> None:
    assert person_key(a) is not None
    assert person_key(a) == person_key(b)


def test_different_people_have_different_keys() -> None:
    assert person_key("Hillary Clinton") != person_key("Bill Clinton")
    assert person_key("Chelsea Clinton") != person_key("Hillary Clinton")


def test_a_surname_alone_has_no_key() -> None:
    assert person_key("Trump") is None


def test_person_id_is_stable_and_a_bare_surname_stays_in_its_article() -> None:
    assert person_id("Joe Biden", "a1") == person_id("Joseph R. Biden", "b2")
    assert person_id("Joe Biden", "a1") == person_id("Joe Biden", "a1")
    assert person_id("Trump", "a1") == person_id("Trump", "a1")
    assert person_id("Trump", "a1") != person_id("Trump", "b2")
    assert person_id("Trump", "a1").startswith("P")


def test_first_name_statistics() -> None:
    sheila, donald = share_female("Sheila"), share_female("donald")
    assert sheila is not None and sheila[0] > 0.9
    assert donald is not None and donald[0] < 0.1
    assert share_female("Zzzqxv") is None
