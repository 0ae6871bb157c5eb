"""A messy corpus end to end: good articles come out right, each bad one is one errors row."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from pipeline import Article, Settings, extract, extract_tables, read_tables

QUIET = Settings(progress=False)
ROOT = Path(__file__).resolve().parents[1]
STORY = "Officials said the bridge would reopen on Monday.\n"


@pytest.fixture(scope="module")
def messy_corpus(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    """Good and bad inputs of every kind a scraped corpus holds."""
    root = tmp_path_factory.mktemp("messy")
    (root / "seed.txt").write_bytes(seed_path.read_bytes())
    (root / "empty.txt").write_bytes(b"")
    (root / "spaces.txt").write_bytes(b"  \n\t \n")
    (root / "binary.txt").write_bytes(bytes(range(256)))
    (root / "cp1252.txt").write_bytes("\u201cWe will appeal,\u201d the mayor said.".encode("cp1252"))
    (root / "latin1.txt").write_bytes("Le ma\u00eetre a dit que la f\u00eate continue.".encode("latin-1"))
    (root / "bom.txt").write_bytes("\ufeffThe minister said the plan works.".encode())
    (root / "crlf.txt").write_bytes(b"The minister said the plan works.\r\nIt was Monday.\r\n")
    (root / "cr.txt").write_bytes(b"The minister said the plan works.\rIt was Monday.\r")
    (root / "bad_header.txt").write_text(" date 2025-02-06 Headline\nno byline\nThe mayor said it rained.", encoding="utf-8")
    (root / "odd.txt").write_text(
        "Control \x07 chars, emoji \U0001f600 and \u05e9\u05dc\u05d5\u05dd said nobody.", encoding="utf-8"
    )
    lines = [
        json.dumps({"id": "j1", "text": STORY}),
        "{broken",
        json.dumps({"id": "j2"}),
        json.dumps({"id": "j1", "text": STORY}),
    ]
    (root / "rows.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pd.DataFrame({"comment": ["no text column"]}).to_csv(root / "notext.csv", index=False)
    pd.DataFrame({"comment": ["no text column"]}).to_parquet(root / "notext.parquet")
    return root


@pytest.fixture(scope="module")
def messy_run(messy_corpus: Path, nlp: Language, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("messy_out")
    summary = extract([messy_corpus], out, QUIET, nlp=nlp)
    return summary, read_tables(out)


def test_good_articles_come_out_right(messy_run, seed_golden: dict) -> None:
    _, tables = messy_run
    documents = tables["documents"].set_index("doc_id")
    assert set(documents.index) == {"seed", "cp1252", "latin1", "bom", "crlf", "cr", "bad_header", "odd", "j1"}
    assert documents.loc["seed", "n_quotes"] == len(seed_golden["quotes"])
    assert documents.loc["seed", "author"] == seed_golden["document"]["author"]
    assert documents.loc["cp1252", "text"] == "\u201cWe will appeal,\u201d the mayor said."
    assert documents.loc["cp1252", "encoding"] == "cp1252"
    assert documents.loc["latin1", "text"] == "Le ma\u00eetre a dit que la f\u00eate continue."
    assert documents.loc["bom", "text"] == "The minister said the plan works."
    assert documents.loc["crlf", "text"] == documents.loc["cr", "text"] == "The minister said the plan works.\nIt was Monday.\n"
    assert documents.loc["bad_header", "title"] is None or pd.isna(documents.loc["bad_header", "title"])
    quotes = tables["quotes"].set_index("doc_id")
    assert quotes.loc["cp1252", "text"] == "We will appeal"


def test_each_bad_input_is_one_error_row(messy_run) -> None:
    summary, tables = messy_run
    errors = {(Path(row.source).name, row.error) for row in tables["errors"].itertuples()}
    assert errors == {
        ("empty.txt", "EmptyFile"),
        ("spaces.txt", "EmptyFile"),
        ("binary.txt", "BinaryFile"),
        ("rows.jsonl", "InvalidJSON"),
        ("rows.jsonl", "MissingText"),
        ("rows.jsonl", "DuplicateId"),
        ("notext.csv", "MissingTextColumn"),
        ("notext.parquet", "MissingTextColumn"),
    }
    assert all(tables["errors"]["message"].str.len() > 10)
    assert len(summary.errors) == 8
    text = summary.format()
    assert "binary.txt" in text and "malformed seed header" in text and "decoded as cp1252" in text


def test_strict_makes_a_bad_input_fatal_and_writes_nothing(messy_corpus: Path, nlp: Language, tmp_path: Path) -> None:
    from pipeline.runner import StrictFailure

    with pytest.raises(StrictFailure, match=r"EmptyFile|BinaryFile|InvalidJSON"):
        extract([messy_corpus], tmp_path / "out", Settings(progress=False, strict=True), nlp=nlp)
    assert not (tmp_path / "out").exists()  # no table folder, no manifest, no staged parts: the folder it created is gone


def test_determinism_two_runs_identical_tables(messy_corpus: Path, nlp: Language, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    extract([messy_corpus], first, QUIET, nlp=nlp)
    extract([messy_corpus], second, QUIET, nlp=nlp)
    a, b = read_tables(first), read_tables(second)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)
    manifest_a, manifest_b = (json.loads((d / "manifest.json").read_text()) for d in (first, second))
    for key in ("created", "timings"):
        manifest_a.pop(key), manifest_b.pop(key)
    # The part files are named after each run's own random id: the same parts, in the same tables and order.
    parts_a, parts_b = manifest_a.pop("tables"), manifest_b.pop("tables")
    assert _without_run_id(parts_a) == _without_run_id(parts_b)
    assert set(parts_a) == set(a)
    assert manifest_a == manifest_b


def _without_run_id(tables: dict[str, list[str]]) -> dict[str, list[str]]:
    """The manifest's parts of each table with the run id taken out of their names (one id per run)."""
    runs = {re.fullmatch(r"[^/]+/part-\d{6}-([0-9a-f]{8})\.parquet", part)[1] for parts in tables.values() for part in parts}
    assert len(runs) == 1, runs
    (run,) = runs
    return {name: [part.replace(f"-{run}.parquet", ".parquet") for part in parts] for name, parts in tables.items()}


