"""Atomic outputs: tables appear together, or the previous ones stay."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pytest
from fsspec.implementations.memory import MemoryFileSystem

from pipeline.articles import InputError
from pipeline.locations import filesystem
from pipeline.store import (
    LAYOUT,
    MANIFEST,
    TEMP_PREFIX,
    OutputError,
    OutputStore,
    read_manifest,
    read_table,
    read_tables,
    unchanged_note,
)
from pipeline.tables import SCHEMAS, error_table

ROOT = Path(__file__).resolve().parents[1]


def snapshot(location: str | Path) -> dict[str, bytes | None]:
    """Every file's bytes (None for a folder) under a local folder or URL, by relative path: what
    a run must leave exactly as it was."""
    fs, root = filesystem(location)
    if not fs.exists(root):
        return {}
    found = fs.find(root, withdirs=True, detail=True)
    return {
        path[len(root) :]: None if info["type"] == "directory" else fs.cat_file(path)
        for path, info in sorted(found.items())
        if path != root
    }


@pytest.fixture(name="memory_url")
def memory_url_fixture() -> Iterator[str]:
    """A fresh memory:// output location, cleared afterwards (the memory file system is per process).
    Other test modules import it under this name."""
    url = f"memory://runs-{uuid.uuid4().hex}"
    yield f"{url}/out"
    fs, root = filesystem(url)
    if fs.exists(root):
        fs.rm(root, recursive=True)


def _commit_with_error(out: str | Path, message: str) -> None:
    store = OutputStore(out)
    store.write("errors", error_table([InputError("a.txt", "a", "EmptyFile", message)]))
    store.commit({"rows": store.row_counts()})


def test_commit_writes_every_table_as_a_dataset_listed_in_the_manifest(tmp_path: Path) -> None:
    _commit_with_error(tmp_path, "first")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*SCHEMAS, MANIFEST])
    manifest = read_manifest(tmp_path)
    assert manifest["layout"] == LAYOUT and sorted(manifest["tables"]) == sorted(SCHEMAS)
    for name, parts in manifest["tables"].items():
        assert sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / name).rglob("*.parquet")) == parts
    tables = read_tables(tmp_path)
    assert tables["errors"]["message"].tolist() == ["first"]
    assert tables["documents"].empty and list(tables["documents"].columns) == SCHEMAS["documents"].names


def test_a_second_commit_replaces_the_parts_of_the_first(tmp_path: Path) -> None:
    _commit_with_error(tmp_path, "first")
    _commit_with_error(tmp_path, "second")
    assert len(list((tmp_path / "errors").iterdir())) == 1
    assert pd.read_parquet(tmp_path / "errors")["message"].tolist() == ["second"]


def test_every_table_reads_as_one_table_with_pandas_pyarrow_duckdb_and_polars(seed_out: Path) -> None:
    duckdb, pl = pytest.importorskip("duckdb"), pytest.importorskip("polars")
    for name in SCHEMAS:
        ours = read_table(seed_out, name)
        by_pandas = pd.read_parquet(seed_out / name)
        by_arrow = ds.dataset(seed_out / name).to_table()
        rows = duckdb.sql(f"select count(*) from read_parquet('{seed_out / name}/**/*.parquet')").fetchall()[0][0]
        by_polars = pl.read_parquet(f"{seed_out / name}/**/*.parquet")
        assert len(ours) == len(by_pandas) == by_arrow.num_rows == rows == by_polars.height, name
        assert list(by_pandas.columns) == list(ours.columns) == by_arrow.schema.names == by_polars.columns, name
    quotes = duckdb.sql(f"select speaker from read_parquet('{seed_out}/quotes/**/*.parquet')").fetchall()
    assert sorted(q[0] for q in quotes) == sorted(read_table(seed_out, "quotes")["speaker"])


def test_an_older_layout_is_a_clear_error(tmp_path: Path) -> None:
    pd.DataFrame({"doc_id": ["a"]}).to_parquet(tmp_path / "documents.parquet")
    (tmp_path / MANIFEST).write_text(json.dumps({"rows": {"documents": 1}}), encoding="utf-8")
    with pytest.raises(OutputError, match="older version"):
        read_table(tmp_path, "documents")


_KILLED_COMMIT = """
import os, signal, sys
from pipeline.articles import InputError
from pipeline.store import OutputStore
from pipeline.tables import error_table

store = OutputStore(sys.argv[1])
store.write("errors", error_table([InputError("b.txt", "b", "EmptyFile", "second")]))
moved = []
real_mv = store.fs.mv
def mv_then_die(source, target, **kwargs):
    real_mv(source, target, **kwargs)
    moved.append(target)
    if len(moved) == int(sys.argv[2]):
        os.kill(os.getpid(), signal.SIGKILL)
store.fs.mv = mv_then_die
real_rm = store.fs.rm_file
def rm_then_die(path, **kwargs):  # killed while the previous run's parts are being removed
    real_rm(path, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)
store.fs.rm_file = rm_then_die
store.commit({"rows": store.row_counts()})
"""


@pytest.mark.parametrize("moved", [1, 4, 7, 99], ids=["first part", "half the parts", "every part", "after the manifest"])
def test_a_commit_killed_at_any_point_leaves_a_complete_readable_run(tmp_path: Path, moved: int) -> None:
    out = tmp_path / "out"
    _commit_with_error(out, "first")
    result = subprocess.run([sys.executable, "-c", _KILLED_COMMIT, str(out), str(moved)], check=False, cwd=ROOT)
    assert result.returncode == -signal.SIGKILL
    messages = read_table(out, "errors")["message"].tolist()
    assert messages == (["second"] if moved == 99 else ["first"])  # the manifest written last decides
    for parts in read_manifest(out)["tables"].values():
        assert all((out / part).is_file() for part in parts)
    _commit_with_error(out, "third")  # the next run removes what the killed one left
    assert read_table(out, "errors")["message"].tolist() == ["third"]
    assert all(len(list((out / name).rglob("*.parquet"))) == 1 for name in SCHEMAS)
    assert not [p for p in out.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot write to output folder"):
        OutputStore(blocker / "out")


def test_abort_removes_the_folders_the_run_created(tmp_path: Path) -> None:
    out = tmp_path / "new" / "out"
    store = OutputStore(out)
    store.write("errors", error_table([InputError("a.txt", "a", "EmptyFile", "only")]))
    store.abort()
    assert list(tmp_path.iterdir()) == []
    assert unchanged_note(out) == f"nothing was written to {out}"


def test_abort_at_a_url_keeps_the_previous_outputs_byte_for_byte(memory_url: str) -> None:
    _commit_with_error(memory_url, "first")
    before = snapshot(memory_url)
    store = OutputStore(memory_url)
    store.write("errors", error_table([InputError("b.txt", "b", "EmptyFile", "second")]))
    store.abort()
    assert snapshot(memory_url) == before and f"/{MANIFEST}" in before
    assert unchanged_note(memory_url) == f"the tables in {memory_url} were left as they were"


def test_abort_at_a_new_url_leaves_nothing(memory_url: str) -> None:
    OutputStore(memory_url).abort()
    fs, root = filesystem(memory_url)
    assert not fs.exists(root) and not fs.exists(fs._parent(root))
    assert isinstance(fs, MemoryFileSystem)
