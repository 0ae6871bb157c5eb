"""Gender estimates: the text's evidence first, then the first name, else unknown."""

from __future__ import annotations

import pytest

from pipeline.gender import FEMALE, MALE, UNKNOWN, GenderEvidence, first_name_gender, word_gender


@pytest.mark.parametrize(
    ("word", "gender"),
    [
        ("she", FEMALE),
        ("his", MALE),
        ("Mrs.", FEMALE),
        ("Mr", MALE),
        ("congresswoman", FEMALE),
        ("wife", FEMALE),
        ("chairman", MALE),
        ("spokesperson", None),
        ("senator", None),
    ],
)
def test_words_that_state_a_gender(word: str, gender: str | None) -> None:
    assert word_gender(word) == gender


def test_first_name_gender_with_its_evidence() -> None:
    gender, evidence = first_name_gender("Sheila Smith")
    assert gender == FEMALE
    assert evidence.startswith("first name: Sheila")
    assert first_name_gender("Vladimir Putin")[0] == MALE


def test_ambiguous_first_names_and_lone_surnames_are_unknown() -> None:
    assert first_name_gender("Jordan Peterson") == (UNKNOWN, "")
    assert first_name_gender("Clinton") == (UNKNOWN, "")
    assert first_name_gender("J. Smith") == (UNKNOWN, "")


def test_the_text_beats_the_first_name() -> None:
    evidence = GenderEvidence()
    evidence.add("she")
    evidence.add("her")
    assert evidence.estimate("Jordan Smith") == (FEMALE, "text: she, her")
    lindsey = GenderEvidence()
    lindsey.add("him")
    assert lindsey.estimate("Lindsey Graham")[0] == MALE


def test_a_title_outweighs_a_stray_pronoun() -> None:
    evidence = GenderEvidence()
    evidence.add("Mrs.")
    evidence.add("he")
    assert evidence.stated() == FEMALE


def test_no_evidence_falls_back_to_the_first_name_then_unknown() -> None:
    assert GenderEvidence().estimate("Donald Trump")[0] == MALE
    assert GenderEvidence().estimate("Xzqv Smith") == (UNKNOWN, "")
    tie = GenderEvidence()
    tie.add("he")
    tie.add("she")
    assert tie.stated() == UNKNOWN
