"""Writing and reading the parquet outputs safely.

Tables stream into temporary files inside the output folder, in row groups, as docs are
processed; only when the whole run succeeded are they moved into place (`os.replace` is
atomic on one file system), and the manifest is written last. A run that dies half-way
leaves the previous outputs complete and readable.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.tables import SCHEMAS

MANIFEST = "manifest.json"
#: Rows buffered before a row group is written: large enough for good compression,
#: small enough that memory stays flat however long the corpus.
ROW_GROUP_ROWS = 65_536
TEMP_PREFIX = ".tmp-"


class OutputError(RuntimeError):
    """The output folder cannot be created or written."""


class TableWriter:
    """Appends record batches of one table to a temporary parquet file, in row groups."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = path
        self.schema = schema
        self.rows = 0
        self._buffer: list[pa.RecordBatch] = []
        self._buffered = 0
        self._writer = pq.ParquetWriter(path, schema, compression="zstd")

    def write(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows == 0:
            return
        self._buffer.append(batch)
        self._buffered += batch.num_rows
        self.rows += batch.num_rows
        if self._buffered >= ROW_GROUP_ROWS:
            self.flush()

    def flush(self) -> None:
        if self._buffer:
            self._writer.write_table(pa.Table.from_batches(self._buffer, schema=self.schema))
            self._buffer, self._buffered = [], 0

    def close(self) -> None:
        self.flush()
        self._writer.close()


class OutputStore:
    """All tables of one run: streamed to temporary files, committed together at the end."""

    def __init__(self, out_dir: str | Path, schemas: Mapping[str, pa.Schema] = SCHEMAS) -> None:
        self.out_dir = Path(out_dir)
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            remove_stale_temporaries(self.out_dir)
            self._tmp_dir = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=self.out_dir))
        except OSError as exc:
            raise OutputError(f"cannot write to output folder {self.out_dir}: {exc.strerror or exc}") from exc
        self.writers = {name: TableWriter(self._tmp_dir / f"{name}.parquet", schema) for name, schema in schemas.items()}

    def write(self, table: str, batch: pa.RecordBatch) -> None:
        self.writers[table].write(batch)

    def row_counts(self) -> dict[str, int]:
        return {name: writer.rows for name, writer in self.writers.items()}

    def commit(self, manifest: dict[str, Any]) -> None:
        """Move every table into place, then write the manifest."""
        for writer in self.writers.values():
            writer.close()
        for name in self.writers:
            os.replace(self._tmp_dir / f"{name}.parquet", self.out_dir / f"{name}.parquet")
        write_json_atomic(self.out_dir / MANIFEST, manifest)
        self._tmp_dir.rmdir()

    def abort(self) -> None:
        """Drop the temporary files; the previous outputs stay as they were."""
        for writer in self.writers.values():
            with contextlib.suppress(OSError, pa.ArrowException):
                writer.close()
        for path in self._tmp_dir.glob("*"):
            path.unlink(missing_ok=True)
        self._tmp_dir.rmdir()


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


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write JSON atomically (see `write_text_atomic`)."""
    write_text_atomic(path, json.dumps(data, indent=2, default=str) + "\n")


def read_table(out_dir: str | Path, table: str) -> pd.DataFrame:
    """One output table as a DataFrame (dictionary columns become categoricals)."""
    return pd.read_parquet(Path(out_dir) / f"{table}.parquet")


def read_tables(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Every output table of a run, by name."""
    return {name: read_table(out_dir, name) for name in SCHEMAS}
