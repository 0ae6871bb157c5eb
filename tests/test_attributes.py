"""The memoised attribute ruler sets what the model's attribute ruler sets."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from pipeline.attributes import MODEL_ATTRIBUTE_RULER, CachedAttributeRuler, supported
from pipeline.labels import CACHED_ATTRIBUTE_RULER

#: The tag map, and the model's word exceptions: 'ai n't', 'gon na', 'let 's', 'nothin'', "y'all",
#: expletive 'there is'.
TEXTS = [
    "The senators said they were running out of time; Mary's cats (three of them) slept.",
    "I ai n't gon na lie: let 's go, y'all. There is nothin' left, and there were no votes.",
    '"We will appeal," the mayor said on Monday.\n\nShe is saying that the children ran faster.',
]
ATTRS = [TAG, POS, MORPH, LEMMA, DEP]


def _before_the_ruler(nlp: Language, text: str) -> Doc:
    with nlp.select_pipes(enable=["tok2vec", "tagger", "paragraph_sentences", "parser"]):
        return nlp(text)


def test_same_annotations_as_the_model_attribute_ruler(nlp: Language) -> None:
    model, cached = nlp.get_pipe(MODEL_ATTRIBUTE_RULER), nlp.get_pipe(CACHED_ATTRIBUTE_RULER)
    for text in TEXTS * 2:  # the second pass is served from the cache
        expected = model(_before_the_ruler(nlp, text)).to_array(ATTRS)
        assert (cached(_before_the_ruler(nlp, text)).to_array(ATTRS) == expected).all(), text
    doc = cached(_before_the_ruler(nlp, TEXTS[1]))
    assert [t.lemma_ for t in doc if t.lower_ in ("ai", "gon", "na", "'s", "nothin'")] == ["be", "go", "to", "us", "nothing"]


def test_replaces_the_model_attribute_ruler(nlp: Language) -> None:
    assert CACHED_ATTRIBUTE_RULER in nlp.pipe_names and MODEL_ATTRIBUTE_RULER in nlp.disabled


def _ruler() -> AttributeRuler:
    return AttributeRuler(spacy.blank("en").vocab)


def test_a_later_pattern_wins_and_one_of_two_tokens_sets_its_indexed_token() -> None:
    ruler = _ruler()
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN", "LEMMA": "thing"})
    ruler.add([[{"LOWER": "bark"}]], {"POS": "VERB"})
    ruler.add([[{"LOWER": "dogs"}, {"LOWER": "bark"}]], {"LEMMA": "woof"}, index=-1)
    words, tags = ["Dogs", "bark", "bark"], ["NNS", "NN", "NN"]
    doc = CachedAttributeRuler(ruler)(Doc(ruler.vocab, words=words, tags=tags))
    assert [(t.pos_, t.lemma_) for t in doc] == [("", ""), ("VERB", "woof"), ("VERB", "thing")]
    assert [(t.pos_, t.lemma_) for t in ruler(Doc(ruler.vocab, words=words, tags=tags))] == [(t.pos_, t.lemma_) for t in doc]


@pytest.mark.parametrize("pattern", [[{"LOWER": "x", "OP": "+"}], [{"SHAPE": "Xx"}], [{"LOWER": {"FUZZY": "x"}}]])
def test_a_pattern_it_cannot_evaluate_per_token_keeps_the_model_ruler(pattern: list[dict]) -> None:
    ruler = _ruler()
    ruler.add([pattern], {"POS": "X"})
    assert not supported(ruler)
