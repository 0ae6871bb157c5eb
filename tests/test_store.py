"""Atomic outputs: tables appear together, or the previous ones stay."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from fsspec.implementations.memory import MemoryFileSystem

from pipeline.articles import InputError
from pipeline.locations import filesystem
from pipeline.store import MANIFEST, OutputError, OutputStore, read_tables, unchanged_note
from pipeline.tables import SCHEMAS, error_table


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
