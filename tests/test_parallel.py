"""Runs in several model processes: each runs every stage and sends back tables and parses."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import Article, Settings, analysis, extract, read_tables
from pipeline.cli import main
from tests.test_store import snapshot

TWO = Settings(progress=False, n_process=2)
ONE = Settings(progress=False, n_process=1)
STORIES = {
    "s0": '"We will appeal," the mayor said on Monday. Council member Ann Lee said the ruling was fair.',
    "s1": "According to police, the suspect fled. Officials told Reuters that the talks had stalled.",
    "s2": "Sheila Smith spoke first.\nThe summit could be less startling, Smith said.",
    "s3": '"We will appeal," the mayor said on Monday. Council member Ann Lee said the ruling was fair.',
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, story in STORIES.items():
        (folder / f"{name}.txt").write_text(story, encoding="utf-8")
    return folder


def _parse_cache(out: Path) -> dict[str, int]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["parse_cache"]


def _failing_on(doc_id: str, failure: BaseException | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tables of `doc_id` raise `failure`, or end their process when it is None (the processes
    are forked, so they inherit the patch)."""
    tables = analysis.doc_tables

    def failing(article: Article, doc: Doc) -> dict:
        if article.doc_id == doc_id:
            if failure is None:
                os._exit(9)
            raise failure
        return tables(article, doc)

    monkeypatch.setattr(analysis, "doc_tables", failing)


def test_parses_stored_by_model_processes_are_read_by_a_later_run(corpus: Path, nlp: Language, tmp_path: Path) -> None:
    out = tmp_path / "out"
    two = extract([corpus], out, TWO, nlp=nlp)
    first = read_tables(out)
    assert two.errors == [] and two.documents == 4
    assert _parse_cache(out) == {"parsed": 4, "reused": 0}  # s3 repeats s0: parsed again in its process
    extract([corpus], out, ONE, nlp=nlp)
    assert _parse_cache(out) == {"parsed": 0, "reused": 4}
    again = read_tables(out)
    for name in first:
        pd.testing.assert_frame_equal(first[name], again[name], obj=name)
    assert first["documents"]["doc_id"].tolist() == ["s0", "s1", "s2", "s3"]  # input order


def test_a_failure_in_a_model_process_is_an_errors_row_of_its_article(
    corpus: Path, nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _failing_on("s1", ValueError("no tables for this one"), monkeypatch)
    summary = extract([corpus], tmp_path / "out", TWO, nlp=nlp)
    tables = read_tables(tmp_path / "out")
    assert tables["documents"]["doc_id"].tolist() == ["s0", "s2", "s3"]
    [row] = tables["errors"].to_dict("records")
    assert (row["doc_id"], row["stage"], row["error"], row["message"]) == ("s1", "tables", "ValueError", "no tables for this one")
    assert summary.documents == 3


def test_a_model_process_that_dies_fails_the_run_with_one_line_and_keeps_the_previous_outputs(
    corpus: Path, nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    extract([corpus], out, ONE, nlp=nlp)
    before = snapshot(out)
    monkeypatch.setattr("pipeline.runner.build_nlp", lambda *args, **kwargs: nlp)
    _failing_on("s2", None, monkeypatch)
    assert main(["extract", str(corpus), "--out", str(out), "--processes", "2", "--force", "--no-progress"]) == 1
    assert snapshot(out) == before
    error = capsys.readouterr().err
    assert error.startswith("error: a model process ended before finishing its articles (killed? out of memory?)")
    assert error.endswith(f"; the tables in {out} were left as they were\n") and error.count("\n") == 1


def test_ctrl_c_stops_a_run_in_model_processes_with_one_line_and_keeps_the_previous_outputs(
    corpus: Path, nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    extract([corpus], out, ONE, nlp=nlp)
    before = snapshot(out)
    monkeypatch.setattr("pipeline.runner.build_nlp", lambda *args, **kwargs: nlp)
    _failing_on("s2", KeyboardInterrupt(), monkeypatch)  # raised in a model process, re-raised by the main one
    assert main(["extract", str(corpus), "--out", str(out), "--processes", "2", "--force", "--no-progress"]) == 130
    assert snapshot(out) == before
    assert capsys.readouterr().err == f"interrupted; the tables in {out} were left as they were\n"
