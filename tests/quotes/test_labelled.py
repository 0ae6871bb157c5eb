"""Quotes labelled with their speaker by layout: a name after a dash, a speaker label before a colon."""

from __future__ import annotations

from spacy.language import Language

from pipeline.labels import DIRECT, INDIRECT


def found(nlp: Language, text: str) -> list[tuple[str, str, str, str]]:
    return [(q.rule, q.kind, q.speaker.canonical, q.text) for q in nlp(text)._.quotes]


def test_a_quotation_then_a_dash_and_a_name_is_that_persons(nlp: Language) -> None:
    text = (
        "Readers sent in their views on the debate.\n"
        "\u201cDonald Trump scares me. Hearing him talk makes me fearful.\u201d \u2015 Krystal Correa\n"
        "\u201cHe can\u2019t even answer a question without scaring people.\u201d\u2015 Esther Tapia.\n"
    )
    assert found(nlp, text) == [
        ("dash_attribution", DIRECT, "Krystal Correa", "Donald Trump scares me. Hearing him talk makes me fearful."),
        ("dash_attribution", DIRECT, "Esther Tapia", "He can\u2019t even answer a question without scaring people."),
    ]


def test_a_dash_before_something_that_is_no_name_labels_nothing(nlp: Language) -> None:
    text = "\u201cWe will rebuild the bridge before winter comes,\u201d \u2014 a promise the town has heard before.\n"
    assert [q.rule for q in nlp(text)._.quotes] == []


def test_transcript_labels_and_a_headline_speaker(nlp: Language) -> None:
    text = (
        "Pence: Gennifer Flowers Won\u2019t Be at Debate, Trump Was Mocking Clinton Camp\n\n"
        "On Fox News Sunday, Mike Pence spoke with Chris Wallace.\n"
        '"WALLACE: If I may, sir, because we have got limited time. Will she be there?\n'
        '"PENCE: Gennifer Flowers will not be attending the debate tomorrow night.\n'
    )
    assert [(rule, kind, speaker) for rule, kind, speaker, _ in found(nlp, text)] == [
        ("speaker_colon", INDIRECT, "Mike Pence"),
        ("speaker_colon", DIRECT, "Chris Wallace"),
        ("speaker_colon", DIRECT, "Mike Pence"),
    ]
    assert found(nlp, text)[1][3] == "If I may, sir, because we have got limited time. Will she be there?"


def test_a_statement_noun_headline_is_its_authors_quote(nlp: Language) -> None:
    [quote] = nlp("Poll: Wealthy Voters Abandon Republican Party for Hillary Clinton\n\nA Bloomberg poll shows it.\n")._.quotes
    assert (quote.rule, quote.speaker.span.text, quote.text) == (
        "speaker_colon",
        "Poll",
        "Wealthy Voters Abandon Republican Party for Hillary Clinton",
    )


def test_a_colon_after_words_that_name_no_speaker_labels_nothing(nlp: Language) -> None:
    text = (
        "Partial transcript as follows:\nThe meeting starts at 10:30: everyone must attend it.\nNOTE: This story was updated.\n"
    )
    assert nlp(text)._.quotes == []


def test_a_headline_surname_the_model_left_unlabelled_is_the_persons(nlp: Language) -> None:
    text = (
        "Trump: \u2018I\u2019m the Worst Thing That Ever Happened to the Establishment.\u2019\n\n"
        "Monday at Liberty University in Lynchburg, VA, Republican presidential front-runner Donald Trump spoke.\n"
    )
    assert found(nlp, text) == [
        ("speaker_colon", DIRECT, "Donald Trump", "I\u2019m the Worst Thing That Ever Happened to the Establishment."),
    ]


def test_a_headline_word_that_is_no_name_of_a_person_of_the_article_labels_nothing(nlp: Language) -> None:
    text = (
        "Markets: Stocks Fall Sharply as Oil Prices Keep Sliding\n\n"
        "Investors sold shares on Monday, and Donald Trump spoke at a rally in Ohio.\n"
    )
    assert [q.rule for q in nlp(text)._.quotes] == []
