"""A 2-worker Dask LocalCluster on loopback gives the same tables as a local run."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from spacy.language import Language

from pipeline import Settings, extract, read_tables
from pipeline.shares import plan_shares
from pipeline.store import read_manifest
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
    monkeypatch.setattr("pipeline.shares.SHARE_FILES", 16)
    local, remote = tmp_path / "local", tmp_path / "remote"
    extract([corpus], local, Settings(progress=False, n_process=1), nlp=nlp)
    summary = extract([corpus], f"file://{remote}", Settings(progress=False, scheduler=scheduler))  # parts via fsspec
    assert summary.documents == 150
    a, b = read_tables(local), read_tables(remote)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name, check_categorical=False)  # categories' order aside
    assert not list(remote.glob(".tmp-*"))


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
    corpus = tmp_path / "export.jsonl"
    rows = []
    for number in range(40):  # columns that differ between records and between batches
        row = {"id": f"d{number}", "body": STORIES[number % 3], "url": f"https://example.com/{number}"}
        row.update({"rank": number} if number % 2 else {"section": "politics"})
        rows.append(row)
    rows[-1]["rank"] = "top"  # a type that disagrees in the last batch: the column becomes text
    empty = [{"id": f"e{number}", "body": ""} for number in range(70)]
    rows = empty + rows  # a first share with no article: its empty documents part must not hide the columns
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    monkeypatch.setattr("pipeline.shares.SHARE_BYTES", 1500)  # ranges of about 10 records
    local, remote = tmp_path / "local", tmp_path / "remote"
    extract([corpus], local, Settings(progress=False, n_process=1), nlp=nlp)
    extract([corpus], remote, Settings(progress=False, scheduler=scheduler))
    a, b = read_tables(local)["documents"], read_tables(remote)["documents"]
    pd.testing.assert_frame_equal(a, b)
    assert list(a.columns[-3:]) == ["url", "section", "rank"]
    assert list(pd.read_parquet(remote / "documents").columns) == list(a.columns)
    assert a.loc[a.doc_id == "d1", "rank"].item() == "1" and a.loc[a.doc_id == "d39", "rank"].item() == "top"


def _forbid_reading_inputs(monkeypatch) -> None:
    """The client may list the inputs, never open one (the workers are other processes: unpatched)."""

    def refuse(self, *args, **kwargs):
        raise AssertionError(f"the client opened {self.source}")

    monkeypatch.setattr("pipeline.locations.InputFile.open", refuse)
    monkeypatch.setattr("pipeline.locations.InputFile.read_bytes", refuse)


def test_the_client_never_opens_an_input_yet_the_tables_are_complete(
    scheduler: str, nlp: Language, tmp_path: Path, monkeypatch
) -> None:
    corpus = tmp_path / "in"
    (corpus / "wire").mkdir(parents=True)
    lines = [json.dumps({"body": STORIES[n % 3] + f" Item {n}.", "date": f"2016-10-{n % 28 + 1:02d}"}) for n in range(45)]
    lines[7] = "{not json"  # an error row that must keep its line number in a range that is not the first
    lines.insert(20, "")  # a blank line still counts in the numbering
    (corpus / "wire" / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for number in range(30):
        (corpus / f"s{number:02d}.txt").write_text(STORIES[number % 3], encoding="utf-8")
    (corpus / "wire" / "s05.txt").write_text("A second s05, under its own path.", encoding="utf-8")
    bodies = [STORIES[n % 3] + f" Row {n}." for n in range(20)]
    pq.write_table(pa.table({"body": bodies, "rank": list(range(20))}), corpus / "wire" / "rows.parquet", row_group_size=3)
    local, remote = tmp_path / "local", tmp_path / "remote"
    extract([corpus], local, Settings(progress=False, n_process=1), nlp=nlp)
    monkeypatch.setattr("pipeline.shares.SHARE_BYTES", 1200)
    monkeypatch.setattr("pipeline.shares.SHARE_FILES", 8)
    _forbid_reading_inputs(monkeypatch)
    summary = extract([corpus], remote, Settings(progress=False, scheduler=scheduler))
    assert summary.documents == 95 and len(plan_shares([corpus], share_bytes=1200)) > 6
    a, b = read_tables(local), read_tables(remote)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name, check_categorical=False)  # categories' order aside
    assert {"wire/feed:46", "wire/s05", "wire/rows:20"} <= set(b["documents"]["doc_id"])
    assert b["errors"][["doc_id", "error"]].values.tolist() == [["wire/feed:8", "InvalidJSON"]]
    local_manifest, remote_manifest = read_manifest(local), read_manifest(remote)
    assert remote_manifest["inputs"] == local_manifest["inputs"]  # hashed by the workers
    assert len(remote_manifest["tables"]["tokens"]) > 6  # one part per share
    assert not list(remote.glob(".tmp-*"))


def test_partitioned_cluster_run_gives_the_partitioned_local_tables(
    scheduler: str, nlp: Language, tmp_path: Path, monkeypatch
) -> None:
    corpus = tmp_path / "feed.jsonl"
    days = ["2016-10-01", "2016-10-02", None]
    rows = [{"body": STORIES[n % 3], "date": days[n % 3]} for n in range(24)]
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    local, remote = tmp_path / "local", tmp_path / "remote"
    settings = Settings(progress=False, n_process=1, partition_by="date")
    extract([corpus], local, settings, nlp=nlp)
    monkeypatch.setattr("pipeline.shares.SHARE_BYTES", 1000)
    extract([corpus], remote, replace(settings, scheduler=scheduler))
    a, b = read_tables(local), read_tables(remote)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name, check_categorical=False)  # categories' order aside
    folders = sorted(p.name for p in (remote / "tokens").iterdir())
    assert folders == ["doc_date=2016-10-01", "doc_date=2016-10-02", "doc_date=__HIVE_DEFAULT_PARTITION__"]
    first_day = b["documents"].loc[b["documents"]["date"].astype(str) == "2016-10-01", "doc_id"]
    by_day = pd.read_parquet(remote / "quotes", filters=[("doc_date", "=", "2016-10-01")])
    assert len(by_day) == b["quotes"]["doc_id"].isin(first_day).sum() > 0


def test_cluster_local_starts_its_own_cluster_and_gives_the_local_tables(nlp: Language, tmp_path: Path) -> None:
    corpus = tmp_path / "feed.jsonl"
    corpus.write_text("\n".join(json.dumps({"body": STORIES[n % 3]}) for n in range(6)) + "\n", encoding="utf-8")
    local, remote = tmp_path / "local", tmp_path / "remote"
    extract([corpus], local, Settings(progress=False, n_process=1), nlp=nlp)
    summary = extract([corpus], remote, Settings(progress=False, scheduler="local"))
    assert summary.documents == 6 and summary.out_dir == str(remote)
    a, b = read_tables(local), read_tables(remote)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name, check_categorical=False)


def test_a_doc_id_repeated_in_another_share_is_dropped_as_a_local_run_drops_it(
    scheduler: str, nlp: Language, tmp_path: Path, monkeypatch
) -> None:
    corpus = tmp_path / "feed.jsonl"
    rows = [{"id": f"d{n}", "body": STORIES[n % 3] + f" Item {n}."} for n in range(30)]
    rows[25]["id"] = rows[2]["id"]  # a later share repeats an earlier share's id
    rows[27]["id"] = rows[26]["id"]  # and an id repeated within one share
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    local, remote = tmp_path / "local", tmp_path / "remote"
    extract([corpus], local, Settings(progress=False, n_process=1), nlp=nlp)
    monkeypatch.setattr("pipeline.shares.SHARE_BYTES", 1500)
    summary = extract([corpus], remote, Settings(progress=False, scheduler=scheduler))
    assert len(plan_shares([corpus], share_bytes=1500)) == 3  # d2 in the first, d25 and d26 to d27 in the last
    a, b = read_tables(local), read_tables(remote)
    for name in a:
        if name != "errors":
            pd.testing.assert_frame_equal(a[name], b[name], obj=name, check_categorical=False)
    # the same errors; a repeat across shares is reported after its share's other errors
    assert sorted(map(tuple, a["errors"].values.tolist())) == sorted(map(tuple, b["errors"].values.tolist()))
    assert summary.documents == 28 and sorted(b["errors"]["doc_id"]) == ["d2", "d26"]
    assert set(b["errors"]["error"]) == {"DuplicateId"} and "Item 25." not in " ".join(b["documents"]["text"])
