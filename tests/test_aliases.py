"""Which mentions of a document name the same person, organisation or place."""

from __future__ import annotations

from pipeline.aliases import NameIndex, OrgIndex, acronym, canonical_text, place_alias
from pipeline.names import name_words


def names(*mentions: str) -> NameIndex:
    index = NameIndex()
    for start, mention in enumerate(mentions):
        index.add(mention, start * 10)
    return index


def test_name_words_drop_titles_honorifics_suffixes_and_possessives() -> None:
    assert name_words("Prime Minister Justin Trudeau's") == ("justin", "trudeau")
    assert name_words("Joseph R. Biden Jr.") == ("joseph", "r", "biden")
    assert name_words("the Nikkei") == ("nikkei",)


def test_full_forms_of_one_person_join_under_the_fullest() -> None:
    index = names("Joe Biden", "Joseph R. Biden Jr.")
    assert len(index.people) == 1
    assert index.lookup("Joe Biden", 100) == "Joseph R. Biden Jr."


def test_conflicting_middle_initials_are_two_people() -> None:
    index = names("George W. Bush", "George H. Bush")
    assert len(index.people) == 2


def test_a_surname_goes_to_the_person_mentioned_most_so_far() -> None:
    index = names("Ted Cruz")
    for start in (20, 30, 40):
        index.lookup("Cruz", start)
    index.add("Heidi Cruz", 50)
    assert index.lookup("Cruz", 60) == "Ted Cruz"


def test_a_surname_on_a_tie_goes_to_the_nearest_full_name_before_it() -> None:
    index = names("John Smith", "Mary Smith")
    assert index.lookup("Smith", 100) == "Mary Smith"


def test_a_surname_before_any_full_name_takes_the_first_after_it() -> None:
    index = NameIndex()
    index.add("Sheila Smith", 50)
    assert index.lookup("Smith", 5) == "Sheila Smith"


def test_a_first_name_alone_goes_to_the_only_person_with_it() -> None:
    index = names("Jayme Closs", "Jake Patterson")
    assert index.lookup("Jayme", 100) == "Jayme Closs"


def test_an_honorific_rules_out_the_other_gender() -> None:
    index = names("Michelle Obama")
    assert index.lookup("Mr. Obama", 100) is None
    assert index.lookup("Mrs. Obama", 100) == "Michelle Obama"


def test_acronyms_and_short_forms_of_organisations() -> None:
    orgs = OrgIndex(
        [("Export Development Canada", "ORG"), ("Suncor Energy", "ORG"), ("the Federal Bureau of Investigation", "ORG")]
    )
    assert orgs.lookup("EDC", "ORG") == ("Export Development Canada", "ORG")
    assert orgs.lookup("F.B.I.", "ORG") == ("Federal Bureau of Investigation", "ORG")
    assert orgs.lookup("Suncor", "ORG") == ("Suncor Energy", "ORG")
    assert orgs.lookup("Washington", "GPE") is None


def test_an_acronym_takes_only_the_capitalised_words() -> None:
    assert acronym(["the", "federal", "Securities", "and", "Exchange", "Commission"]) == "SEC"


def test_place_aliases() -> None:
    assert place_alias("U.S.") == "United States"
    assert place_alias("the United States") == "United States"
    assert place_alias("Britain") == "United Kingdom"
    assert place_alias("Tokyo") is None


def test_canonical_text_drops_article_and_possessive() -> None:
    assert canonical_text("the White House") == "White House"
    assert canonical_text("Trump\u2019s") == "Trump"


def test_a_surname_misspelt_by_a_letter_is_the_person_so_named() -> None:
    index = names("Tyresha McClenney", "Anthony Kiedis", "Steve Sweeney")
    assert index.lookup("McLenney", 100) == "Tyresha McClenney"  # a letter dropped
    assert index.lookup("Keidis", 110) == "Anthony Kiedis"  # two letters swapped
    assert index.lookup("Sweeny", 120) == "Steve Sweeney"


def test_short_or_plural_or_ambiguous_near_surnames_stay_apart() -> None:
    assert names("Bill Clinton").lookup("Clintons", 100) is None
    assert names("Jane Smith").lookup("Smyth", 100) is None  # too short to call a typo
    assert names("Anna Hansen", "Carl Hanson").lookup("Hansan", 100) is None  # close to both
