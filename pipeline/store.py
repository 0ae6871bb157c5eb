"""Writing and reading the parquet outputs safely, in a local folder or at any fsspec URL.

Each table is a parquet dataset: a folder of part files (`outputs/tokens/part-000000-1a2b3c4d.parquet`,
..., hive folders inside with `--partition-by`), readable as one table by `pd.read_parquet("outputs/tokens")`,
`pyarrow.dataset`, DuckDB and Polars. A run writes its parts under a temporary folder
(`.tmp-<pid>-<run>/`, skipped by every reader: hidden, and outside the table folders), a local run
through this store's writers, a cluster run's workers straight from their own processes. Only when
the whole run succeeded are the parts moved into the table folders under names of their own; the
manifest, written last, lists the parts that make each table, and only then are the previous run's
parts removed. A run that dies half-way leaves the previous manifest and every part it lists; one
that is aborted (nothing processed, a `--strict` failure) also removes the output folder if it
created it. `read_table` and `open_table` read what the manifest lists.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
from fsspec import AbstractFileSystem

from pipeline.locations import arrow_filesystem, filesystem, is_local, join
from pipeline.partitions import closed_parts
from pipeline.tables import SCHEMAS
from pipeline.writers import TableWriter, table_writer

MANIFEST = "manifest.json"
TEMP_PREFIX = ".tmp-"
#: The manifest's `layout`: tables as folders of parts listed under `tables`.
LAYOUT = "parquet-dataset/1"
PART_PREFIX = "part-"


class OutputError(RuntimeError):
    """The output folder cannot be created, written or read."""


def part_name(number: int, run: str | None = None) -> str:
    """A part's file name: its number (the input order of its share of the corpus) and, once committed, its run."""
    return f"{PART_PREFIX}{number:06d}{f'-{run}' if run else ''}.parquet"


