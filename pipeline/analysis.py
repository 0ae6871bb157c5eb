"""Analysing articles into tables: the model stage, our own stages and the per-article tables.

The same steps run in the main process of a one-process run (`pipeline.local`) and inside each
model process of a parallel one (`pipeline.parallel`). An article comes as a `Job`, which says
whether the model parses its text or its parse is read from the parse cache; failures of our
stages become `errors` rows through spaCy's error handler, and the run goes on.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pyarrow as pa
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.articles import Article, InputError
from pipeline.cache import CacheError, DocCache
from pipeline.labels import ENTITY_RESOLUTION, QUOTE_ATTRIBUTION, STAGE_CACHE, STAGE_ENTITIES, STAGE_QUOTES, STAGE_TABLES
from pipeline.pieces import join_docs, split_text
from pipeline.runs import RunSummary
from pipeline.tables import doc_tables

#: Our components, run per doc after the model, with the stage name their failures carry.
OWN_STAGES = {ENTITY_RESOLUTION: STAGE_ENTITIES, QUOTE_ATTRIBUTION: STAGE_QUOTES}

Tables = dict[str, pa.RecordBatch]
#: Articles whose tables are joined into one batch per table; in several processes, the jobs per
#: task (one model batch) and so the docs per parse cache part: a task is a few seconds of work,
#: so the processes finish close together (64 left one idle for seconds at the end of a run).
CHUNK_JOBS = 32


@dataclass(frozen=True)
class Job:
    """One article to analyse: `parse` it with the model, or read its parse from the cache under
    `key`; `store` its new parse in the cache (the first article of a run with that text)."""

    article: Article
    key: str
    parse: bool
    store: bool


def _model_pipes(nlp: Language) -> list[str]:
    return [name for name in nlp.pipe_names if name not in OWN_STAGES]


@contextmanager
def _recording_errors(nlp: Language, summary: RunSummary) -> Iterator[None]:
    """Our components' failures, through spaCy's error handler, as `errors` rows of their article.

    A doc whose entities fail is dropped; one whose quotes fail keeps its other tables, with
    no quote rows and no quote count (`QuoteAttribution.pipe`).
    """

    def record(name: str, component: object, docs: list[Doc], exc: Exception) -> None:
        for doc in docs:
            article: Article = doc._context
            summary.errors.append(
                InputError(article.source, article.doc_id, type(exc).__name__, str(exc), stage=OWN_STAGES[name])
            )

    components = [nlp.get_pipe(name) for name in OWN_STAGES if name in nlp.pipe_names]
    previous = [component.get_error_handler() for component in components]
    for component in components:
        component.set_error_handler(record)
    try:
        yield
    finally:
        for component, handler in zip(components, previous, strict=True):
            component.set_error_handler(handler)


def own_stages(parsed: Iterable[tuple[Doc, Article]], nlp: Language, summary: RunSummary) -> Iterator[tuple[Article, Doc]]:
    """Entity resolution then quote attribution on each parsed doc, by `nlp.pipe` with the model's
    components left out (per call: the model stage may be running its own `pipe` meanwhile)."""
    with _recording_errors(nlp, summary):
        for doc, article in nlp.pipe(parsed, as_tuples=True, disable=_model_pipes(nlp)):
            yield article, doc


def _pieces(job: Job, nlp: Language, summary: RunSummary) -> Iterator[tuple[str, tuple[str, int, int]]]:
    """The texts the model parses for a job, with its cache key, piece number and piece count:
    the article, or its pieces when it is longer than `max_length`."""
    text, limit = job.article.text, nlp.max_length
    pieces = split_text(text, limit) if len(text) > limit else [text]
    if len(pieces) > 1:
        article = job.article
        summary.warnings.append(f"{article.source} [{article.doc_id}]: {len(text):,} characters, parsed in {len(pieces)} pieces")
    for number, piece in enumerate(pieces):
        yield piece, (job.key, number, len(pieces))


def parse(texts: Iterable[tuple[str, tuple[str, int, int]]], nlp: Language, batch_size: int) -> Iterator[tuple[str, Doc]]:
    """The model stage: (key, doc) for every text, in order, pieces joined back.

    `nlp.pipe` gets plain strings, their contexts (key, piece number, piece count) kept aside in order.
    """
    own = [name for name in OWN_STAGES if name in nlp.pipe_names]
    contexts: deque[tuple[str, int, int]] = deque()

    def strings() -> Iterator[str]:
        for text, context in texts:
            contexts.append(context)
            yield text

    parsed = nlp.pipe(strings(), batch_size=batch_size, disable=own)
    pending: list[Doc] = []
    for doc in parsed:
        key, number, count = contexts.popleft()
        pending.append(doc)
        if number == count - 1:
            yield key, join_docs(pending)
            pending = []


def parsed_docs(
    jobs: Iterable[Job], nlp: Language, cache: DocCache, batch_size: int, summary: RunSummary, keep: Callable[[str, Doc], None]
) -> Iterator[tuple[Doc, Article]]:
    """Every job's parse, from the model or the cache, in order; `keep` gets each parse to store.

    The model reads its texts a batch ahead of the jobs taken here, so a job whose text an
    earlier job stores finds it in the cache.
    """
    jobs, ahead = itertools.tee(jobs)
    fresh = parse((piece for job in ahead if job.parse for piece in _pieces(job, nlp, summary)), nlp, batch_size)
    for job in jobs:
        if job.parse:
            key, doc = next(fresh)
            if job.store:
                keep(key, doc)
            summary.parsed += 1
        else:
            try:
                doc = cache.get(job.key)
            except CacheError as exc:
                article = job.article
                summary.errors.append(InputError(article.source, article.doc_id, "CacheError", str(exc), stage=STAGE_CACHE))
                continue
            summary.cached += 1
        yield doc, job.article


def article_tables(analysed: Iterable[tuple[Article, Doc]], summary: RunSummary) -> Iterator[Tables]:
    """Each analysed article's tables; an article whose tables fail is an `errors` row."""
    for article, doc in analysed:
        try:
            yield doc_tables(article, doc)
        except Exception as exc:
            summary.errors.append(InputError(article.source, article.doc_id, type(exc).__name__, str(exc), stage=STAGE_TABLES))


def joined(tables: list[Tables]) -> list[Tables]:
    """Articles' tables as one batch per table, for each run of articles whose documents have the
    same columns (a corpus's own columns may vary). Writers hold batches until a row group is full
    (65,536 rows: that many articles for `documents`), and a batch costs far more than its rows,
    most of all one unpickled from a model process, which carries its own schema: one batch per
    article and table made a two-process run of 9,520 articles grow by 400 MiB."""
    runs: list[list[Tables]] = []
    for article in tables:
        if runs and runs[-1][0]["documents"].schema.equals(article["documents"].schema):
            runs[-1].append(article)
        else:
            runs.append([article])
    return [{name: pa.concat_batches([article[name] for article in run]) for name in run[0]} for run in runs]
