"""Inputs and outputs at fsspec URLs work like local folders (tested on memory:// and file://)."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import fsspec
import pandas as pd
import pytest
from spacy.language import Language

from pipeline import Article, InputError, Settings, extract, read_articles, read_tables
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


def _link(link: Path, target: Path) -> None:
    link.symlink_to(target, target_is_directory=target.is_dir())


def _read(location: Path) -> tuple[list[tuple[str, str, str]], dict[str, InputError]]:
    """(doc_id, source, text) of every article read, and the errors by the name of their input."""
    items = list(read_articles([location]))
    articles = [(a.doc_id, a.source, a.text) for a in items if isinstance(a, Article)]
    errors = {Path(e.source).name: e for e in items if isinstance(e, InputError)}
    return articles, errors


def test_a_link_to_a_folder_is_read_once_under_the_links_name(tmp_path: Path) -> None:
    _write(tmp_path / "elsewhere", {"a.txt": "First.", "deep/b.txt": "Second."})
    _write(tmp_path / "in", {"own.txt": "Own."})
    corpus = tmp_path / "in"
    _link(corpus / "gathered", tmp_path / "elsewhere")
    _link(corpus / "same", tmp_path / "elsewhere")  # a second way to the same folder
    articles, errors = _read(corpus)
    assert articles == [
        ("gathered/a", f"{corpus}/gathered/a.txt", "First."),
        ("gathered/deep/b", f"{corpus}/gathered/deep/b.txt", "Second."),
        ("own", f"{corpus}/own.txt", "Own."),
    ]
    assert list(errors) == ["same"]
    assert errors["same"].source == f"{corpus}/same" and errors["same"].error == "LinkLoop"
    assert errors["same"].message == (
        f"symbolic link leads to {os.path.realpath(tmp_path / 'elsewhere')}, a folder already read as gathered; not followed"
    )


def test_a_link_to_a_folder_inside_the_input_leaves_the_folder_where_it_is(tmp_path: Path) -> None:
    _write(tmp_path / "in", {"zz_real/a.txt": "Only once."})
    _link(tmp_path / "in" / "aa_shortcut", tmp_path / "in" / "zz_real")
    articles, errors = _read(tmp_path / "in")
    assert [doc_id for doc_id, _, _ in articles] == ["zz_real/a"]
    assert errors["aa_shortcut"].error == "LinkLoop" and "already read as zz_real" in errors["aa_shortcut"].message


def test_a_link_to_a_file_is_read_as_the_file(tmp_path: Path) -> None:
    _write(tmp_path / "elsewhere", {"x.txt": "Linked story."})
    (tmp_path / "in").mkdir()
    _link(tmp_path / "in" / "story.txt", tmp_path / "elsewhere" / "x.txt")
    assert _read(tmp_path / "in") == ([("story", f"{tmp_path}/in/story.txt", "Linked story.")], {})


def test_broken_links_are_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    _write(tmp_path / "in", {"own.txt": "Own."})
    corpus = tmp_path / "in"
    _link(corpus / "gone.txt", tmp_path / "missing.txt")
    _link(corpus / "ping", corpus / "pong")
    _link(corpus / "pong", corpus / "ping")
    articles, errors = _read(corpus)
    assert [doc_id for doc_id, _, _ in articles] == ["own"]
    assert sorted(errors) == ["gone.txt", "ping", "pong"]
    gone = errors["gone.txt"]
    assert gone.error == "BrokenLink" and gone.message == f"symbolic link points to {tmp_path}/missing.txt, which does not exist"
    assert errors["ping"].error == "LinkLoop" and "links pointing at each other" in errors["ping"].message


def test_a_link_loop_is_an_error_row_and_the_run_completes(nlp: Language, tmp_path: Path) -> None:
    _write(tmp_path / "in", {"own.txt": "The mayor said the bridge would reopen on Monday."})
    corpus = tmp_path / "in"
    _link(corpus / "itself", corpus)
    _link(corpus / "up", tmp_path)
    out = tmp_path / "out"
    summary = extract([corpus], out, QUIET, nlp=nlp)
    tables = read_tables(out)
    assert summary.documents == 1 and tables["documents"]["doc_id"].tolist() == ["own"]
    errors = tables["errors"].set_index("source")
    assert errors.loc[f"{corpus}/itself", "message"] == (
        f"symbolic link points back to its own folder {os.path.realpath(corpus)}; not followed"
    )
    assert errors.loc[f"{corpus}/up", "message"] == (
        f"symbolic link points back to a parent folder {os.path.realpath(tmp_path)}; not followed"
    )
    assert set(errors["error"]) == {"LinkLoop"}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    hashed = {entry["path"]: entry["sha256"] for entry in manifest["inputs"]}
    assert hashed.keys() == {f"{corpus}/own.txt", f"{corpus}/itself", f"{corpus}/up"}
    assert len(hashed[f"{corpus}/own.txt"]) == 64 and hashed[f"{corpus}/up"] is None


def test_a_file_reached_by_two_paths_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("The mayor said so.", encoding="utf-8")
    (tmp_path / "z_link.txt").symlink_to(tmp_path / "real.txt")
    first, second = input_files(tmp_path)
    assert (first.stem, first.problem) == ("real", None)
    assert second.problem is not None and second.problem.error == "DuplicateFile"
    assert f"the same file as {tmp_path}/real.txt" in second.problem.message
