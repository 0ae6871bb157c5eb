"""Inputs and outputs at fsspec URLs work like local folders (tested on memory:// and file://)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import fsspec
import pandas as pd
import pytest
from spacy.language import Language

from pipeline import Settings, extract, read_articles, read_tables
from pipeline.locations import input_files
from pipeline.rerun import RerunError

QUIET = Settings(progress=False)
FILES = {
    "a.txt": "The mayor said the bridge would reopen on Monday.",
    "nested/b.txt": '"We will appeal," Ann Lee said.',
    "c.jsonl": json.dumps({"id": "c1", "text": "Officials told Reuters that the talks had stalled."}) + "\n",
    ".hidden.txt": "never read",
}


@pytest.fixture
def memory_root() -> Iterator[str]:
    root = f"memory://test-{uuid.uuid4().hex}"
    yield root
    fs = fsspec.filesystem("memory")
    if fs.exists(root):
        fs.rm(root, recursive=True)


def _write(root: str | Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        with fsspec.open(f"{root}/{name}", "w", encoding="utf-8", auto_mkdir=True) as handle:
            handle.write(text)


def test_input_files_of_a_url_folder(memory_root: str) -> None:
    _write(f"{memory_root}/in", FILES)
    files = input_files(f"{memory_root}/in/")
    assert [(f.source, f.stem) for f in files] == [
        (f"{memory_root}/in/a.txt", "a"),
        (f"{memory_root}/in/c.jsonl", "c"),
        (f"{memory_root}/in/nested/b.txt", "nested/b"),
    ]
    assert input_files(f"{memory_root}/nothing") is None


def test_articles_from_a_url_match_the_same_files_on_disk(memory_root: str, tmp_path: Path) -> None:
    _write(f"{memory_root}/in", FILES)
    _write(tmp_path, FILES)
    remote, local = list(read_articles([f"{memory_root}/in"])), list(read_articles([tmp_path]))
    assert [(a.doc_id, a.text) for a in remote] == [(a.doc_id, a.text) for a in local]
    assert [a.doc_id for a in remote] == ["a", "c1", "nested/b"]


def test_extract_from_and_to_urls_then_rerun_the_quote_stage(memory_root: str, nlp: Language, tmp_path: Path) -> None:
    _write(f"{memory_root}/in", FILES)
    _write(tmp_path / "in", FILES)
    out, cache = f"{memory_root}/out", tmp_path / "cache"
    summary = extract([f"{memory_root}/in"], out, Settings(progress=False, cache=str(cache)), nlp=nlp)
    assert summary.documents == 3 and summary.out_dir == out
    extract([tmp_path / "in"], tmp_path / "local", QUIET, nlp=nlp)
    remote, local = read_tables(out), read_tables(tmp_path / "local")
    for name in local:
        columns = [c for c in local[name].columns if c != "source"]
        pd.testing.assert_frame_equal(local[name][columns], remote[name][columns], obj=name)
    fs = fsspec.filesystem("memory")
    manifest = json.loads(fs.cat_file(f"{out}/manifest.json"))
    read = [f"{memory_root}/in/{name}" for name in ("a.txt", "c.jsonl", "nested/b.txt")]
    assert [f["path"] for f in manifest["inputs"]] == read
    assert not [p for p in fs.ls(out, detail=False) if ".tmp-" in p]

    extract([], out, Settings(progress=False, stage="quotes"), nlp=nlp)  # the cache folder comes from the manifest
    again = read_tables(out)
    for name in remote:
        pd.testing.assert_frame_equal(remote[name], again[name], obj=name)


def test_quote_stage_on_a_url_needs_a_parse_cache(memory_root: str, nlp: Language) -> None:
    _write(f"{memory_root}/in", FILES)
    out = f"{memory_root}/out"
    extract([f"{memory_root}/in"], out, QUIET, nlp=nlp)  # no --cache: the parses are not kept
    with pytest.raises(RerunError, match="--cache"):
        extract([], out, Settings(progress=False, stage="quotes"), nlp=nlp)
