"""`--partition-by date|source`: a table's part files split into hive-style folders by a document column.

`outputs/tokens/doc_date=2016-10-05/part-000000-1a2b3c4d.parquet`: every per-article table is split
by its documents' publication day (or source), so a reader of one month or one outlet opens only
its folders (`pyarrow.dataset` / DuckDB / Polars read the key back as a column). The folder key is
`doc_date` / `doc_source`, not the column's own name, so it never clashes with the `documents`
column it comes from. Rows keep their order within each folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from typing import Final
from urllib.parse import quote

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from fsspec import AbstractFileSystem

from pipeline.locations import arrow_filesystem
from pipeline.writers import TableWriter, table_writer

#: The documents column each `--partition-by` choice splits by, and the folder key it writes.
PARTITION_COLUMNS: Final = {"date": "doc_date", "source": "doc_source"}
#: Tables split by document; `people` and `errors` are corpus-wide and stay whole.
PARTITIONED_TABLES: Final = ("documents", "tokens", "sentences", "entities", "quotes")
#: The folder of rows whose document has no value (read back as null by pyarrow and DuckDB).
MISSING: Final = "__HIVE_DEFAULT_PARTITION__"
#: Longer values are cut and suffixed with a hash: file systems limit a name to 255 bytes.
MAX_VALUE_CHARS = 160


class PartitionError(ValueError):
    """An unknown `--partition-by` column."""


def check_partition_by(column: str | None) -> None:
    if column is not None and column not in PARTITION_COLUMNS:
        raise PartitionError(f"cannot partition by {column!r}: choose one of {', '.join(PARTITION_COLUMNS)}")


def folder_name(column: str, value: object) -> str:
    """The hive folder (`doc_date=2016-10-05`) of one document's value, percent-encoded."""
    if value is None or value == "":
        text = MISSING
    else:
        text = quote(str(value), safe="")
        if len(text) > MAX_VALUE_CHARS:
            digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
            text = f"{text[:MAX_VALUE_CHARS]}-{digest}"
    return f"{PARTITION_COLUMNS[column]}={text}"


def document_folders(documents: pa.Table, column: str) -> dict[str, str]:
    """doc_id -> hive folder, from a documents table (or its two columns)."""
    ids, values = documents.column("doc_id").to_pylist(), documents.column(column).to_pylist()
    return {doc_id: folder_name(column, value) for doc_id, value in zip(ids, values, strict=True)}


def _split(batch: pa.RecordBatch, folders: dict[str, str], missing: str) -> Iterator[tuple[str, pa.RecordBatch]]:
    """The batch's rows by folder, each in their order."""
    keys = pa.array([folders.get(doc_id, missing) for doc_id in batch.column("doc_id").to_pylist()], pa.string())
    for folder in pc.unique(keys).to_pylist():
        yield folder, batch.filter(pc.equal(keys, folder))


def split_file(
    fs: AbstractFileSystem, path: str, table: str, column: str, folders: dict[str, str], target: str, name: str
) -> list[str]:
    """Rewrite one part file as one file per folder (`target/<folder>/<name>`); return the folders'
    files relative to `target`. The source file is removed."""
    writers: dict[str, TableWriter] = {}
    missing = folder_name(column, None)
    with fs.open(path, "rb") as handle:
        parquet = pq.ParquetFile(handle)
        try:
            for batch in parquet.iter_batches():
                for folder, rows in _split(batch, folders, missing):
                    if folder not in writers:
                        fs.makedirs(f"{target}/{folder}", exist_ok=True)
                        part = f"{target}/{folder}/{name}"
                        writers[folder] = table_writer(part, table, parquet.schema_arrow, arrow_filesystem(fs))
                    writers[folder].write(rows)
        finally:
            for writer in writers.values():
                writer.close()
    if not writers:  # no rows: the table's one (empty) file stays outside the folders, so it still has a schema
        fs.mv(path, f"{target}/{name}")
        return [name]
    fs.rm(path)
    return sorted(f"{folder}/{name}" for folder in writers)


def closed_parts(
    fs: AbstractFileSystem, root: str, writers: Mapping[str, TableWriter], partition_by: str | None
) -> dict[str, list[str]]:
    """Close the writers of one part of each table (`root/<table>/<name>`) and list the part's files relative to
    `root`: one per table, or, with `partition_by` and a documents table among them, one per hive folder of each
    per-article table."""
    for writer in writers.values():
        writer.close()
    folders = None
    if partition_by is not None and "documents" in writers:
        folders = document_folders(writers["documents"].read(["doc_id", partition_by]), partition_by)
    parts = {}
    for table, writer in writers.items():
        name = writer.path.rpartition("/")[2]
        if folders is None or table not in PARTITIONED_TABLES:
            parts[table] = [f"{table}/{name}"]
            continue
        target = f"{root}/{table}"
        parts[table] = [f"{table}/{part}" for part in split_file(fs, writer.path, table, partition_by, folders, target, name)]
    return parts
