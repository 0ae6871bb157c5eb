"""What every run shares, local, on a cluster or a quote-stage re-run: its settings, its summary, the
strict check, where its outputs and parse cache go, and how they are committed together or not at all.

This module sits below the engines (`pipeline.local`, `pipeline.cluster`, `pipeline.rerun`) and the
public API (`pipeline.runner`), so that every import between them points one way.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa

from pipeline.articles import InputError, ReadOptions
from pipeline.cache import CACHE_DIR, DocCache
from pipeline.columns import check_roles
from pipeline.locations import is_local, local_path
from pipeline.partitions import check_partition_by
from pipeline.store import OutputStore
from pipeline.tables import SCHEMAS

DEFAULT_BATCH_SIZE = 32
#: Warnings and errors listed in the run summary; the errors table holds them all.
MAX_LISTED = 20


@dataclass(frozen=True)
class Settings:
    """How a run processes its inputs."""

    model: str | None = None
    attitudes: bool = False
    batch_size: int = DEFAULT_BATCH_SIZE
    #: Model processes; None chooses: every core for large inputs (see `pipeline.local.PARALLEL_FROM_BYTES`), else one.
    n_process: int | None = None
    progress: bool = True
    strict: bool = False
    #: `all` runs every stage (the model only on what the parse cache lacks); `quotes` re-runs
    #: the quote stage alone over the previous run in the output folder, without the model.
    stage: str = "all"
    #: Re-parse every article even when the cache holds it.
    force: bool = False
    #: A Dask scheduler address (`tcp://host:8786`), or `local` for a local cluster; None runs here.
    scheduler: str | None = None
    #: The parse cache folder (local); None: `OUT/cache` for a local OUT, none kept for a URL.
    cache: str | None = None
    #: Corpus column by role (`{"text": "body"}`); roles not given are recognised by common names.
    columns: Mapping[str, str] = field(default_factory=dict)
    #: A plain-text article's first line is its title when it reads as a headline.
    headlines: bool = True
    #: Split the per-article tables into hive folders by this documents column (`date` or `source`).
    partition_by: str | None = None
    #: Local folders never read as input; `extract` adds its output folder (it may sit inside an input).
    exclude: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_roles(self.columns)  # the API's column map checked as the command line's is
        check_partition_by(self.partition_by)

    @property
    def reading(self) -> ReadOptions:
        """How this run reads its inputs."""
        return ReadOptions(columns=dict(self.columns), headlines=self.headlines, exclude=self.exclude)


@dataclass
class RunSummary:
    """What a run did: counts per table, the failures, where the tables are, how long it took."""

    rows: dict[str, int]
    errors: list[InputError]
    warnings: list[str] = field(default_factory=list)
    #: What each corpus's columns were used for ('columns text=body, title=headline') -> files.
    columns: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    out_dir: str | None = None
    parsed: int = 0
    cached: int = 0
    #: The input files with their hashes for the manifest, taken before the errors table is written.
    inputs: list[dict[str, object]] | None = None

    @classmethod
    def empty(cls) -> RunSummary:
        """The summary of a run that has not written a row yet, with a count for every table."""
        return cls(rows={name: 0 for name in SCHEMAS}, errors=[])

    @property
    def documents(self) -> int:
        return self.rows.get("documents", 0)

    def format(self) -> str:
        """A short human summary for the end of a run."""
        words, rows = self.rows.get("tokens", 0), self.rows
        rate = f" ({words / self.seconds:,.0f} tokens/s)" if self.seconds > 0 else ""
        counts = "  ".join(f"{name} {rows.get(name, 0):,}" for name in ("sentences", "entities", "quotes", "people"))
        lines = [
            f"documents {self.documents:,}  tokens {words:,}  {counts}  errors {len(self.errors):,}",
            f"time {self.seconds:.1f}s{rate}; parsed {self.parsed:,}, from the parse cache {self.cached:,}",
        ]
        lines += self._column_lines()
        lines += [f"warning: {w}" for w in self.warnings[:MAX_LISTED]]
        lines += [f"error: {e.describe()}" for e in self.errors[:MAX_LISTED]]
        hidden = max(0, len(self.warnings) - MAX_LISTED) + max(0, len(self.errors) - MAX_LISTED)
        if hidden:
            lines.append(f"... and {hidden:,} more warnings and errors (all errors are in the errors table)")
        if self.out_dir is not None:
            where = self.out_dir.rstrip("/")
            lines.append(f"tables written to {where}/, a folder each (read one with pandas.read_parquet('{where}/quotes'))")
        return "\n".join(lines)

    def _column_lines(self) -> list[str]:
        """Which column was used for what: per file, or once for files that share a map."""
        lines = []
        for used, sources in list(self.columns.items())[:MAX_LISTED]:
            where = sources[0] if len(sources) == 1 else f"{len(sources):,} corpus files"
            lines.append(f"{where}: {used}")
        return lines


class StrictFailure(RuntimeError):
    """A bad input in a `--strict` run."""


def stop_if_strict(settings: Settings, errors: Iterable[InputError]) -> None:
    """A `--strict` run stops at its first error (and so writes nothing)."""
    first = next(iter(errors), None) if settings.strict else None
    if first is not None:
        raise StrictFailure(first.describe())


class Sink(Protocol):
    def write(self, table: str, batch: pa.RecordBatch) -> None: ...


class CorpusSink(Sink, Protocol):
    """A sink that can give back what it was given: the corpus stage reads the per-article tables."""

    def read(self, table: str, columns: list[str]) -> pa.Table: ...


def parse_cache_dir(out_dir: str | Path, settings: Settings) -> Path | None:
    """Where the parse cache of a run in `out_dir` lives (None: in memory only, for a URL without `cache`)."""
    if settings.cache:
        return Path(settings.cache)
    return local_path(out_dir) / CACHE_DIR if is_local(out_dir) else None


def own_folder(out_dir: str | Path) -> tuple[str, ...]:
    """The output folder as a folder never read as input (a local one only; URLs are not walked for links)."""
    return (os.path.realpath(local_path(out_dir)),) if is_local(out_dir) else ()


@dataclass
class RunOutput:
    """The tables (and new parses) of a run in the making: committed together with the manifest, or dropped."""

    store: OutputStore
    cache: DocCache | None = None
    committed: bool = False

    def commit(self, manifest: dict[str, Any], summary: RunSummary) -> None:
        """Put the parses, then the tables and manifest in place; the summary then names the output folder."""
        if self.cache is not None:
            self.cache.commit()  # first: tables without their parses would fail a `--stage quotes` re-run
        self.store.commit(manifest)
        self.committed = True
        summary.out_dir = self.store.location

    def abort(self) -> None:
        """Drop everything this run staged: the output folder and the cache stay as they were."""
        if self.cache is not None:
            self.cache.abort()  # first: the cache may sit inside a folder the store created
        self.store.abort()


@contextmanager
def committing(store: OutputStore, cache: DocCache | None = None) -> Iterator[RunOutput]:
    """A run's outputs, aborted unless the run commits them: a failed, interrupted or empty run loses nothing."""
    output = RunOutput(store, cache)
    try:
        yield output
    finally:
        if not output.committed:
            output.abort()
