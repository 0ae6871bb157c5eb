"""Reading corpus files (JSONL, CSV, parquet) as streams of rows with their column map.

Each reader yields, for one file: its `ColumnMap` first (which column plays which role), then
`Record`s, one per row, with problems as `InputError`s. All three stream: a JSONL line, a CSV
chunk or a parquet batch at a time, so a corpus of any size is read in flat memory. A file
without a text column is one error naming the columns found, not one per row.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import IO

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.columns import COMMON_NAMES, ColumnMap, map_columns, missing_text_message
from pipeline.errors import InputError
from pipeline.locations import InputFile

PARQUET_BATCH_ROWS = 1024
CSV_CHUNK_ROWS = 1024
#: Bytes read to choose a CSV's encoding before streaming it.
ENCODING_SNIFF_BYTES = 1 << 20
#: Encodings tried in order for text; latin-1 never fails, so it is the last resort.
UTF8 = "utf-8-sig"
FALLBACK_ENCODINGS = (UTF8, "cp1252", "latin-1")
#: The names recorded in `documents.encoding`: a UTF-8 file is 'utf-8', with a byte-order mark 'utf-8-sig'.
UTF8_NAMES = frozenset({"utf-8", UTF8})


@dataclass(frozen=True)
class Record:
    """One row of a corpus: its number in the file (from 1) and its values by column name."""

    number: int
    values: Mapping[str, object]


CorpusItem = ColumnMap | Record | InputError


def _name(encoding: str, data: bytes) -> str:
    return "utf-8" if encoding == UTF8 and not data.startswith(codecs.BOM_UTF8) else encoding


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text of unknown encoding: UTF-8 (BOM allowed), then cp1252, then latin-1; and the
    encoding's name ('utf-8', 'utf-8-sig' with a byte-order mark, 'cp1252', 'latin-1')."""
    for encoding in FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding), _name(encoding, data)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def sniff_encoding(head: bytes) -> str:
    """The encoding of a file from its first bytes (a multi-byte character cut at the end is fine)."""
    decoder = codecs.getincrementaldecoder(UTF8)()
    try:
        decoder.decode(head, final=False)
        return _name(UTF8, head)
    except UnicodeDecodeError:
        return decode_bytes(head)[1]


def _cannot_read(file: InputFile, kind: str, exc: Exception) -> InputError:
    detail = getattr(exc, "strerror", None) or exc
    return InputError(file.source, None, type(exc).__name__, f"cannot read {kind}: {detail}")


def _no_text(file: InputFile, names: list[str], columns: ColumnMap) -> InputError:
    return InputError(file.source, None, "MissingTextColumn", missing_text_message(names, columns))


@dataclass(frozen=True)
class LineRange:
    """The lines of a file that start at a byte in [start, stop), the first of them numbered `first`:
    one worker's share of a large JSONL corpus (`pipeline.shares`)."""

    start: int
    stop: int
    first: int = 1


@dataclass(frozen=True)
class RowGroups:
    """Row groups [start, stop) of a parquet file, the first of their rows numbered `first`: one worker's
    share of a large parquet corpus (`pipeline.shares`)."""

    start: int
    stop: int
    first: int = 1


#: A share of one corpus file: a range of a JSONL's lines or of a parquet file's row groups.
FileRange = LineRange | RowGroups


def row_group_rows(file: InputFile) -> list[int] | None:
    """The rows of each row group of a parquet file (None when it cannot be read: reading it reports why)."""
    try:
        with file.open() as handle:
            metadata = pq.ParquetFile(handle).metadata
            return [metadata.row_group(group).num_rows for group in range(metadata.num_row_groups)]
    except (OSError, ValueError, pa.ArrowException):
        return None


def _lines(handle: IO[bytes], lines: LineRange | None) -> Iterator[tuple[int, bytes]]:
    """(number, line) of the whole file, or of the lines starting in a range."""
    if lines is None:
        yield from enumerate(handle, start=1)
        return
    if lines.start > 0:
        handle.seek(lines.start - 1)
        if handle.read(1) != b"\n":
            handle.readline()  # the line under way at `start` belongs to the range before
    number = lines.first
    while handle.tell() < lines.stop and (line := handle.readline()):
        yield number, line
        number += 1


def line_starts(file: InputFile, start: int, stop: int) -> int:
    """How many lines start at a byte in [start, stop): what the lines of later ranges are numbered after."""
    with file.open() as handle:
        handle.seek(max(start - 1, 0))
        data = handle.read(max(stop - 1, 0) - max(start - 1, 0)) if stop > start else b""
    return data.count(b"\n") + (1 if start == 0 and stop > 0 else 0)


