"""The documents table keeps an input's own columns, whatever each row brings."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import writers
from pipeline.writers import WideningWriter, union_schema, with_declared

DECLARED = pa.schema([("doc_id", pa.string()), ("n", pa.int32())])


def _row(**values: object) -> pa.RecordBatch:
    batch = pa.RecordBatch.from_pylist([{"doc_id": values.pop("doc_id"), "n": 1}], schema=DECLARED)
    for name, value in values.items():
        batch = batch.append_column(name, pa.array([value]))
    return batch


@pytest.mark.parametrize("row_group_rows", [1, 2, 1000])
def test_rows_with_different_columns_become_one_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row_group_rows: int
) -> None:
    monkeypatch.setattr(writers, "ROW_GROUP_ROWS", row_group_rows)  # parts change inside a file and between files
    path = tmp_path / "documents.parquet"
    writer = WideningWriter(str(path), DECLARED)
    for batch in (
        _row(doc_id="a", url="u1"),
        _row(doc_id="b", url="u2", words=3),
        _row(doc_id="c", words=None),
        _row(doc_id="d"),
    ):
        writer.write(batch)
    writer.close()
    table = pq.read_table(path)
    assert table.schema.names == ["doc_id", "n", "url", "words"]
    assert table.schema.field("words").type == pa.int64() and table.schema.field("n").type == pa.int32()
    assert table.to_pydict()["url"] == ["u1", "u2", None, None]
    assert table.to_pydict()["words"] == [None, 3, None, None]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents.parquet"]  # no part left behind


def test_a_column_whose_types_disagree_is_kept_as_text(tmp_path: Path) -> None:
    path = tmp_path / "documents.parquet"
    writer = WideningWriter(str(path), DECLARED)
    writer.write(_row(doc_id="a", code=7))
    writer.flush()
    writer.write(_row(doc_id="b", code="A7"))
    writer.write(_row(doc_id="c", code=[1, 2]))
    writer.close()
    assert pq.read_table(path).to_pydict()["code"] == ["7", "A7", "[1, 2]"]


def test_no_rows_is_an_empty_table_with_the_declared_columns(tmp_path: Path) -> None:
    path = tmp_path / "documents.parquet"
    WideningWriter(str(path), DECLARED).close()
    assert pq.read_schema(path).equals(DECLARED)


def test_numbers_widen_rather_than_turn_to_text() -> None:
    schema = union_schema([pa.schema([("x", pa.int64())]), pa.schema([("x", pa.float64())]), pa.schema([("x", pa.null())])])
    assert schema.field("x").type == pa.float64()


def test_a_stored_batch_gets_its_declared_columns_first() -> None:
    stored = pa.RecordBatch.from_pydict({"url": ["u"], "n": pa.array([2], pa.int64()), "doc_id": ["a"]})
    batch = with_declared(stored, DECLARED)
    assert batch.schema.names == ["doc_id", "n", "url"] and batch.schema.field("n").type == pa.int32()
