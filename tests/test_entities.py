"""Within-document entity resolution."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Span

from pipeline.entities import _in_title_case_line, entity_clusters, entity_spans, resolve_entities
from pipeline.names import name_words


@pytest.mark.parametrize(
    ("text", "words"),
    [("Shigeru Ishiba", ("shigeru", "ishiba")), ("Mr. Obama's", ("obama",)), ("the Nikkei", ("nikkei",))],
)
def test_name_words(text: str, words: tuple[str, ...]) -> None:
    assert name_words(text) == words


def test_surname_mentions_join_the_full_name(nlp: Language) -> None:
    doc = nlp(
        "Sheila Smith, a senior fellow, spoke to AFP on Monday.\n"
        "The summit could be less startling, Smith said.\n"
        "Smith also met Ishiba."
    )
    smiths = [e for e in doc.ents if "Smith" in e.text]
    assert len(smiths) == 3
    assert all(e.label_ == "PERSON" and e.kb_id_ == "Sheila Smith" for e in smiths)
    clusters = entity_clusters(doc.ents)
    smith_clusters = {clusters[i] for i, e in enumerate(doc.ents) if "Smith" in e.text}
    assert len(smith_clusters) == 1


def test_surname_goes_to_the_nearest_full_name_before_it(nlp: Language) -> None:
    doc = nlp("John Smith arrived first. Later Mary Smith came in. Smith said nothing.")
    last = [e for e in doc.ents if e.text == "Smith"][-1]
    assert last.kb_id_ == "Mary Smith"


def test_entities_never_cross_a_line_break(nlp: Language) -> None:
    doc = nlp("Japan PM Heads To US For Trump Summit\nTokyo officials said the meeting was useful.")
    texts = [e.text for e in doc.ents]
    assert "Tokyo" in texts and not [t for t in texts if "\n" in t]  # "Summit\nTokyo" would be one entity


def test_other_entities_are_canonical_without_article(nlp: Language) -> None:
    doc = nlp("He flew to the United States and then the United States again.")
    states = [e for e in doc.ents if "United States" in e.text]
    assert {e.kb_id_ for e in states} == {"United States"}
    clusters = entity_clusters(doc.ents)
    assert len({clusters[i] for i, e in enumerate(doc.ents) if "United States" in e.text}) == 1


def test_entity_spans_are_the_docs_entities(nlp: Language) -> None:
    doc = nlp(
        "Shigeru Ishiba met Donald Trump in Washington on Friday.\n"
        "Ishiba told the Nikkei the talks with the United States went well, Trump said."
    )
    expected = [(e.start, e.end, e.label_, e.kb_id_) for e in doc.ents]
    assert len(expected) >= 5
    assert [(e.start, e.end, e.label_, e.kb_id_) for e in entity_spans(doc)] == expected
    assert entity_spans(nlp.make_doc("")) == []


def resolved(nlp: Language, text: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.kb_id_) for e in nlp(text).ents]


def test_forms_of_a_full_name_share_the_fullest(nlp: Language) -> None:
    ents = resolved(nlp, "Joe Biden campaigned in Ohio. Later, Joseph R. Biden Jr. spoke in Iowa.")
    assert ("Joe Biden", "PERSON", "Joseph R. Biden Jr.") in ents
    assert ("Joseph R. Biden Jr.", "PERSON", "Joseph R. Biden Jr.") in ents


def test_a_first_name_alone_joins_the_full_name(nlp: Language) -> None:
    ents = resolved(nlp, "Jayme Closs was found alive on Thursday. Jayme had been missing for months.")
    assert ("Jayme", "PERSON", "Jayme Closs") in ents


def test_role_words_and_possessives_stay_out_of_names(nlp: Language) -> None:
    assert ("Lu Kang", "PERSON", "Lu Kang") in resolved(
        nlp, "Chinese Foreign Ministry spokesperson Lu Kang said the talks would go on."
    )
    assert ("Elizabeth May", "PERSON", "Elizabeth May") in resolved(nlp, "Elizabeth May's Greens won two seats in the election.")


def test_a_first_name_the_model_left_out_joins_the_name(nlp: Language) -> None:
    ents = resolved(nlp, "The video was recorded by his wife, Rakeyia Scott, who pleads with officers not to shoot.")
    assert ("Rakeyia Scott", "PERSON", "Rakeyia Scott") in ents


def test_places_and_bills_are_not_people(nlp: Language) -> None:
    ents = resolved(nlp, "The family moved from Kingston, Ont. to Ottawa. The Senate passed Bill C-48 on Thursday.")
    assert not [e for e in ents if e[1] == "PERSON"]
    assert ("Ont", "GPE", "Ontario") in ents


def test_a_place_before_the_title_of_a_named_person_is_no_person(nlp: Language) -> None:
    text = "Charlotte Mayor Jennifer Roberts said Friday that the video should be released. Police in Charlotte said so."
    ents = resolved(nlp, text)
    assert [e for e in ents if e[1] == "PERSON"] == [("Jennifer Roberts", "PERSON", "Jennifer Roberts")]


def test_common_words_of_a_title_case_headline_are_no_part_of_a_name(nlp: Language) -> None:
    text = (
        "Clinton Plan for Taxes Is Expansive but Complex.\n\n"
        "Hillary Clinton has proposed new taxes on the wealthy. Clinton said the plan was fair.\n\n"
        "Gender Equality.\n\n"
        "The United Nations has hired more women."
    )
    people = {(e.text, e.kb_id_) for e in nlp(text).ents if e.label_ == "PERSON"}
    assert people == {("Clinton", "Hillary Clinton"), ("Hillary Clinton", "Hillary Clinton")}


@pytest.mark.parametrize(
    ("text", "name", "title_case"),
    [
        ("Clinton Plan for Taxes Is Expansive but Complex.\n\nThe plan would raise taxes.", "Clinton Plan", True),
        ("Gender Equality.", "Gender Equality", True),
        ("The plan, Clinton Plan aides said, would raise taxes on the wealthy.\nMore follows.", "Clinton Plan", False),
        ("x" * 300 + " Clinton Plan For Taxes " + "y" * 300, "Clinton Plan", False),
    ],
)
def test_a_title_case_line_is_short_and_capitalised(text: str, name: str, title_case: bool) -> None:
    start = text.index(name)
    assert _in_title_case_line(text, start, start + len(name)) is title_case


def test_a_name_only_a_headline_gives_stays_whole(nlp: Language) -> None:
    text = "Nell Carden Grey, 23, Washington, D.C.\n\nThe student votes for the first time this year."
    assert ("Nell Carden Grey", "PERSON") in {(e.text, e.label_) for e in nlp(text).ents}


def test_a_one_word_name_only_ever_said_on_is_no_person(nlp: Language) -> None:
    text = 'Vann R. Newkirk II, a writer for The Atlantic, said on Twitter. "It was a disaster," he added on Twitter.'
    people = {e.text for e in nlp(text).ents if e.label_ == "PERSON"}
    assert people == {"Vann R. Newkirk II"}
    attacked = "Democrats piled on Trump at the hearing. Trump said he was treated unfairly."
    assert {e.text for e in nlp(attacked).ents if e.label_ == "PERSON"} == {"Trump"}


def test_organisation_acronyms_short_forms_and_place_aliases(nlp: Language) -> None:
    ents = resolved(
        nlp, "Export Development Canada (EDC) lends money. EDC said its loans rose. Suncor Energy lost money. Suncor said so."
    )
    assert ("EDC", "ORG", "Export Development Canada") in ents[1:]
    assert ("Suncor", "ORG", "Suncor Energy") in ents
    places = resolved(nlp, "The U.S. and the United States of America are one country.")
    assert {kb for _, label, kb in places if label == "GPE"} == {"United States"}


def test_an_epithet_before_a_name_is_dropped(nlp: Language) -> None:
    doc = nlp.make_doc("Hillary Clinton spoke on Monday. Trump attacked Crooked Hillary Clinton on Tuesday.")
    with nlp.select_pipes(disable=["entity_resolution", "quote_attribution"]):
        doc = nlp(doc)
    first, crooked = doc.char_span(0, 15), doc.char_span(doc.text.index("Crooked"), doc.text.rindex("Clinton") + 7)
    doc.set_ents([Span(doc, first.start, first.end, label="PERSON"), Span(doc, crooked.start, crooked.end, label="PERSON")])
    ents = [(e.text, e.kb_id_) for e in resolve_entities(doc)]
    assert ents == [("Hillary Clinton", "Hillary Clinton"), ("Hillary Clinton", "Hillary Clinton")]


def test_a_name_after_an_honorific_is_a_person_whatever_the_models_label(nlp: Language) -> None:
    """Lee corpus: the model takes 'Wendy Caird' for an organisation and 'Ms Caird' for a work of art."""
    text = (
        "The Community and Public Sector Union's Wendy Caird says the Government seems to be encouraging it. "
        '"It is assisted by the Indian Government removing labour laws," Ms Caird said.'
    )
    people = {(e[0], e[2]) for e in resolved(nlp, text) if e[1] == "PERSON"}
    assert people == {("Wendy Caird", "Wendy Caird"), ("Caird", "Wendy Caird")}


def test_a_one_word_person_after_in_is_a_place_unless_someone_bears_the_name(nlp: Language) -> None:
    text = (
        "In Malawi, as in other countries in the region, AIDS is making the effects of the famine much worse. "
        "The overall HIV infection rate in Malawi is 19 per cent."
    )
    assert not [e for e in resolved(nlp, text) if e[1] == "PERSON"]
    kept = resolved(nlp, "Barack Obama spoke on Monday. Voters have lost confidence in Obama, the poll found.")
    assert [e[2] for e in kept if e[1] == "PERSON"] == ["Barack Obama", "Barack Obama"]


def test_letters_after_a_name_are_no_part_of_it(nlp: Language) -> None:
    text = "Counsel assisting the commission, Wayne Martin QC, said the report had been leaked."
    assert [e[2] for e in resolved(nlp, text) if e[1] == "PERSON"] == ["Wayne Martin"]
