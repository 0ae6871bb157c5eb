"""Running `extract` on a Dask cluster: the client coordinates, the workers read and write.

The client lists the inputs and cuts them into shares (`pipeline.shares`: runs of files, byte
ranges of a large JSONL), never opening one. Each worker reads its share through fsspec, runs
every stage and writes the share's part of each table straight into the run's staging folder at
the output location (split into hive folders with `--partition-by`), with the share's people
parts (`pipeline.people.PeopleParts`); it sends back only a small outcome (counts, errors,
warnings, input hashes, its documents schema). The corpus stages run on the workers too: the
people parts are merged in a tree of tasks and the last one writes the `people` table, and a
share whose documents lack a column another share has is rewritten under the union schema.
The client writes the errors table and the manifest, and commits the parts (`OutputStore`).

Workers need this project installed (the same version) and must see the output location (a
shared file system or an fsspec URL such as s3://). Each worker loads the model once and keeps
it for every share it gets.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from pipeline.articles import InputError, Inputs, as_inputs
from pipeline.cache import DocCache
from pipeline.corpora import line_starts, row_group_rows
from pipeline.local import run
from pipeline.locations import InputFile, arrow_filesystem, filesystem, join
from pipeline.manifest import manifest
from pipeline.nlp import build_light_nlp, build_nlp, model_info
from pipeline.partitions import PARTITIONED_TABLES, closed_parts
from pipeline.people import PeopleParts, parts_location, people_from_parts, read_people_parts
from pipeline.repeated import drop_articles, later_repeats
from pipeline.runs import RunSummary, Settings, committing, stop_if_strict
from pipeline.shares import Share, plan_shares
from pipeline.store import OutputStore, part_name
from pipeline.tables import SCHEMAS, error_table
from pipeline.writers import conform, table_writer, union_schema

LOCAL = "local"
#: People parts merged per task of the reduction.
MERGE_FAN_IN = 16
#: What a share's worker writes as parts: every per-article table (errors are few, the client writes them).
SHARE_TABLES = PARTITIONED_TABLES

_WORKER_NLP: dict[tuple, object] = {}


def _worker_nlp(settings: Settings):
    """The worker's pipeline, built on first use and kept for later shares."""
    key = (settings.model, settings.attitudes)
    if key not in _WORKER_NLP:
        _WORKER_NLP[key] = build_nlp(settings.model, attitudes=settings.attitudes)
    return _WORKER_NLP[key]


class _PartSink:
    """Writes one share's tables to its part files in the staging folder (a path or URL)."""

    def __init__(self, staging: str, number: int) -> None:
        self.fs, root = filesystem(staging)
        self.root, name = root, part_name(number)
        for table in SHARE_TABLES:
            self.fs.makedirs(join(root, table), exist_ok=True)
        writing = arrow_filesystem(self.fs)
        self.writers = {t: table_writer(join(root, t, name), t, SCHEMAS[t], writing) for t in SHARE_TABLES}

    def write(self, table: str, batch: pa.RecordBatch) -> None:
        if table in self.writers:
            self.writers[table].write(batch)

    def read(self, table: str, columns: list[str]) -> pa.Table:
        return self.writers[table].read(columns)

    def close(self, partition_by: str | None) -> dict[str, list[str]]:
        """Close every table; its parts relative to the staging folder (one, or one per hive folder)."""
        return closed_parts(self.fs, self.root, self.writers, partition_by)


def process_share(share: Share, first_line: int | None, settings_fields: dict, staging: str) -> dict[str, Any]:
    """Run on a worker: read the share, run every stage, write its parts and people parts; return its outcome."""
    settings = replace(Settings(**settings_fields), n_process=1, progress=False, scheduler=None)
    if first_line is not None:
        share = share.with_first_line(first_line)
    nlp = _worker_nlp(settings)
    sink = _PartSink(staging, share.number)
    summary = run([share], sink, nlp, settings, DocCache(None, nlp.vocab))
    read_people_parts(sink.read).write(parts_location(staging, share.number))
    parts = sink.close(settings.partition_by)
    fs, root = filesystem(staging)
    schema = pq.read_schema(join(root, parts["documents"][0]), filesystem=fs)
    return {
        "parts": parts,
        "schema": schema,
        "rows": summary.rows,
        "errors": [asdict(e) for e in summary.errors],
        "warnings": summary.warnings,
        "columns": summary.columns,
        "inputs": summary.inputs,
        "parsed": summary.parsed,
    }


