"""The memoised lemmatizer gives the model lemmatizer's lemmas, with a stem's silent e kept."""

from __future__ import annotations

import spacy
from spacy.language import Language

from pipeline.labels import CACHED_LEMMATIZER
from pipeline.lemmas import MODEL_LEMMATIZER, silent_e
from pipeline.nlp import resolve_model_name

TEXTS = [
    "The senators said they were running out of time, and Mary's cats were sleeping.",
    "He'd gone; they've seen better days. Officials were told the geese flew over the houses.",
    "She is saying that the children ran faster than their parents had ever run.",
]


def test_same_lemmas_as_the_model_where_it_has_one_reading(nlp: Language) -> None:
    reference = spacy.load(resolve_model_name())
    for text in TEXTS * 2:  # the second pass is served from the cache
        expected = [t.lemma_ for t in reference(text)]
        with nlp.select_pipes(enable=[p for p in nlp.pipe_names if p not in ("entity_resolution", "quote_attribution")]):
            assert [t.lemma_ for t in nlp(text)] == expected


def test_replaces_the_model_lemmatizer(nlp: Language) -> None:
    assert CACHED_LEMMATIZER in nlp.pipe_names and MODEL_LEMMATIZER not in nlp.pipe_names
    assert MODEL_LEMMATIZER in nlp.disabled


def test_a_stem_keeps_its_silent_e_where_the_model_drops_it(nlp: Language) -> None:
    doc = nlp("Cruz hopes to win; he hoped and is hoping. She hops, hopped and is hopping. They rated it and visited.")
    verbs = {t.lower_: t.lemma_ for t in doc if t.pos_ == "VERB"}
    assert {w: verbs[w] for w in ("hopes", "hoped", "hoping", "rated")} == dict.fromkeys(("hopes", "hoped", "hoping"), "hope") | {
        "rated": "rate"
    }
    assert {w: verbs[w] for w in ("hops", "hopped", "hopping", "visited")} == {
        "hops": "hop",
        "hopped": "hop",
        "hopping": "hop",
        "visited": "visit",
    }


def test_silent_e_only_between_two_readings() -> None:
    assert silent_e("hopes", ["hop", "hope"]) == "hope"
    assert silent_e("hops", ["hop"]) == "hop"
    assert silent_e("showed", ["show", "showe"]) == "show"  # w is never doubled: no e was lost
