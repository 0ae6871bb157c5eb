"""A quotation introduced by a colon after a clause about its speaker."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.quotes import DIRECT


def _quotes(nlp: Language, text: str) -> list[tuple[str, str, str, str]]:
    return [(q.rule, q.kind, q.text, q.speaker.span.text) for q in nlp(text)._.quotes]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            'Martell, the addictions doctor, is more blunt: "People are dying and nobody is listening."',
            "People are dying and nobody is listening.",
            "Martell",
        ),
        ('He put it simply: "We lost."', "We lost.", "He"),
    ],
)
def test_the_clause_before_the_colon_gives_the_speaker(nlp: Language, text: str, content: str, speaker: str) -> None:
    assert _quotes(nlp, text) == [("colon_quote", DIRECT, content, speaker)]


@pytest.mark.parametrize(
    "text",
    [
        'The sign read: "No entry after dark tonight."',  # a sign says nothing
        'The question is: "What happens to the workers now?"',  # nor does a question
        'Here is the list: "apples, pears and plums"',  # no subject who speaks
    ],
)
def test_a_colon_after_a_clause_about_no_speaker_is_no_quote(nlp: Language, text: str) -> None:
    assert _quotes(nlp, text) == []


def test_a_quotation_after_a_cue_and_colon_keeps_its_cue(nlp: Language) -> None:
    [(rule, _, content, speaker)] = _quotes(nlp, 'Sheila Smith told AFP: "We are ready for it."')
    assert (rule, content, speaker) == ("cue_then_content", "We are ready for it.", "Sheila Smith")
