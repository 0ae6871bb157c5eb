"""Each attribution rule on short news-style sentences, including known failure cases."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from spacy.language import Language

from pipeline.quotes import DIRECT, INDIRECT, MIXED


@dataclass(frozen=True)
class Found:
    kind: str
    rule: str
    text: str
    speaker: str | None
    canonical: str | None


def found(nlp: Language, text: str) -> list[Found]:
    doc = nlp(text)
    return [
        Found(q.kind, q.rule, q.text, q.speaker and q.speaker.span.text, q.speaker and q.speaker.canonical) for q in doc._.quotes
    ]


@pytest.mark.parametrize(
    ("text", "kind", "rule", "content", "speaker"),
    [
        ('"The talks went well," Ishiba told reporters in Tokyo.', DIRECT, "quote_before_cue", "The talks went well", "Ishiba"),
        (
            '"This is absurd," said John Smith, a lawyer for the family.',
            DIRECT,
            "quote_before_cue",
            "This is absurd",
            "John Smith",
        ),
        ('He said: "This is the best day of my life."', DIRECT, "cue_then_content", "This is the best day of my life.", "He"),
        (
            "The senator said that the bill would pass next week.",
            INDIRECT,
            "cue_then_content",
            "the bill would pass next week",
            "The senator",
        ),
        (
            "The economy is growing, the minister said on Tuesday.",
            INDIRECT,
            "content_then_cue",
            "The economy is growing",
            "the minister",
        ),
        (
            "Officials told Reuters that the talks had stalled.",
            INDIRECT,
            "cue_then_content",
            "the talks had stalled",
            "Officials",
        ),
        ("She smiled and said that everything was fine.", INDIRECT, "cue_then_content", "everything was fine", "She"),
        ("According to police, the suspect fled the scene.", INDIRECT, "according_to", "the suspect fled the scene", "police"),
        (
            "The suspect fled the scene, according to police officials.",
            INDIRECT,
            "according_to",
            "The suspect fled the scene",
            "police officials",
        ),
        (
            'The company said the plan was "a disaster" for workers.',
            MIXED,
            "cue_then_content",
            'the plan was "a disaster" for workers',
            "The company",
        ),
    ],
)
def test_rules(nlp: Language, text: str, kind: str, rule: str, content: str, speaker: str) -> None:
    [quote] = found(nlp, text)
    assert (quote.kind, quote.rule, quote.text, quote.speaker) == (kind, rule, content, speaker)


def test_split_quote_around_the_attribution(nlp: Language) -> None:
    [quote] = found(nlp, '"It was a mistake," he said, "and we regret it deeply."')
    assert quote.kind == DIRECT and quote.rule == "split_quote"
    assert quote.text.startswith("It was a mistake") and quote.text.endswith("regret it deeply.")


def test_attribution_in_the_middle_of_reported_speech(nlp: Language) -> None:
    [quote] = found(
        nlp,
        'Sheila Smith spoke first.\nThe summit could be less startling, Smith said, as Trump "has a fairly strong commitment".',
    )
    assert quote.kind == MIXED and quote.rule == "content_around_cue"
    assert quote.text.startswith("The summit could be less startling") and quote.text.endswith('commitment"')
    assert quote.canonical == "Sheila Smith"


def test_speaker_is_never_a_word_inside_the_quote(nlp: Language) -> None:
    # The parser makes "energy" (inside the quote) the subject of "told"; textacy reports it as the speaker.
    text = (
        'Since Japan has cut its imports from Russia, it "desperately needs to open up new sources of LNG, '
        'and other energy more broadly", Sheila Smith, senior fellow at the Council on Foreign Relations, told AFP.'
    )
    doc = nlp(text)
    [quote] = doc._.quotes
    assert quote.speaker.span.text == "Sheila Smith"
    assert quote.addressee.text == "AFP"
    assert quote.kind == MIXED


@pytest.mark.parametrize(
    "text",
    [
        'Critics call the plan a "disaster" for the region.',  # scare quote, no cue
        'Trump\'s "America First" agenda risks encroaching on trade ties.',  # title in quotes
        "The deal, which he said was unfair, collapsed.",  # cue inside a relative clause
        "He has said nothing.",  # no content
    ],
)
def test_no_quote_without_an_attribution(nlp: Language, text: str) -> None:
    assert found(nlp, text) == []


def test_quoted_fragments_inside_reported_speech_are_not_separate_quotes(nlp: Language) -> None:
    text = (
        "Japan's Nikkei newspaper said Thursday the pair will issue a joint statement, which could vow to build "
        'a "golden age" of bilateral relations and bring the alliance to "new heights".'
    )
    [quote] = found(nlp, text)
    assert quote.kind == MIXED and quote.canonical == "Nikkei"
    assert quote.text.startswith("the pair will issue") and quote.text.endswith('"new heights"')


def test_nested_attribution_inside_content_is_dropped(nlp: Language) -> None:
    text = "Ishiba is expected to tell Trump that Japan will increase defence purchases, the Nikkei said."
    [quote] = found(nlp, text)
    assert quote.canonical == "Nikkei" and quote.kind == INDIRECT


def test_unbalanced_quote_marks_never_fail(nlp: Language) -> None:
    text = 'He said "this is not over.\n"We will fight," she said "\n" " "'
    doc = nlp(text)
    for quote in doc._.quotes:
        assert 0 <= quote.start_char < quote.end_char <= len(text)
