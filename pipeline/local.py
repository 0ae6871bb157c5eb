"""The local engine: read articles, analyse them (`pipeline.analysis`), write the tables.

With one process the model stage (`tokens`: tokenisation, tags, parse, NER) and our own stages
(`entities`, `quotes`) run here, batch after batch; with several, each model process runs them all
on chunks of articles and sends back their tables (`pipeline.parallel`). A failure in one article
becomes one `errors` row and the run goes on. A cluster run (`pipeline.cluster`) runs `run` on its
workers.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
from spacy.language import Language
from spacy.util import minibatch
from tqdm import tqdm

from pipeline.analysis import CHUNK_JOBS, Job, Tables, article_tables, joined, own_stages, parsed_docs
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
from pipeline.cache import DocCache, cache_key
from pipeline.locations import InputFile, input_files
from pipeline.manifest import hash_files, listed_files, manifest
from pipeline.nlp import model_info, model_key
from pipeline.parallel import analyse_in_processes
from pipeline.people import TableReader, corpus_people
from pipeline.runs import CorpusSink, RunSummary, Settings, Sink, committing, parse_cache_dir, stop_if_strict
from pipeline.shares import Share
from pipeline.store import OutputStore
from pipeline.tables import SCHEMAS, error_table
from pipeline.writers import WIDENING_TABLES, combine

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


def _jobs(articles: Iterable[Article], nlp: Language, cache: DocCache, settings: Settings, reparse: bool) -> Iterator[Job]:
    """A job per article: parsed when its key was not in the cache at the start of the run, stored
    by the first article with that text; a later one reads it from the cache, or is parsed again
    with `reparse` (in a model process, which does not see this run's parses)."""
    model = model_key(nlp)
    known = set() if settings.force else cache.keys()
    stored: set[str] = set()
    for article in articles:
        key = cache_key(article.text, model)
        store = key not in known and key not in stored
        if store:
            stored.add(key)
        yield Job(article, key, parse=store or (reparse and key not in known), store=store)


def analyse(
    inputs: list[str | Path | Article], nlp: Language, cache: DocCache, settings: Settings, summary: RunSummary
) -> Iterator[Tables]:
    """Every article's tables, in input order; failures become errors.

    With one process the model, our stages and the tables run here, one batch after another;
    with more, each process runs them all on chunks of articles (`pipeline.parallel`).
    """
    articles = screen_articles(expand_inputs(inputs, settings.reading), summary)
    processes = settings.n_process or 1
    if processes > 1:
        jobs = _jobs(articles, nlp, cache, settings, reparse=True)
        yield from analyse_in_processes(jobs, nlp, cache, processes, settings.batch_size, summary)
        return
    docs = parsed_docs(_jobs(articles, nlp, cache, settings, reparse=False), nlp, cache, settings.batch_size, summary, cache.add)
    for chunk in minibatch(article_tables(own_stages(docs, nlp, summary), summary), CHUNK_JOBS):
        yield from joined(chunk)  # as a model process sends them, so both write the same batches
    cache.flush()


def run(inputs: Inputs, sink: Sink, nlp: Language, settings: Settings, cache: DocCache) -> RunSummary:
    """Process every input into `sink`; return the summary (rows written, errors, time)."""
    inputs = as_inputs(inputs)
    started = time.perf_counter()
    summary = RunSummary.empty()
    listed = listed_files(inputs, settings.exclude)  # the files as the run found them, hashed once it is done
    progress = tqdm(unit="doc", disable=not settings.progress, file=sys.stderr, desc="extract")
    for tables in analyse(inputs, nlp, cache, settings, summary):
        stop_if_strict(settings, summary.errors)
        for name, batch in tables.items():
            sink.write(name, batch)
            summary.rows[name] += batch.num_rows
        progress.update(tables["documents"].num_rows)
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