def read_jsonl(file: InputFile, given: Mapping[str, str] | None = None, lines: LineRange | None = None) -> Iterator[CorpusItem]:
    """A JSON-lines corpus (or the lines of a range of it); the first record's keys give the column
    map, and a later record whose keys map otherwise (another text key, a role the first lacked)
    gives its own. An invalid line is an error for that line only."""
    try:
        handle = file.open()
    except OSError as exc:
        yield _cannot_read(file, "file", exc)
        return
    columns: ColumnMap | None = None
    with handle:
        for number, line in _lines(handle, lines):
            if not line.strip():
                continue
            default_id = f"{file.stem}:{number}"
            try:
                record = json.loads(decode_bytes(line)[0])
            except json.JSONDecodeError as exc:
                yield InputError(file.source, default_id, "InvalidJSON", f"line {number}: {exc.msg}")
                continue
            if not isinstance(record, dict):
                yield InputError(file.source, default_id, "InvalidRecord", f"line {number}: not a JSON object")
                continue
            if columns is None:
                columns = map_columns(record, given)
                if columns.text is None:
                    yield _no_text(file, list(record), columns)
                    return
                yield columns
            elif columns.text not in record or _plays_new_role(record, columns, given):
                remapped = map_columns(record, given)  # a record with other keys: 'content' for 'body'
                if remapped.text is not None and remapped.roles != columns.roles:
                    columns = remapped
                    yield columns
            yield Record(number, record)


def _plays_new_role(record: Mapping[str, object], columns: ColumnMap, given: Mapping[str, str] | None) -> bool:
    """A key of this record would play a role the current map has no column for ('date' first
    seen in a later record)."""
    unplayed = [role for role in COMMON_NAMES if role not in columns.roles]
    return bool(unplayed) and any(map_columns(record, given).roles.get(role) for role in unplayed)


def read_csv(file: InputFile, given: Mapping[str, str] | None = None) -> Iterator[CorpusItem]:
    """A CSV corpus, chunk by chunk; every cell is read as a string (CSV has no types: a zip code
    stays '01234'), an empty cell as missing."""
    try:
        handle = file.open()
        encoding = sniff_encoding(handle.read(ENCODING_SNIFF_BYTES))
        handle.seek(0)
    except OSError as exc:
        yield _cannot_read(file, "file", exc)
        return
    reading = UTF8 if encoding in UTF8_NAMES else encoding  # a BOM, if any, is dropped
    with handle, io.TextIOWrapper(handle, encoding=reading, errors="replace", newline="") as text:
        try:
            chunks = pd.read_csv(text, dtype=str, keep_default_na=False, chunksize=CSV_CHUNK_ROWS)
            columns: ColumnMap | None = None
            number = 0
            for chunk in chunks:
                if columns is None:
                    columns = replace(map_columns(chunk.columns, given), encoding=encoding)
                    if columns.text is None:
                        yield _no_text(file, list(chunk.columns), columns)
                        return
                    yield columns
                for record in chunk.to_dict("records"):
                    number += 1
                    yield Record(number, {name: value if value != "" else None for name, value in record.items()})
        except pd.errors.EmptyDataError:
            yield InputError(file.source, None, "EmptyFile", "CSV file is empty (no header row)")
        except (OSError, ValueError, pd.errors.ParserError) as exc:
            yield _cannot_read(file, "CSV", exc)


def read_parquet(
    file: InputFile, given: Mapping[str, str] | None = None, groups: RowGroups | None = None
) -> Iterator[CorpusItem]:
    """A parquet corpus (or some of its row groups), batch by batch; its columns keep their types (in
    `ColumnMap.schema`)."""
    try:
        handle = file.open()
        parquet = pq.ParquetFile(handle)
    except (OSError, ValueError, pa.ArrowException) as exc:
        yield _cannot_read(file, "parquet", exc)
        return
    with handle:
        schema = parquet.schema_arrow
        columns = map_columns(schema.names, given)
        if columns.text is None:
            yield _no_text(file, schema.names, columns)
            return
        yield ColumnMap(columns.roles, columns.kept, columns.missing, schema)
        number = 0 if groups is None else groups.first - 1
        chosen = None if groups is None else range(groups.start, groups.stop)
        try:
            for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, row_groups=chosen):
                for record in batch.to_pylist():
                    number += 1
                    yield Record(number, record)
        except (OSError, pa.ArrowException) as exc:
            yield _cannot_read(file, "parquet", exc)


#: The reader of each corpus file suffix.
CORPUS_READERS = {".jsonl": read_jsonl, ".csv": read_csv, ".parquet": read_parquet}