def count_line_starts(share: Share) -> int:
    """Run on a worker: how many lines start in the share's byte range."""
    assert share.lines is not None
    return line_starts(share.files[0], share.lines.start, share.lines.stop)


def _add(a: int, b: int) -> int:
    return a + b


def merge_people(sources: list[str], target: str, *_after: object) -> str:
    """Run on a worker: merge people parts into one (the reduction's step); `_after` are the tasks they wait for."""
    PeopleParts.merge([PeopleParts.read(source) for source in sources]).write(target)
    return target


def write_people(source: str, staging: str) -> int:
    """Run on a worker: the people table from the corpus's merged parts, as its one part."""
    fs, root = filesystem(staging)
    fs.makedirs(join(root, "people"), exist_ok=True)
    people = people_from_parts(PeopleParts.read(source))
    pq.write_table(people, join(root, "people", part_name(0)), filesystem=fs, compression="zstd")
    return people.num_rows


def conform_part(staging: str, part: str, schema: pa.Schema) -> None:
    """Run on a worker: rewrite a documents part under the union schema of every share's documents."""
    fs, root = filesystem(staging)
    path = join(root, part)
    table = conform(pq.read_table(path, filesystem=fs), schema)
    pq.write_table(table, path, filesystem=fs, compression="zstd")


@contextlib.contextmanager
def _connected(address: str) -> Iterator:
    """A client of the cluster at `address`, or of a new local one, closed when the run ends.

    A local cluster runs its scheduler in a process of its own, as a real cluster does
    (`SubprocessCluster`; `LocalCluster` would run it in this one, where its ticks cost the client
    about 20 ms of CPU per second), and one single-threaded worker per core.
    """
    from dask.distributed import Client
    from distributed.deploy.subprocess import SubprocessCluster

    cluster = None
    if address == LOCAL:
        cluster = SubprocessCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, dashboard_address=None)
    client = Client(cluster if cluster is not None else address)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _on_a_worker(client, function: Callable[[InputFile], list[int] | None]) -> Callable[[InputFile], list[int] | None]:
    """`function` of a file, run on a worker (the client never opens an input): a large parquet file's row groups."""
    return lambda file: client.submit(function, file, pure=False).result()


def _first_lines(client, shares: list[Share]) -> list[object]:
    """For each share, its first line number (a future, counted on the workers) when it is a range of a
    file, else None: the prefix sums of the line starts of the file's earlier ranges."""
    firsts: list[object] = []
    previous: tuple[Share, object] | None = None
    for share in shares:
        if share.lines is None:
            firsts.append(None)
            previous = None
            continue
        if share.lines.start == 0 or previous is None:
            first = 1
        else:
            before, before_first = previous
            first = client.submit(_add, before_first, client.submit(count_line_starts, before, pure=False), pure=False)
        firsts.append(first)
        previous = (share, first)
    return firsts


def _reduce_people(client, shares: list[Share], outcomes: list, staging: str):
    """Merge the shares' people parts in a tree of tasks on the workers; the future of the people rows written."""
    sources = [(parts_location(staging, s.number), outcome) for s, outcome in zip(shares, outcomes, strict=True)]
    level = 0
    while len(sources) > 1 or level == 0:
        merged = []
        for index in range(0, len(sources), MERGE_FAN_IN):
            group = sources[index : index + MERGE_FAN_IN]
            target = parts_location(staging, f"merged-{level}-{index // MERGE_FAN_IN:06d}")
            locations, waits = [g[0] for g in group], [g[1] for g in group]
            merged.append((target, client.submit(merge_people, locations, target, *waits, pure=False)))
        sources, level = merged, level + 1
    return client.submit(write_people, sources[0][1], staging, pure=False)


@dataclass
class _Collected:
    """What the client keeps of one share's outcome: its parts and row counts, and where its errors end."""

    number: int
    parts: dict[str, list[str]]
    rows: dict[str, int]
    errors_end: int


def _collect(summary: RunSummary, store: OutputStore, outcome: dict) -> None:
    """Add one share's outcome to the run's summary, in input order."""
    for table, parts in outcome["parts"].items():
        store.add_parts(table, parts)
    for table, rows in outcome["rows"].items():
        if table in SHARE_TABLES:
            summary.rows[table] += rows
    summary.errors.extend(InputError(**e) for e in outcome["errors"])
    summary.warnings.extend(outcome["warnings"])
    for used, sources in outcome["columns"].items():
        known = summary.columns.setdefault(used, [])
        known.extend(source for source in sources if source not in known)
    summary.inputs = [*(summary.inputs or []), *(outcome["inputs"] or [])]
    summary.parsed += outcome["parsed"]


