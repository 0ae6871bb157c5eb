"""The local engine: read articles, run the model, resolve entities, attribute quotes, write tables.

The model stage (`tokens`: tokenisation, tags, parse, NER) runs in `nlp.pipe`, in several
processes if asked. The `entities` and `quotes` stages are our own components; they run on
each returned doc in the main process, through `nlp.pipe` with an error handler
(`Pipe.set_error_handler`), so a failure in one article becomes one `errors` row and the run
goes on. A cluster run (`pipeline.cluster`) runs `run` on its workers.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
from spacy.language import Language
from spacy.tokens import Doc
from tqdm import tqdm

from pipeline.articles import (
    DEFAULT_READING,
    Article,
    CorpusColumns,
    InputError,
    Inputs,
    ReadItem,
    ReadOptions,
    as_inputs,
    read_inputs,
    under_fallback_id,
)
from pipeline.cache import CacheError, DocCache, cache_key
from pipeline.labels import ENTITY_RESOLUTION, QUOTE_ATTRIBUTION, STAGE_CACHE, STAGE_ENTITIES, STAGE_QUOTES, STAGE_TABLES
from pipeline.locations import InputFile, input_files
from pipeline.manifest import hash_files, listed_files, manifest
from pipeline.nlp import model_info, model_key
from pipeline.people import TableReader, corpus_people
from pipeline.pieces import join_docs, split_text
from pipeline.runs import CorpusSink, RunSummary, Settings, Sink, committing, parse_cache_dir, stop_if_strict
from pipeline.shares import Share
from pipeline.store import OutputStore
from pipeline.tables import SCHEMAS, doc_tables, error_table
from pipeline.writers import WIDENING_TABLES, combine

#: Our components, run per doc after the model, with the stage name their failures carry.
OWN_STAGES = {ENTITY_RESOLUTION: STAGE_ENTITIES, QUOTE_ATTRIBUTION: STAGE_QUOTES}
#: Below this much input, starting more model processes costs more than it saves.
PARALLEL_FROM_BYTES = 2_000_000


class MemorySink:
    """Collects record batches per table, for the in-memory Python API."""

    def __init__(self) -> None:
        self.batches: dict[str, list[pa.RecordBatch]] = {name: [] for name in SCHEMAS}

    def write(self, table: str, batch: pa.RecordBatch) -> None:
        self.batches[table].append(batch)

    def table(self, name: str) -> pa.Table:
        """One table; `documents` under the union of its rows' columns (the input's own ones too)."""
        batches = self.batches[name]
        if not batches:
            return SCHEMAS[name].empty_table()
        return combine(batches) if name in WIDENING_TABLES else pa.Table.from_batches(batches, schema=SCHEMAS[name])

    def read(self, table: str, columns: list[str]) -> pa.Table:
        return self.table(table).select(columns)

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: self.table(name).to_pandas() for name in self.batches}


def expand_inputs(inputs: Iterable[str | Path | Article | Share], options: ReadOptions = DEFAULT_READING) -> Iterator[ReadItem]:
    """Paths are read as files or folders; `Article` objects pass through as they are; a cluster worker's
    `Share` reads its own files."""
    for item in inputs:
        if isinstance(item, Article):
            yield item
        elif isinstance(item, Share):
            yield from item.read(options)
        else:
            yield from read_inputs([item], options)


def corpus_stage(sink: CorpusSink, summary: RunSummary, read: TableReader | None = None) -> None:
    """The corpus-level tables (people) over every per-article table the run has written.

    `read` reads a table the sink does not hold (a re-run reads the kept entities table).
    """
    people = corpus_people(read or sink.read)
    for batch in people.to_batches():
        sink.write("people", batch)
    summary.rows["people"] = people.num_rows


def screen_articles(items: Iterable[ReadItem], summary: RunSummary) -> Iterator[Article]:
    """Articles to analyse; input errors and the corpus columns used are recorded. A repeated
    doc_id keeps the first article."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, InputError):
            summary.errors.append(item)
            continue
        if isinstance(item, CorpusColumns):
            sources = summary.columns.setdefault(item.describe(), [])
            if item.source not in sources:
                sources.append(item.source)
                summary.warnings.extend(item.warnings())
            continue
        if item.doc_id in seen and item.fallback_id is not None and item.fallback_id not in seen:
            item = under_fallback_id(item)
        summary.warnings.extend(item.warnings)
        if item.doc_id in seen:
            summary.errors.append(
                InputError(
                    item.source, item.doc_id, "DuplicateId", "doc_id already used by an earlier article; the first is kept"
                )
            )
            continue
        seen.add(item.doc_id)
        yield item


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


def _to_parse(
    articles: Iterable[Article], nlp: Language, known: set[str], summary: RunSummary
) -> Iterator[tuple[str, tuple[str, int, int]]]:
    """Texts the model has to parse, with their cache key, piece number and piece count.

    An article is parsed when its key was not in the cache at the start of the run and it is
    the first article with that text; one longer than `max_length` goes in pieces.
    """
    model, seen = model_key(nlp), set()
    for article in articles:
        key = cache_key(article.text, model)
        if key in known or key in seen:
            continue
        seen.add(key)
        limit = nlp.max_length
        pieces = split_text(article.text, limit) if len(article.text) > limit else [article.text]
        if len(pieces) > 1:
            summary.warnings.append(
                f"{article.source} [{article.doc_id}]: {len(article.text):,} characters, parsed in {len(pieces)} pieces"
            )
        for number, piece in enumerate(pieces):
            yield piece, (key, number, len(pieces))


