"""The who-scores on a hand-computed example: resolved speakers, people, sources and gender."""

from __future__ import annotations

import pytest

from pipeline.evaluation.annotation import GoldPerson, WhoAnnotation, load_annotation
from pipeline.evaluation.gold import GoldArticle, GoldAttribution
from pipeline.evaluation.metrics import Predicted
from pipeline.evaluation.who import ArticleWho, WhoScores, normalise_name, same_name, score_article_who, speaker_correct

TEXT = "Jane Doe said A. She said B. Officials said C. Bob Roe said D."


def span(fragment: str, after: int = 0) -> tuple[tuple[int, int], ...]:
    start = TEXT.index(fragment, after)
    return ((start, start + len(fragment)),)


def test_names_are_compared_after_normalisation() -> None:
    assert normalise_name("The N.Y. Times") == "ny times"
    assert same_name("Joseph R. Biden Jr.", "Biden")
    assert not same_name("he", "Hillary Clinton")
    assert not same_name("Trump campaign", "campaign", surnames=False)


@pytest.mark.parametrize(
    ("gold", "name", "named", "correct"),
    [
        (("Jane Doe",), "Jane Doe", True, True),
        (("Jane Doe",), "Doe", True, True),
        (("Jane Doe",), "she", False, False),
        ((), "officials", False, True),
        ((), "Jane Doe", True, False),
        (("Trump campaign",), "Trump campaign", False, True),
        (("Trump campaign",), "campaign", False, False),
        (("Donald Trump", "Mike Pence"), "Pence", True, True),
    ],
)
def test_speaker_correct(gold: tuple[str, ...], name: str, named: bool, correct: bool) -> None:
    assert speaker_correct(gold, name, named) is correct


def test_hand_computed_article() -> None:
    attributions = tuple(
        GoldAttribution("Attribution", span(c), span("said", span(s)[0][0]), span(s), "indirect")
        for s, c in (("Jane Doe", "A"), ("She", "B"), ("Officials", "C"), ("Bob Roe", "D"))
    )
    article = GoldArticle("a1", TEXT, attributions)
    annotation = WhoAnnotation(
        speakers={
            "a1": {
                span("Jane Doe"): ("Jane Doe",),
                span("She"): ("Jane Doe",),
                span("Officials"): (),
                span("Bob Roe"): ("Robert Roe",),
            }
        },
        people={"a1": [GoldPerson("Jane Doe", "female", "she", "female"), GoldPerson("Robert Roe", "unknown", "", "male")]},
    )
    predicted = [
        Predicted(a.content, a.cue, a.source, speaker_name=name, speaker_named=named)
        for a, (name, named) in zip(
            attributions, [("Jane Doe", True), ("She", False), ("Officials", False), ("Roe", True)], strict=True
        )
    ]
    pairs = {0: 0, 1: 1, 2: 2, 3: 3}
    scores = WhoScores()
    ours = ArticleWho(people=[("Jane Doe", "female"), ("Bob Roe", "male")], sources=["Jane Doe", "Bob Roe"])
    errors = score_article_who(scores, annotation, article, {"speech": (pairs, predicted, [True] * 4)}, ours)
    speaker = scores.speaker["speech"]
    assert (speaker.matched, speaker.gold) == (3, 4)  # 'She' was not resolved
    assert (scores.people.matched, scores.people.gold, scores.people.predicted) == (1, 2, 2)  # Bob Roe is not Robert Roe
    assert (scores.sources.matched, scores.sources.gold, scores.sources.predicted) == (1, 2, 2)
    stated_female = scores.gender[("people", "gender", "female")]
    assert (stated_female.matched, stated_female.gold, stated_female.predicted) == (1, 1, 1)
    known_male = scores.gender[("people", "gender_known", "male")]
    assert (known_male.matched, known_male.gold, known_male.predicted) == (0, 1, 1)
    assert any(e.startswith("WHO a1: source 'She' is 'Jane Doe'") for e in errors)
    assert "PEOPLE FN a1: 'Robert Roe'" in errors and "PEOPLE FP a1: 'Bob Roe'" in errors


def test_the_shipped_annotation_covers_polnear_dev() -> None:
    annotation = load_annotation()
    assert len(annotation.speakers) >= 80 and sum(len(v) for v in annotation.speakers.values()) == 1952
    assert sum(len(v) for v in annotation.people.values()) == 661
    people = [p for v in annotation.people.values() for p in v]
    assert {p.gender for p in people} == {"female", "male", "unknown"}