def _drop_repeats(client, summary: RunSummary, staging: str, collected: list[_Collected]) -> None:
    """Drop the articles whose doc_id an earlier share holds (a local run keeps the first), on the workers;
    their `DuplicateId` errors go after their share's other errors."""
    later = later_repeats(staging, [part for share in collected for part in share.parts["documents"]])
    by_number = {share.number: share for share in collected}
    futures = {n: client.submit(drop_articles, staging, n, by_number[n].parts, ids, pure=False) for n, ids in later.items()}
    for number in sorted(later, reverse=True):  # from the last share back, so earlier positions stay valid
        dropped, share = futures[number].result(), by_number[number]
        for table, rows in dropped.rows.items():
            summary.rows[table] += rows - share.rows[table]
        summary.errors[share.errors_end : share.errors_end] = dropped.errors
        summary.parsed -= len(dropped.errors)


class _DocumentSchemas:
    """The documents schemas the shares wrote, each kept once, with the parts written under each: what the
    client keeps of the outcomes (a corpus's records usually share one set of columns)."""

    def __init__(self) -> None:
        self.parts: dict[str, tuple[pa.Schema, list[str]]] = {}

    def add(self, outcome: dict) -> None:
        """A share's documents parts (an empty one too: a reader takes the first part's schema)."""
        schema = outcome["schema"]
        self.parts.setdefault(schema.to_string(), (schema, []))[1].extend(outcome["parts"]["documents"])

    def conform(self, client, staging: str) -> None:
        """Rewrite the parts that lack a column another share has (JSONL records whose keys differ) under
        the union schema, on the workers."""
        if len(self.parts) < 2:
            return
        union = union_schema(schema for schema, _ in self.parts.values())
        tasks = [
            client.submit(conform_part, staging, part, union, pure=False)
            for schema, parts in self.parts.values()
            if not schema.equals(union)
            for part in parts
        ]
        client.gather(tasks)


def extract_on_cluster(inputs: Inputs, out_dir: str | Path, settings: Settings) -> RunSummary:
    """`extract` with the work done by Dask workers (`settings.scheduler`: an address, or `local`).

    Like a local run, one that processes no article or fails writes nothing (no `out_dir` in the summary).
    """
    inputs = as_inputs(inputs)
    started = time.perf_counter()
    summary = RunSummary.empty()
    store = OutputStore(out_dir, {"errors": SCHEMAS["errors"]}, partition_by=settings.partition_by)
    with committing(store) as output, _connected(settings.scheduler or LOCAL) as client:
        workers = len(client.scheduler_info()["workers"])
        shares = plan_shares(inputs, settings.exclude, workers, row_groups=_on_a_worker(client, row_group_rows))
        fields, staging = asdict(settings), store.staging_location
        firsts = _first_lines(client, shares)
        futures = [
            client.submit(process_share, share, first, fields, staging, pure=False)
            for share, first in zip(shares, firsts, strict=True)
        ]
        schemas = _DocumentSchemas()
        progress = tqdm(total=len(shares), unit="share", disable=not settings.progress, file=sys.stderr, desc="extract")
        collected = []
        for share, future in zip(shares, futures, strict=True):  # in input order; the client keeps counts, errors, parts
            outcome = future.result()
            _collect(summary, store, outcome)
            collected.append(_Collected(share.number, outcome["parts"], outcome["rows"], len(summary.errors)))
            schemas.add(outcome)
            progress.set_postfix(documents=summary.documents, errors=len(summary.errors), refresh=False)
            progress.update()
            stop_if_strict(settings, summary.errors)
        progress.close()
        _drop_repeats(client, summary, staging, collected)
        schemas.conform(client, staging)
        stop_if_strict(settings, summary.errors)
        store.write("errors", error_table(summary.errors))
        summary.rows["errors"] = len(summary.errors)
        if summary.documents:  # only then: a task still running after an abort could write into the staging folder
            summary.rows["people"] = _reduce_people(client, shares, futures, staging).result()
            store.add_parts("people", [f"people/{part_name(0)}"])
            summary.seconds = time.perf_counter() - started
            light = build_light_nlp(settings.model, attitudes=settings.attitudes)
            pipeline = ["(model components, on the workers)", *light.pipe_names]
            output.commit(manifest(inputs, model_info(light), pipeline, settings, summary), summary)
    return summary
