"""Parquet tables written in row groups as rows arrive: one schema, or one that grows.

Every table but `documents` has one declared schema (`TableWriter`). `documents` grows
(`WideningWriter`): the declared columns come first and never change; a corpus's own columns (url, outlet, section...)
follow under their own names, known only as rows are read (a JSONL record may have keys the
previous ones lacked). Rows stream into part files, a new part whenever the columns change; on
close the parts become one file whose schema is the union of theirs (a column missing from a
part is null there; one whose types disagree becomes text). A corpus with one set of columns,
the usual case, is one part, renamed into place.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from fsspec import AbstractFileSystem
from fsspec.implementations.local import LocalFileSystem

COMPRESSION = "zstd"
#: Rows buffered before a row group is written (every table): large enough for good compression,
#: small enough that memory stays flat however long the corpus.
ROW_GROUP_ROWS = 65_536


def _field_type(types: Sequence[pa.DataType]) -> pa.DataType:
    """The one type a column takes across parts: their common type, else text."""
    try:
        return pa.unify_schemas([pa.schema([("c", t)]) for t in types], promote_options="permissive").field("c").type
    except (pa.ArrowInvalid, pa.ArrowTypeError, NotImplementedError):
        return pa.string()


def union_schema(schemas: Iterable[pa.Schema]) -> pa.Schema:
    """Every column of the schemas, in order of first appearance, each with one type."""
    types: dict[str, list[pa.DataType]] = {}
    for schema in schemas:
        for field in schema:
            types.setdefault(field.name, []).append(field.type)
    return pa.schema([(name, _field_type(found)) for name, found in types.items()])


def _as_text(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    """A column as text when no common type holds it: strings as they are, other values as JSON."""
    values = column.to_pylist()
    return pa.array([v if v is None or isinstance(v, str) else json.dumps(v, default=str) for v in values], pa.string())


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """`table` with exactly the columns of `schema`: cast, text when a cast fails, null when absent."""
    columns = []
    for field in schema:
        if field.name not in table.column_names:
            columns.append(pa.nulls(table.num_rows, field.type))
            continue
        column = table[field.name]
        if column.type != field.type:
            try:
                column = column.cast(field.type)
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
                column = _as_text(column)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=schema)


def combine(batches: Sequence[pa.RecordBatch]) -> pa.Table:
    """Record batches as one table under the union of their schemas (fast when they share one)."""
    first = batches[0].schema
    if all(b.schema.equals(first) for b in batches):
        return pa.Table.from_batches(batches, schema=first)
    schema = union_schema(b.schema for b in batches)
    return pa.concat_tables([conform(pa.Table.from_batches([b]), schema) for b in batches])


class TableWriter:
    """Appends record batches of one table to a parquet file, in row groups of `ROW_GROUP_ROWS`."""

    def __init__(self, path: str | Path, schema: pa.Schema, filesystem: AbstractFileSystem | None = None) -> None:
        self.path = str(path)
        self.schema = schema
        self.fs = filesystem
        self.rows = 0
        self.closed = False
        self._buffer: list[pa.RecordBatch] = []
        self._buffered = 0
        self._writer: pq.ParquetWriter | None = self._start()

    def _start(self) -> pq.ParquetWriter | None:
        return pq.ParquetWriter(self.path, self.schema, compression=COMPRESSION, filesystem=self.fs)

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
            table = self._combine(self._buffer)
            self._buffer, self._buffered = [], 0
            self._write(table)

    def _combine(self, batches: Sequence[pa.RecordBatch]) -> pa.Table:
        return pa.Table.from_batches(batches, schema=self.schema)

    def _write(self, table: pa.Table) -> None:
        assert self._writer is not None
        self._writer.write_table(table)

    def read(self, columns: list[str]) -> pa.Table:
        """Columns of what was written (the writer is closed first): a corpus stage reads back its run's table."""
        self.close()
        return ds.dataset(self.path, format="parquet", filesystem=self.fs).to_table(columns=columns)

    def close(self) -> None:
        """Write the buffered rows and leave one complete file at `path`."""
        if not self.closed:
            self.flush()
            self._finish()
            self.closed = True

    def _finish(self) -> None:
        if self._writer is not None:
            self._writer.close()


class WideningWriter(TableWriter):
    """A `TableWriter` for batches whose trailing columns may vary: a part file per set of columns,
    one file under the union of their schemas on close."""

    def _start(self) -> None:
        self._parts: list[str] = []
        self._writing: pa.Schema | None = None
        return None

    @property
    def _fs(self) -> AbstractFileSystem:
        return self.fs or LocalFileSystem()

    def _combine(self, batches: Sequence[pa.RecordBatch]) -> pa.Table:
        return combine(batches)

    def _write(self, table: pa.Table) -> None:
        if self._writing is None or not table.schema.equals(self._writing):
            self._open_part(table.schema)
        super()._write(table)

    def _open_part(self, schema: pa.Schema) -> None:
        if self._writer is not None:
            self._writer.close()
        part = f"{self.path}.part{len(self._parts)}"
        self._parts.append(part)
        self._writer = pq.ParquetWriter(part, schema, compression=COMPRESSION, filesystem=self._fs)
        self._writing = schema

    def _finish(self) -> None:
        super()._finish()
        if not self._parts:
            pq.write_table(self.schema.empty_table(), self.path, compression=COMPRESSION, filesystem=self._fs)
        elif len(self._parts) == 1:
            self._fs.mv(self._parts[0], self.path)
        else:
            self._merge()

    def _merge(self) -> None:
        """The parts as one file under the union of their schemas, a row group at a time."""
        with contextlib.ExitStack() as stack:
            files = [pq.ParquetFile(stack.enter_context(self._fs.open(part, "rb"))) for part in self._parts]
            schema = union_schema(f.schema_arrow for f in files)
            with pq.ParquetWriter(self.path, schema, compression=COMPRESSION, filesystem=self._fs) as writer:
                for parquet in files:
                    for group in range(parquet.num_row_groups):
                        writer.write_table(conform(parquet.read_row_group(group), schema))
        for part in self._parts:
            self._fs.rm(part)


#: Tables whose rows may carry columns of their own after the declared ones (an input's own columns).
WIDENING_TABLES = frozenset({"documents"})


def table_writer(path: str, table: str, schema: pa.Schema, filesystem: AbstractFileSystem | None = None) -> TableWriter:
    """The writer for one table: `documents` keeps the input's own columns, the others have one schema."""
    kind = WideningWriter if table in WIDENING_TABLES else TableWriter
    return kind(path, schema, filesystem)


def with_declared(batch: pa.RecordBatch, declared: pa.Schema) -> pa.RecordBatch:
    """A stored batch with the declared columns first, in their declared types, then its own columns."""
    schema = pa.schema([*declared, *(f for f in batch.schema if f.name not in declared.names)])
    return pa.RecordBatch.from_arrays([batch.column(f.name).cast(f.type) for f in schema], schema=schema)
