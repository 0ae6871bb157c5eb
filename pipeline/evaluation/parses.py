"""The model's parses of the articles scored, kept between runs (`eval --parse-cache DIR`).

Rule work scores the same articles again and again while the model's part of the pipeline
(tagger, parser, entities) stays the same. With a cache folder, `eval` parses an article once,
into the parse cache `extract` uses (`pipeline.cache`, keyed by text and model), and later runs
only our own stages (entity resolution, quote attribution) over the stored parse: the same docs
and scores, PolNeAR dev in seconds instead of half a minute, train in well under a minute
instead of six.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.cache import DocCache, cache_key
from pipeline.labels import ENTITY_RESOLUTION, QUOTE_ATTRIBUTION
from pipeline.nlp import model_key

#: Our components: they run on every call, after the stored parse.
OWN_COMPONENTS = (ENTITY_RESOLUTION, QUOTE_ATTRIBUTION)


def scored_docs(nlp: Language, texts: Sequence[str], cache_dir: Path | None, batch_size: int) -> Iterable[Doc]:
    """The full pipeline's doc of every text, in order; with `cache_dir`, the model's part from
    the parse cache there (the texts it lacks are parsed and added first)."""
    if cache_dir is None:
        return nlp.pipe(texts, batch_size=batch_size)
    cache = DocCache(cache_dir, nlp.vocab)
    model = model_key(nlp)
    keys = [cache_key(text, model) for text in texts]
    _parse_missing(nlp, cache, dict(zip(keys, texts, strict=True)), batch_size)
    own = [name for name in OWN_COMPONENTS if name in nlp.pipe_names]
    model_pipes = [name for name in nlp.pipe_names if name not in own]
    return nlp.pipe(_stored(cache, keys), batch_size=batch_size, disable=model_pipes)


def _parse_missing(nlp: Language, cache: DocCache, texts: dict[str, str], batch_size: int) -> None:
    """Parse with the model's components alone the texts the cache lacks, and keep them."""
    known = cache.keys()
    missing = [(text, key) for key, text in texts.items() if key not in known]
    if not missing:
        return
    own = [name for name in OWN_COMPONENTS if name in nlp.pipe_names]
    try:
        for doc, key in nlp.pipe(missing, as_tuples=True, batch_size=batch_size, disable=own):
            cache.add(key, doc)
    except BaseException:
        cache.abort()
        raise
    cache.commit()


def _stored(cache: DocCache, keys: Sequence[str]) -> Iterator[Doc]:
    for key in keys:
        doc = cache.get(key)
        if doc is None:  # the cache was changed under us
            raise RuntimeError(f"parse cache {cache.root}: no parse for key {key}")
        yield doc