def parse(texts: Iterable[tuple[str, tuple[str, int, int]]], nlp: Language, settings: Settings) -> Iterator[tuple[str, Doc]]:
    """The model stage: (key, doc) for every text, in order, pieces joined back.

    `nlp.pipe` gets plain strings, their contexts kept aside in order: with `as_tuples` spaCy
    tokenises every text in the main process and ships it to the workers as a serialised doc,
    which costs the main process more than our own stages do.
    """
    own = [name for name in OWN_STAGES if name in nlp.pipe_names]
    contexts: deque[tuple[str, int, int]] = deque()

    def strings() -> Iterator[str]:
        for text, context in texts:
            contexts.append(context)
            yield text

    parsed = nlp.pipe(strings(), batch_size=settings.batch_size, n_process=settings.n_process or 1, disable=own)
    pending: list[Doc] = []
    for doc in parsed:
        key, number, count = contexts.popleft()
        pending.append(doc)
        if number == count - 1:
            yield key, join_docs(pending)
            pending = []


def analyse(
    inputs: list[str | Path | Article], nlp: Language, cache: DocCache, settings: Settings, summary: RunSummary
) -> Iterator[tuple[Article, Doc]]:
    """Every article's doc after our own stages, in input order; failures become errors."""
    return own_stages(_parsed(inputs, nlp, cache, settings, summary), nlp, summary)


def _parsed(
    inputs: list[str | Path | Article], nlp: Language, cache: DocCache, settings: Settings, summary: RunSummary
) -> Iterator[tuple[Doc, Article]]:
    """Every article's parse, from the model or the cache, in input order.

    The inputs are read twice, in step: one reading feeds the model (in its own processes)
    the texts the parse cache lacks, the other takes each article's parse, from the model or
    the cache, so our stages run while the model works on the next batches.
    """
    model = model_key(nlp)
    known = set() if settings.force else cache.keys()
    scratch = RunSummary(rows={}, errors=[])  # the second reading records the input errors
    articles = screen_articles(expand_inputs(inputs, settings.reading), scratch)
    fresh = parse(_to_parse(articles, nlp, known, summary), nlp, settings)
    seen: set[str] = set()
    for article in screen_articles(expand_inputs(inputs, settings.reading), summary):
        key = cache_key(article.text, model)
        if key not in known and key not in seen:
            seen.add(key)
            parsed_key, doc = next(fresh)
            cache.add(parsed_key, doc)
            summary.parsed += 1
        else:
            try:
                doc = cache.get(key)
            except CacheError as exc:
                summary.errors.append(InputError(article.source, article.doc_id, "CacheError", str(exc), stage=STAGE_CACHE))
                continue
            summary.cached += 1
        yield doc, article
    cache.flush()


def run(inputs: Inputs, sink: Sink, nlp: Language, settings: Settings, cache: DocCache) -> RunSummary:
    """Process every input into `sink`; return the summary (rows written, errors, time)."""
    inputs = as_inputs(inputs)
    started = time.perf_counter()
    summary = RunSummary.empty()
    listed = listed_files(inputs, settings.exclude)  # the files as the run found them, hashed once it is done
    progress = tqdm(unit="doc", disable=not settings.progress, file=sys.stderr, desc="extract")
    for article, doc in analyse(inputs, nlp, cache, settings, summary):
        stop_if_strict(settings, summary.errors)
        try:
            tables = doc_tables(article, doc)
        except Exception as exc:
            summary.errors.append(InputError(article.source, article.doc_id, type(exc).__name__, str(exc), stage=STAGE_TABLES))
            continue
        for name, batch in tables.items():
            sink.write(name, batch)
            summary.rows[name] += batch.num_rows
        progress.update()
    progress.close()
    finish_articles(sink, summary, settings, listed)
    summary.seconds = time.perf_counter() - started
    return summary


def finish_articles(sink: Sink, summary: RunSummary, settings: Settings, files: Iterable[InputFile]) -> None:
    """The end of the per-article stages: hash the inputs (before the errors table, which gets their
    failures), stop a `--strict` run with errors, write the errors table."""
    summary.inputs = hash_files(files, summary.errors)
    stop_if_strict(settings, summary.errors)
    sink.write("errors", error_table(summary.errors))
    summary.rows["errors"] = len(summary.errors)


def tables_in_memory(inputs: list[str | Path | Article], nlp: Language, settings: Settings) -> dict[str, pd.DataFrame]:
    """Every table of a run as a DataFrame, with the parse cache in memory: nothing is written."""
    sink = MemorySink()
    summary = run(inputs, sink, nlp, settings, DocCache(None, nlp.vocab))
    corpus_stage(sink, summary)
    return sink.frames()


def write_tables(inputs: list[str | Path | Article], out_dir: str | Path, nlp: Language, settings: Settings) -> RunSummary:
    """Every table of a run, the parse cache and the manifest written to `out_dir` together, or nothing
    (a run that processes no article, fails or is interrupted)."""
    cache = DocCache(parse_cache_dir(out_dir, settings), nlp.vocab)
    with committing(OutputStore(out_dir, partition_by=settings.partition_by), cache) as output:
        summary = run(inputs, output.store, nlp, settings, cache)
        if summary.documents:
            corpus_stage(output.store, summary)
            output.commit(manifest(inputs, model_info(nlp), nlp.pipe_names, settings, summary), summary)
    return summary


def _input_bytes(inputs: Iterable[str | Path | Article]) -> int:
    total = 0
    for item in inputs:
        if isinstance(item, Article):
            total += len(item.text)
        else:
            total += sum(file.size() for file in input_files(item) or [])
    return total


def default_processes(inputs: list[str | Path | Article]) -> int:
    """Every core for a large input, one process for a small one (workers take seconds to start)."""
    return (os.cpu_count() or 1) if _input_bytes(inputs) >= PARALLEL_FROM_BYTES else 1
