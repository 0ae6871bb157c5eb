"""Shares: a corpus cut from its listing alone reads, share by share, exactly as a local run reads it whole."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.articles import Article, InputError, ReadOptions, read_inputs
from pipeline.corpora import LineRange, RowGroups, line_starts, row_group_rows
from pipeline.local import screen_articles
from pipeline.locations import input_files
from pipeline.runs import RunSummary
from pipeline.shares import Share, plan_shares

OPTIONS = ReadOptions()


def _screened(items) -> tuple[list, list]:
    """What a run keeps of the items, as `screen_articles` keeps them: (doc_id, source, text) per article,
    and (error, doc_id, message) per error."""
    summary = RunSummary.empty()
    kept = [(a.doc_id, a.source, a.text) for a in screen_articles(items, summary)]
    return kept, [(e.error, e.doc_id, e.message) for e in summary.errors]


def _read_shares(shares: list[Share]) -> tuple[list, list]:
    """The shares read and screened one by one, as workers do, in order; JSONL ranges numbered by counting
    the line starts before them."""
    articles, errors, first = [], [], 1
    for share in shares:
        if share.lines is not None:
            first = 1 if share.lines.start == 0 else first
            share = share.with_first_line(first)
            first += line_starts(share.files[0], share.lines.start, share.lines.stop)
        kept, failed = _screened(share.read(OPTIONS))
        articles += kept
        errors += failed
    return articles, errors


@pytest.mark.parametrize("share_bytes", [1, 7, 40, 113, 10_000])
@pytest.mark.parametrize("ending", ["\n", ""], ids=["newline at the end", "no newline at the end"])
def test_jsonl_ranges_read_as_the_whole_file(tmp_path: Path, share_bytes: int, ending: str) -> None:
    lines = [json.dumps({"text": f"Story number {n} said the mayor."}) for n in range(12)]
    lines[3], lines[6] = "", "{broken"  # a blank line keeps its number; an invalid one is an error with it
    corpus = tmp_path / "feed.jsonl"
    corpus.write_text("\n".join(lines) + ending, encoding="utf-8")
    shares = plan_shares([corpus], share_bytes=share_bytes)
    assert [share.number for share in shares] == list(range(len(shares)))  # the parts' names: one per share, in order
    if share_bytes < corpus.stat().st_size:
        assert len(shares) > 1 and all(isinstance(s.part, LineRange) for s in shares)
    whole = _screened(read_inputs([corpus], OPTIONS))
    assert _read_shares(shares) == whole
    assert ("feed:12", str(corpus), "Story number 11 said the mayor.") in whole[0]
    assert ("InvalidJSON", "feed:7", "line 7: Expecting property name enclosed in double quotes") in whole[1]


def test_line_starts_of_the_ranges_add_up_to_the_lines(tmp_path: Path) -> None:
    corpus = tmp_path / "feed.jsonl"
    corpus.write_bytes(b"a\n\nbb\nccc\n")
    (file,) = input_files(corpus)
    assert [line_starts(file, s, min(s + 2, 10)) for s in range(0, 10, 2)] == [1, 2, 0, 1, 0]  # lines start at 0, 2, 3, 6
    assert line_starts(file, 0, 10) == 4


def test_parquet_row_groups_read_as_the_whole_file(tmp_path: Path) -> None:
    corpus = tmp_path / "rows.parquet"
    table = pa.table({"text": [f"Story {n}, she said." for n in range(23)], "rank": list(range(23))})
    pq.write_table(table, corpus, row_group_size=4)  # six row groups
    size = corpus.stat().st_size
    shares = plan_shares([corpus], share_bytes=size // 3, row_groups=row_group_rows)
    assert len(shares) > 1 and all(isinstance(s.part, RowGroups) for s in shares)
    groups = [(s.part.start, s.part.stop) for s in shares]
    assert groups[0][0] == 0 and groups[-1][1] == 6 and all(a[1] == b[0] for a, b in itertools.pairwise(groups))
    assert all(s.part.first == 1 + 4 * s.part.start for s in shares)  # four rows per group before it
    assert _read_shares(shares) == _screened(read_inputs([corpus], OPTIONS))


def test_same_named_text_files_in_other_shares_take_their_path_as_a_local_run_does(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("pipeline.shares.SHARE_FILES", 2)
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        for name in ("x", "y", "z"):
            (tmp_path / folder / f"{name}.txt").write_text(f"{folder} {name} said hello.", encoding="utf-8")
    inputs = [tmp_path / "a", tmp_path / "b"]
    shares = plan_shares(inputs)
    assert [len(share.files) for share in shares] == [2, 2, 2] and shares[1].taken == {"x"}
    assert _read_shares(shares) == _screened(read_inputs(inputs, OPTIONS))


def test_missing_inputs_and_articles_keep_their_place(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The mayor said yes.", encoding="utf-8")
    article = Article(doc_id="given", text="The governor said no.", source="notebook")
    inputs = [tmp_path / "a.txt", tmp_path / "missing", article, tmp_path / "a.txt"]
    shares = plan_shares(inputs)
    items = [item for share in shares for item in share.read(OPTIONS)]
    assert [type(item).__name__ for item in items] == ["Article", "InputError", "Article", "Article"]
    assert isinstance(items[1], InputError) and items[1].error == "FileNotFound"
    assert shares[0].hashed_files() and not shares[2].hashed_files()


@pytest.mark.parametrize("share_bytes", [60, 10_000], ids=["cut into ranges", "whole files"])
def test_same_named_corpus_files_take_their_path_as_a_local_run_does(tmp_path: Path, share_bytes: int) -> None:
    inputs = []
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        lines = [json.dumps({"text": f"{folder} story {n} said the mayor."}) for n in range(4)]
        (tmp_path / folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        inputs.append(tmp_path / folder / "feed.jsonl")
    read = _read_shares(plan_shares(inputs, share_bytes=share_bytes))
    assert read == _screened(read_inputs(inputs, OPTIONS))
    assert [doc_id for doc_id, *_ in read[0]][3:5] == ["feed:4", f"{tmp_path}/b/feed:1"]
