"""Writing and reading the parquet outputs safely, in a local folder or at any fsspec URL.

Tables stream into temporary files, in row groups, as docs are processed; only when the whole
run succeeded are they moved into place, and the manifest is written last. A run that dies
half-way leaves the previous outputs complete and readable, and so does a run that is aborted
(nothing processed, a `--strict` failure): it also removes the output folder if it created it.
For a local folder the temporary files sit inside it (`os.replace` is atomic on one file
system); for a URL they are staged in a local temporary folder, uploaded under a temporary name
and then moved into place.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from fsspec import AbstractFileSystem

from pipeline.locations import filesystem, is_local, join
from pipeline.tables import SCHEMAS
from pipeline.writers import table_writer

MANIFEST = "manifest.json"
TEMP_PREFIX = ".tmp-"


class OutputError(RuntimeError):
    """The output folder cannot be created or written."""


class OutputStore:
    """All tables of one run: streamed to temporary files, committed together at the end."""

    def __init__(self, out_dir: str | Path, schemas: Mapping[str, pa.Schema] = SCHEMAS) -> None:
        self.location = str(out_dir)
        self.fs, self.root = filesystem(out_dir)
        self.local = is_local(out_dir)
        try:
            self._created = missing_folders(self.fs, self.root)
            self.fs.makedirs(self.root, exist_ok=True)
            if self.local:
                remove_stale_temporaries(Path(self.root))
            staging = self.root if self.local else None  # a URL's tables are staged on this machine
            self._tmp_dir = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=staging))
        except OSError as exc:
            raise OutputError(f"cannot write to output folder {self.location}: {exc.strerror or exc}") from exc
        self.writers = {
            name: table_writer(str(self._tmp_dir / f"{name}.parquet"), name, schema) for name, schema in schemas.items()
        }

    def write(self, table: str, batch: pa.RecordBatch) -> None:
        self.writers[table].write(batch)

    def row_counts(self) -> dict[str, int]:
        return {name: writer.rows for name, writer in self.writers.items()}

    def read(self, table: str, columns: list[str]) -> pa.Table:
        """Columns of a table this run has finished writing (its writer is closed first)."""
        writer = self.writers[table]
        writer.close()
        return pq.read_table(writer.path, columns=columns)

    def commit(self, manifest: dict[str, Any]) -> None:
        """Move every table into place, then write the manifest."""
        for writer in self.writers.values():
            writer.close()
        if self.local:
            for name in self.writers:
                os.replace(self._tmp_dir / f"{name}.parquet", Path(self.root) / f"{name}.parquet")
            write_json_atomic(Path(self.root) / MANIFEST, manifest)
            self._tmp_dir.rmdir()
        else:
            self._upload(manifest)
            shutil.rmtree(self._tmp_dir)

    def _upload(self, manifest: dict[str, Any]) -> None:
        """Put the staged tables under a temporary name at the URL, move them into place, then the manifest."""
        remote_tmp = join(self.root, f"{TEMP_PREFIX}{uuid.uuid4().hex}")
        try:
            for name in self.writers:
                self.fs.put_file(str(self._tmp_dir / f"{name}.parquet"), join(remote_tmp, f"{name}.parquet"))
            for name in self.writers:
                self.fs.mv(join(remote_tmp, f"{name}.parquet"), join(self.root, f"{name}.parquet"))
            self.fs.pipe_file(join(self.root, MANIFEST), _json_bytes(manifest))
        except OSError as exc:
            raise OutputError(f"cannot write to {self.location}: {exc.strerror or exc}") from exc
        finally:
            with contextlib.suppress(OSError):
                self.fs.rm(remote_tmp, recursive=True)

    def abort(self) -> None:
        """Drop the temporary files and the folders this run created; the previous outputs stay
        as they were. Safe to call more than once."""
        for writer in self.writers.values():
            with contextlib.suppress(OSError, pa.ArrowException):
                writer.close()
        shutil.rmtree(self._tmp_dir, ignore_errors=True)
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


def open_table(out_dir: str | Path, table: str) -> pq.ParquetFile:
    """One output table of `out_dir` (a path or URL), to be read in row groups."""
    fs, root = filesystem(out_dir)
    return pq.ParquetFile(fs.open(join(root, f"{table}.parquet"), "rb"))


def read_table(out_dir: str | Path, table: str) -> pd.DataFrame:
    """One output table as a DataFrame (dictionary columns become categoricals)."""
    return pd.read_parquet(join(out_dir, f"{table}.parquet"))


def read_tables(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Every output table of a run, by name."""
    return {name: read_table(out_dir, name) for name in SCHEMAS}
