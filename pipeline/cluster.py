"""Running `extract` on a Dask cluster: batches of articles go to workers, which run every
stage and write their part files; the client gathers the parts in input order into the same
tables a local run writes.

Workers need this project installed (the same version) and must see the output location (a
shared file system or an fsspec URL such as s3://). Each worker loads the model once and keeps
it for every batch it gets.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict, replace
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.articles import Article, InputError, Inputs, as_inputs
from pipeline.cache import DocCache
from pipeline.locations import filesystem, join
from pipeline.nlp import build_light_nlp, build_nlp, model_info
from pipeline.runner import (
    RunSummary,
    Settings,
    StrictFailure,
    _expand,
    corpus_stage,
    input_hashes,
    manifest,
    run,
    screen_articles,
)
from pipeline.store import OutputStore
from pipeline.tables import CORPUS_TABLES, SCHEMAS, error_table
from pipeline.writers import WIDENING_TABLES, table_writer

LOCAL = "local"
#: Articles per task: enough to keep a worker's model busy, small enough to spread the work.
BATCH_ARTICLES = 64
#: Batches in flight per worker, so the client never holds the whole corpus.
IN_FLIGHT_PER_WORKER = 2
PARTS_PREFIX = ".parts-"

_WORKER_NLP: dict[tuple, object] = {}


def _worker_nlp(settings: Settings):
    """The worker's pipeline, built on first use and kept for later batches."""
    key = (settings.model, settings.attitudes)
    if key not in _WORKER_NLP:
        _WORKER_NLP[key] = build_nlp(settings.model, attitudes=settings.attitudes)
    return _WORKER_NLP[key]


class _PartSink:
    """Writes one batch's tables to its own folder of parquet files (a path or URL)."""

    def __init__(self, folder: str) -> None:
        fs, root = filesystem(folder)
        fs.makedirs(root, exist_ok=True)
        self.writers = {name: table_writer(join(root, f"{name}.parquet"), name, schema, fs) for name, schema in SCHEMAS.items()}

    def write(self, table: str, batch) -> None:
        self.writers[table].write(batch)

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()


def process_batch(articles: list[Article], settings_fields: dict, folder: str) -> dict:
    """Run on a worker: every stage for a batch of articles, tables written under `folder`."""
    settings = replace(Settings(**settings_fields), n_process=1, progress=False, scheduler=None)
    nlp = _worker_nlp(settings)
    sink = _PartSink(folder)
    summary = run(articles, sink, nlp, settings, DocCache(None, nlp.vocab))
    sink.close()
    return {"errors": [asdict(e) for e in summary.errors], "warnings": summary.warnings, "parsed": summary.parsed}


def _batches(articles: Iterable[Article]) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) == BATCH_ARTICLES:
            yield batch
            batch = []
    if batch:
        yield batch


def _client(address: str):
    from dask.distributed import Client, LocalCluster

    if address == LOCAL:
        cluster = LocalCluster(n_workers=None, threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster), cluster
    return Client(address), None


def _gather(folder: str, store: OutputStore, summary: RunSummary, outcome: dict) -> None:
    """Copy a finished batch's part files into the output tables, in order, then drop them."""
    fs, root = filesystem(folder)
    for name in SCHEMAS:
        if name == "errors" or name in CORPUS_TABLES:
            continue
        schema = None if name in WIDENING_TABLES else SCHEMAS[name]  # documents keep the input's own columns
        for batch in pq.read_table(join(root, f"{name}.parquet"), schema=schema, filesystem=fs).to_batches():
            store.write(name, batch)
            summary.rows[name] += batch.num_rows
    summary.errors.extend(InputError(**e) for e in outcome["errors"])
    summary.warnings.extend(outcome["warnings"])
    summary.parsed += outcome["parsed"]
    fs.rm(root, recursive=True)


def extract_on_cluster(inputs: Inputs, out_dir: str | Path, settings: Settings) -> RunSummary:
    """`extract` with the work done by Dask workers (`settings.scheduler`: an address, or `local`).

    Like a local run, one that processes no article or fails writes nothing (no `out_dir` in the summary).
    """
    address = settings.scheduler or LOCAL
    inputs = as_inputs(inputs)
    started = time.perf_counter()
    summary = RunSummary(rows={name: 0 for name in SCHEMAS}, errors=[])
    store = OutputStore(out_dir)
    parts = join(out_dir, f"{PARTS_PREFIX}{uuid.uuid4().hex}")
    client, cluster = _client(address)
    committed = False
    try:
        window = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
        fields = asdict(settings)
        pending: deque = deque()
        for number, batch in enumerate(_batches(screen_articles(_expand(inputs, settings.reading), summary))):
            if settings.strict and summary.errors:
                raise StrictFailure(summary.errors[0].describe())
            folder = join(parts, f"batch-{number:08d}")
            pending.append((folder, client.submit(process_batch, batch, fields, folder, pure=False)))
            while len(pending) >= window:
                folder, future = pending.popleft()
                _gather(folder, store, summary, future.result())
        while pending:
            folder, future = pending.popleft()
            _gather(folder, store, summary, future.result())
        summary.inputs = input_hashes(
            inputs, summary.errors, settings.exclude
        )  # before the errors table, which gets its failures
        if settings.strict and summary.errors:
            raise StrictFailure(summary.errors[0].describe())
        store.write("errors", error_table(summary.errors))
        summary.rows["errors"] = len(summary.errors)
        corpus_stage(store, summary)
        summary.seconds = time.perf_counter() - started
        if summary.documents:
            light = build_light_nlp(settings.model, attitudes=settings.attitudes)
            pipeline = ["(model components, on the workers)", *light.pipe_names]
            store.commit(manifest(inputs, model_info(light), pipeline, settings, summary))
            committed = True
    finally:
        with contextlib.suppress(OSError):
            fs, root = filesystem(parts)
            fs.rm(root, recursive=True)
        if not committed:
            store.abort()  # after the parts are gone, so an output folder this run created can go too
        client.close()
        if cluster is not None:
            cluster.close()
    if committed:
        summary.out_dir = str(out_dir)
    return summary
