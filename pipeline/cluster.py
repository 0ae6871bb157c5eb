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
from pipeline.local import corpus_stage, expand_inputs, finish_articles, run, screen_articles
from pipeline.locations import filesystem, join
from pipeline.manifest import listed_files, manifest
from pipeline.nlp import build_light_nlp, build_nlp, model_info
from pipeline.runs import RunSummary, Settings, committing, stop_if_strict
from pipeline.store import OutputStore
from pipeline.tables import CORPUS_TABLES, SCHEMAS
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


@contextlib.contextmanager
def _connected(address: str) -> Iterator:
    """A client of the cluster at `address` (or of a new local cluster), closed when the run ends."""
    from dask.distributed import Client, LocalCluster

    cluster = None
    if address == LOCAL:
        cluster = LocalCluster(n_workers=None, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster if cluster is not None else address)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@contextlib.contextmanager
def _parts_folder(out_dir: str | Path) -> Iterator[str]:
    """Where the workers write their part files; removed when the run ends, whatever happened."""
    parts = join(out_dir, f"{PARTS_PREFIX}{uuid.uuid4().hex}")
    try:
        yield parts
    finally:
        with contextlib.suppress(OSError):
            fs, root = filesystem(parts)
            fs.rm(root, recursive=True)


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


def _spread(client, articles: Iterable[Article], parts: str, store: OutputStore, summary: RunSummary, settings: Settings) -> None:
    """Send the articles to the workers in batches and gather their tables in input order, a few batches
    in flight per worker."""
    window = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
    fields = asdict(settings)
    pending: deque = deque()
    for number, batch in enumerate(_batches(articles)):
        stop_if_strict(settings, summary.errors)
        folder = join(parts, f"batch-{number:08d}")
        pending.append((folder, client.submit(process_batch, batch, fields, folder, pure=False)))
        _gather_done(pending, window - 1, store, summary)
    _gather_done(pending, 0, store, summary)


def _gather_done(pending: deque, keep: int, store: OutputStore, summary: RunSummary) -> None:
    """Gather the oldest batches, waiting for each, until at most `keep` are in flight."""
    while len(pending) > keep:
        folder, future = pending.popleft()
        _gather(folder, store, summary, future.result())


def extract_on_cluster(inputs: Inputs, out_dir: str | Path, settings: Settings) -> RunSummary:
    """`extract` with the work done by Dask workers (`settings.scheduler`: an address, or `local`).

    Like a local run, one that processes no article or fails writes nothing (no `out_dir` in the summary).
    """
    inputs = as_inputs(inputs)
    started = time.perf_counter()
    summary = RunSummary.empty()
    # Left in reverse order: the parts go before the store aborts, so an output folder this run created can go too.
    with (
        committing(OutputStore(out_dir, partition_by=settings.partition_by)) as output,
        _connected(settings.scheduler or LOCAL) as client,
        _parts_folder(out_dir) as parts,
    ):
        articles = screen_articles(expand_inputs(inputs, settings.reading), summary)
        _spread(client, articles, parts, output.store, summary, settings)
        finish_articles(output.store, summary, settings, listed_files(inputs, settings.exclude))
        corpus_stage(output.store, summary)
        summary.seconds = time.perf_counter() - started
        if summary.documents:
            light = build_light_nlp(settings.model, attitudes=settings.attitudes)
            pipeline = ["(model components, on the workers)", *light.pipe_names]
            output.commit(manifest(inputs, model_info(light), pipeline, settings, summary), summary)
    return summary