def _committed(out: Path) -> dict[str, bytes]:
    """The bytes of the manifest and of every part in the table folders: what a run commits (neither its
    staging `.tmp-*` folder nor the parse cache)."""
    return {
        str(path.relative_to(out)): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and not path.relative_to(out).parts[0].startswith(".tmp-") and path.relative_to(out).parts[0] != "cache"
    }


def test_killed_run_leaves_previous_outputs_intact(nlp: Language, tmp_path: Path) -> None:
    out = tmp_path / "out"
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps({"id": "s1", "text": STORY}) + "\n", encoding="utf-8")
    extract([small], out, QUIET, nlp=nlp)
    before, committed = read_tables(out), _committed(out)
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as handle:
        for number in range(3000):
            handle.write(json.dumps({"id": f"b{number}", "text": STORY * 20}) + "\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", str(big), "--out", str(out), "--no-progress"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not list(out.glob(".tmp-*/*/*.parquet")) and time.monotonic() < deadline:  # its staged parts, by table
        time.sleep(0.05)
    assert list(out.glob(".tmp-*/*/*.parquet")), "the run never started writing its parts"
    time.sleep(1.0)  # well into writing
    process.send_signal(signal.SIGKILL)  # the main process only: its model workers must end with it
    process.wait()
    deadline = time.monotonic() + 10
    while _session_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _session_alive(process.pid), "model worker processes outlived the killed run"
    assert list(out.glob(".tmp-*/*/*.parquet")), "the killed run should have been writing"
    assert _committed(out) == committed  # the manifest and every part it lists, byte for byte, and no part added
    after = read_tables(out)
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], obj=name)
    summary = extract([small], out, QUIET, nlp=nlp)
    assert summary.documents == 1
    assert not list(out.glob(".tmp-*")), "the stale temporary folder of the killed run is removed"
    assert os.path.exists(out / "manifest.json")
    listed = {part for parts in json.loads((out / "manifest.json").read_text())["tables"].values() for part in parts}
    assert set(_committed(out)) - {"manifest.json"} == listed  # the previous run's parts are gone


def _session_alive(session: int) -> bool:
    """True while any process of the killed run's session is still running."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getsid(int(entry.name)) == session and not _zombie(entry):
                    return True
            except (ProcessLookupError, PermissionError):
                continue
    return False


def _zombie(entry: Path) -> bool:
    try:
        return (entry / "stat").read_text().split(") ", 1)[1].startswith("Z")
    except (OSError, IndexError):
        return True


PIECES = [
    *"ab XY.,;:-'\"\n\r\t\x00\x07",
    *"\u201c\u201d\u2018\u2019\u00ab\u00bb\u05d0\U0001f600\u200b",
    "said",
    " she ",
    "Smith",
    "according to",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_pipeline_never_raises_never_drops_and_spans_stay_inside(nlp: Language, text: str) -> None:
    """Any text, blank or garbled, is a `documents` row or an `errors` row naming it: never silently missing."""
    tables = extract_tables([Article(doc_id="h", text=text, source="hypothesis")], QUIET, nlp=nlp)
    documents, errors = tables["documents"], tables["errors"]
    named = (errors["doc_id"] == "h") | (errors["source"] == "hypothesis")
    assert named.all(), f"errors about another document: {errors.to_dict('records')}"
    assert documents["doc_id"].tolist() in (["h"], []), documents["doc_id"].tolist()
    assert not documents.empty or named.any(), f"the document {text!r} was dropped without an errors row"
    if documents.empty:
        return  # reported in `errors`: nothing to slice
    assert documents["text"].item() == text
    for row in tables["quotes"].itertuples():
        assert 0 <= row.start_char < row.end_char <= len(text) and text[row.start_char : row.end_char] == row.text
        if not pd.isna(row.speaker_start_char):
            assert 0 <= row.speaker_start_char < row.speaker_end_char <= len(text)
    for row in tables["entities"].itertuples():
        assert text[row.start_char : row.end_char] == row.text
