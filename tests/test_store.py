"""Atomic outputs: tables appear together, or the previous ones stay."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.articles import InputError
from pipeline.store import MANIFEST, OutputError, OutputStore, read_tables
from pipeline.tables import SCHEMAS, error_table


def _commit_with_error(out: Path, message: str) -> None:
    store = OutputStore(out)
    store.write("errors", error_table([InputError("a.txt", "a", "EmptyFile", message)]))
    store.commit({"rows": store.row_counts()})


def test_commit_writes_every_table_and_the_manifest(tmp_path: Path) -> None:
    _commit_with_error(tmp_path, "first")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*(f"{n}.parquet" for n in SCHEMAS), MANIFEST])
    tables = read_tables(tmp_path)
    assert tables["errors"]["message"].tolist() == ["first"]
    assert tables["documents"].empty and list(tables["documents"].columns) == SCHEMAS["documents"].names


def test_abort_keeps_the_previous_outputs(tmp_path: Path) -> None:
    _commit_with_error(tmp_path, "first")
    store = OutputStore(tmp_path)
    store.write("errors", error_table([InputError("b.txt", "b", "EmptyFile", "second")]))
    store.abort()
    assert pd.read_parquet(tmp_path / "errors.parquet")["message"].tolist() == ["first"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot write to output folder"):
        OutputStore(blocker / "out")