class OutputStore:
    """All tables of one run: parts staged in a temporary folder, committed together at the end.

    `schemas` are the tables this store's own writers write (one part each); a cluster run's
    workers stage the other tables' parts themselves and `add_parts` lists them.
    """

    def __init__(self, out_dir: str | Path, schemas: Mapping[str, pa.Schema] = SCHEMAS, partition_by: str | None = None) -> None:
        self.location = str(out_dir)
        self.fs, self.root = filesystem(out_dir)
        self.local = is_local(out_dir)
        self.run = uuid.uuid4().hex[:8]
        self.partition_by = partition_by
        name = f"{TEMP_PREFIX}{os.getpid()}-{self.run}"
        self.staging = join(self.root, name)
        #: Where workers stage their parts: a path or URL.
        self.staging_location = join(self.location, name)
        try:
            self._created = missing_folders(self.fs, self.root)
            self.fs.makedirs(self.root, exist_ok=True)
            if self.local:
                remove_stale_temporaries(Path(self.root))
            for table in schemas:
                self.fs.makedirs(join(self.staging, table), exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot write to output folder {self.location}: {exc.strerror or exc}") from exc
        first = part_name(0)
        self.writers: dict[str, TableWriter] = {
            table: table_writer(join(self.staging, table, first), table, schema, arrow_filesystem(self.fs))
            for table, schema in schemas.items()
        }
        #: The staged parts of each table, relative to the staging folder (`tokens/part-000003.parquet`).
        self.parts: dict[str, list[str]] = {}
        #: Tables kept from the previous run: their committed parts, relative to the output folder.
        self.kept: dict[str, list[str]] = {}

    def write(self, table: str, batch: pa.RecordBatch) -> None:
        self.writers[table].write(batch)

    def row_counts(self) -> dict[str, int]:
        return {name: writer.rows for name, writer in self.writers.items()}

    def read(self, table: str, columns: list[str]) -> pa.Table:
        """Columns of a table this run has finished writing (its writer is closed first)."""
        return self.writers[table].read(columns)

    def add_parts(self, table: str, parts: list[str]) -> None:
        """Parts a worker staged (relative to the staging folder), in input order."""
        self.parts.setdefault(table, []).extend(parts)

    def keep(self, table: str, parts: list[str]) -> None:
        """A table of the previous run that this run leaves as it is (a quote-stage re-run's tokens)."""
        self.kept[table] = list(parts)

    def commit(self, manifest: dict[str, Any]) -> None:
        """Move every staged part into its table folder, write the manifest, then drop the previous run's parts."""
        self._close_writers()
        try:
            tables = {table: [self._place(part) for part in parts] for table, parts in self.parts.items()}
            tables.update(self.kept)
            listed = {**manifest, "layout": LAYOUT, "tables": {t: sorted(p) for t, p in tables.items()}}
            self._write_manifest(listed)
        except OSError as exc:
            raise OutputError(f"cannot write to {self.location}: {exc.strerror or exc}") from exc
        with contextlib.suppress(OSError):
            self.fs.rm(self.staging, recursive=True)
        self._drop_unlisted(listed["tables"])

    def _close_writers(self) -> None:
        """Close this store's own writers and list their parts (split into folders with `partition_by`)."""
        for table, parts in closed_parts(self.fs, self.staging, self.writers, self.partition_by).items():
            self.add_parts(table, parts)

    def _place(self, staged: str) -> str:
        """Move one staged part into its table folder under this run's name; its path relative to the output folder."""
        folder, _, name = staged.rpartition("/")
        final = f"{folder}/{name.removesuffix('.parquet')}-{self.run}.parquet"
        self.fs.makedirs(join(self.root, folder), exist_ok=True)
        self.fs.mv(join(self.staging, staged), join(self.root, final))
        return final

    def _write_manifest(self, manifest: dict[str, Any]) -> None:
        if self.local:
            write_json_atomic(Path(self.root) / MANIFEST, manifest)
        else:
            self.fs.pipe_file(join(self.root, MANIFEST), _json_bytes(manifest))

    def _drop_unlisted(self, tables: Mapping[str, list[str]]) -> None:
        """Remove the parts no manifest lists any more (the previous run's, a killed commit's) and emptied folders;
        also the single-file tables of an older version."""
        for table in SCHEMAS:
            listed = {join(self.root, part) for part in tables.get(table, [])}
            folder = join(self.root, table)
            with contextlib.suppress(OSError):
                self.fs.rm_file(join(self.root, f"{table}.parquet"))
            if not self.fs.isdir(folder):
                continue
            for path in self.fs.find(folder):
                if path.rpartition("/")[2].startswith(PART_PREFIX) and path not in listed:
                    with contextlib.suppress(OSError):
                        self.fs.rm_file(path)
            for path in sorted(self.fs.find(folder, withdirs=True), key=len, reverse=True):
                with contextlib.suppress(OSError):
                    if self.fs.isdir(path) and not self.fs.ls(path):
                        self.fs.rmdir(path)

    def abort(self) -> None:
        """Drop the staged parts and the folders this run created; the previous outputs stay
        as they were. Safe to call more than once."""
        for writer in self.writers.values():
            with contextlib.suppress(OSError, pa.ArrowException):
                writer.close()
        with contextlib.suppress(OSError):
            if self.fs.exists(self.staging):
                self.fs.rm(self.staging, recursive=True)
        remove_empty_folders(self.fs, self._created)


def missing_folders(fs: AbstractFileSystem, path: str) -> list[str]:
    """`path` and its ancestors that do not exist yet, deepest first: what creating it adds."""
    missing = []
    while not fs.exists(path):
        missing.append(path)
        parent = fs._parent(path)
        if parent == path:
            break
        path = parent
    return missing


def remove_empty_folders(fs: AbstractFileSystem, folders: list[str]) -> None:
    """Remove folders (deepest first) while they are empty, so an aborted run leaves nothing new."""
    for folder in folders:
        try:
            fs.rmdir(folder)
        except OSError:
            return


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's live process
        return True
    return True


def remove_stale_temporaries(out_dir: Path) -> None:
    """Remove the temporary folders of runs that were killed (their process is gone)."""
    for path in out_dir.glob(f"{TEMP_PREFIX}*-*"):
        pid = path.name[len(TEMP_PREFIX) :].split("-", 1)[0]
        if path.is_dir() and pid.isdigit() and not _process_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def write_text_atomic(path: Path, text: str) -> None:
    """Write text next to its destination, then rename it into place."""
    tmp = path.with_name(f"{TEMP_PREFIX}{path.name}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _json_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, indent=2, default=str) + "\n").encode("utf-8")


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write JSON atomically (see `write_text_atomic`)."""
    write_text_atomic(path, _json_bytes(data).decode("utf-8"))


def unchanged_note(out_dir: str | Path) -> str:
    """What an aborted run left in `out_dir`, for its one-line message."""
    fs, root = filesystem(out_dir)
    if fs.exists(join(root, MANIFEST)):
        return f"the tables in {out_dir} were left as they were"
    return f"nothing was written to {out_dir}"


def read_manifest(out_dir: str | Path) -> dict[str, Any] | None:
    """The manifest of the run in `out_dir` (a path or URL), or None when there is none."""
    fs, root = filesystem(out_dir)
    path = join(root, MANIFEST)
    return json.loads(fs.cat_file(path)) if fs.exists(path) else None


def table_parts(out_dir: str | Path, table: str) -> list[str]:
    """The part files of one table of the run in `out_dir`, relative to it, as its manifest lists them."""
    manifest = read_manifest(out_dir)
    if manifest is None:
        raise OutputError(f"no complete run in {out_dir} (no {MANIFEST}): run extract first")
    tables = manifest.get("tables")
    if tables is None:
        raise OutputError(
            f"the tables in {out_dir} were written by an older version (one {table}.parquet per table): "
            "run extract again to write them as datasets"
        )
    if table not in tables:
        raise OutputError(f"the run in {out_dir} has no {table} table: run extract again with this version")
    return list(tables[table])


def has_table(out_dir: str | Path, table: str) -> bool:
    """Whether the run in `out_dir` has `table` in the current layout."""
    manifest = read_manifest(out_dir)
    return manifest is not None and table in (manifest.get("tables") or {})


def open_table(out_dir: str | Path, table: str) -> ds.Dataset:
    """One output table of `out_dir` (a path or URL) as a dataset of its listed parts, in order."""
    fs, root = filesystem(out_dir)
    paths = [join(root, part) for part in table_parts(out_dir, table)]
    return ds.dataset(paths, format="parquet", filesystem=arrow_filesystem(fs))


def read_table(out_dir: str | Path, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    """One output table as a DataFrame (dictionary columns become categoricals)."""
    return open_table(out_dir, table).to_table(columns=columns).to_pandas()


def read_tables(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Every output table of a run, by name."""
    return {name: read_table(out_dir, name) for name in SCHEMAS}
