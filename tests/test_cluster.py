"""A 2-worker Dask LocalCluster on loopback gives the same tables as a local run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from spacy.language import Language

from pipeline import Settings, extract, read_tables
from tests.test_store import snapshot

distributed = pytest.importorskip("dask.distributed")

STORIES = [
    '"We will appeal," the mayor said on Monday.\nCouncil member Ann Lee said the ruling was fair.',
    "According to police, the suspect fled. Officials told Reuters that the talks had stalled.",
    "Sheila Smith spoke first.\nThe summit could be less startling, Smith said.",
]


@pytest.fixture(scope="module")
def scheduler():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    yield cluster.scheduler_address
    cluster.close()


def test_cluster_run_gives_the_local_tables(scheduler: str, nlp: Language, tmp_path: Path, monkeypatch) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for number in range(150):  # several batches, so order across workers matters
        (corpus / f"s{number:03d}.txt").write_text(STORIES[number % 3] + f"\nStory {number}.", encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    monkeypatch.setattr("pipeline.cluster.BATCH_ARTICLES", 16)
    local, remote = tmp_path / "local", tmp_path / "remote"
    extract([corpus], local, Settings(progress=False, n_process=1), nlp=nlp)
    summary = extract([corpus], f"file://{remote}", Settings(progress=False, scheduler=scheduler))  # parts via fsspec
    assert summary.documents == 150
    a, b = read_tables(local), read_tables(remote)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)
    assert not list(remote.glob(".parts-*"))


def test_cluster_run_processing_nothing_leaves_the_previous_outputs(scheduler: str, nlp: Language, tmp_path: Path) -> None:
    out, bad, empty = tmp_path / "out", tmp_path / "bad", tmp_path / "empty"
    bad.mkdir()
    empty.mkdir()
    (bad / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "good.txt").write_text(STORIES[0], encoding="utf-8")
    extract([tmp_path / "good.txt"], out, Settings(progress=False, n_process=1), nlp=nlp)
    before = snapshot(out)
    for inputs in ([bad], [empty]):
        summary = extract(inputs, out, Settings(progress=False, scheduler=scheduler))
        assert summary.documents == 0 and summary.out_dir is None
        assert snapshot(out) == before
    summary = extract([bad], tmp_path / "new", Settings(progress=False, scheduler=scheduler))
    assert [e.error for e in summary.errors] == ["EmptyFile"] and not (tmp_path / "new").exists()


def test_cluster_run_keeps_the_input_columns_like_a_local_run(scheduler: str, nlp: Language, tmp_path: Path, monkeypatch) -> None:
    import json

    corpus = tmp_path / "export.jsonl"
    rows = []
    for number in range(40):  # columns that differ between records and between batches
        row = {"id": f"d{number}", "body": STORIES[number % 3], "url": f"https://example.com/{number}"}
        row.update({"rank": number} if number % 2 else {"section": "politics"})
        rows.append(row)
    rows[-1]["rank"] = "top"  # a type that disagrees in the last batch: the column becomes text
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    monkeypatch.setattr("pipeline.cluster.BATCH_ARTICLES", 16)
    local, remote = tmp_path / "local", tmp_path / "remote"
    extract([corpus], local, Settings(progress=False, n_process=1), nlp=nlp)
    extract([corpus], remote, Settings(progress=False, scheduler=scheduler))
    a, b = read_tables(local)["documents"], read_tables(remote)["documents"]
    pd.testing.assert_frame_equal(a, b)
    assert list(a.columns[-3:]) == ["url", "section", "rank"]
    assert a.loc[a.doc_id == "d1", "rank"].item() == "1" and a.loc[a.doc_id == "d39", "rank"].item() == "top"
