"""The Python API and run-level behaviour: errors rows, duplicates, summary."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from spacy.language import Language

import pipeline.local
from pipeline import Article, Settings, extract, extract_tables, read_tables

QUIET = Settings(progress=False)


def test_extract_tables_returns_dataframes_without_writing(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Officials said that the road was closed.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # where a default `outputs/` folder would appear
    article = Article(doc_id="a1", text="The mayor said that the bridge would reopen on Monday.", source="notebook")
    tables = extract_tables([article, story], QUIET, nlp=nlp)
    assert set(tables) == {"documents", "tokens", "sentences", "entities", "quotes", "people", "errors"}
    assert tables["documents"]["doc_id"].tolist() == ["a1", "story"]
    assert tables["quotes"]["text"].tolist() == ["the bridge would reopen on Monday", "the road was closed"]
    assert list(tmp_path.iterdir()) == [story]  # no tables, manifest or parse cache next to the input or in the working folder


def test_bad_inputs_become_error_rows_and_good_ones_go_on(nlp: Language, tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Officials said that the road was closed.", encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "rows.jsonl").write_text(
        json.dumps({"id": "good", "text": "Duplicate id."}) + "\n{broken\n" + json.dumps({"id": "j2", "text": "Fine."}) + "\n",
        encoding="utf-8",
    )
    summary = extract([corpus], tmp_path / "out", QUIET, nlp=nlp)
    tables = extract_tables([corpus], QUIET, nlp=nlp)
    assert tables["documents"]["doc_id"].tolist() == ["good", "j2"]
    errors = tables["errors"].set_index("error")
    assert sorted(errors.index) == ["DuplicateId", "EmptyFile", "InvalidJSON"]
    assert errors.loc["EmptyFile", "source"].endswith("empty.txt")
    assert summary.documents == 2 and len(summary.errors) == 3
    assert "errors 3" in summary.format() and "tables written to" in summary.format()


def test_manifest_records_inputs_versions_and_rows(seed_out: Path, seed_path: Path) -> None:
    manifest = json.loads((seed_out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["versions"]["model"]["version"] == "3.8.0"
    assert manifest["versions"]["spacy"].startswith("3.8")
    [entry] = manifest["inputs"]
    assert entry["path"] == str(seed_path) and len(entry["sha256"]) == 64
    assert manifest["rows"]["documents"] == 1 and manifest["rows"]["quotes"] == 6
    assert manifest["timings"]["total_seconds"] > 0


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "kept.txt").write_text("The mayor said that the bridge would reopen on Monday.", encoding="utf-8")
    (corpus / "lost.txt").write_text("Officials said that the road was closed.", encoding="utf-8")
    return corpus


def _manifest_inputs(out: Path) -> dict[str, dict]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {Path(entry["path"]).name: entry for entry in manifest["inputs"]}


def test_a_file_gone_before_hashing_is_an_error_row_not_a_lost_run(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path)
    analyse = pipeline.local.analyse

    def analyse_then_lose_a_file(*args, **kwargs) -> Iterator:
        yield from analyse(*args, **kwargs)
        (corpus / "lost.txt").unlink()  # read and analysed, gone by the time the inputs are hashed

    monkeypatch.setattr(pipeline.local, "analyse", analyse_then_lose_a_file)
    out = tmp_path / "out"
    summary = extract([corpus], out, QUIET, nlp=nlp)
    tables = read_tables(out)
    assert summary.documents == 2 and sorted(tables["documents"]["doc_id"]) == ["kept", "lost"]
    [row] = tables["errors"].to_dict("records")
    assert row["source"] == f"{corpus}/lost.txt" and row["stage"] == "manifest" and row["error"] == "FileNotFoundError"
    assert row["message"] == "cannot read file to hash it for the manifest: No such file or directory"
    inputs = _manifest_inputs(out)
    assert len(inputs["kept.txt"]["sha256"]) == 64
    assert inputs["lost.txt"]["sha256"] is None and inputs["lost.txt"]["error"] == "FileNotFoundError"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_one_error_row_and_listed_without_a_hash(nlp: Language, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    locked = corpus / "lost.txt"
    locked.chmod(0)
    try:
        summary = extract([corpus], tmp_path / "out", QUIET, nlp=nlp)
    finally:
        locked.chmod(0o644)
    tables = read_tables(tmp_path / "out")
    assert summary.documents == 1 and tables["documents"]["doc_id"].tolist() == ["kept"]
    [row] = tables["errors"].to_dict("records")
    assert row["source"] == str(locked) and row["error"] == "PermissionError"
    inputs = _manifest_inputs(tmp_path / "out")
    assert inputs["lost.txt"]["sha256"] is None and len(inputs["kept.txt"]["sha256"]) == 64


@pytest.fixture(scope="module")
def own_columns_run(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """A CSV, a JSONL and a parquet export, each with columns of its own, extracted into one folder."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path_factory.mktemp("own_columns")
    pd.DataFrame(
        {
            "body": ['"We will appeal," said Jane Doe, the city manager.'],
            "headline": ["City to appeal"],
            "published_at": ["2024-03-05T14:30:00-05:00"],
            "outlet": ["City News"],
            "url": ["https://example.com/1"],
            "zip": ["01234"],
        }
    ).to_csv(root / "a.csv", index=False)
    record = {"content": "The mayor said the bridge would reopen.", "agency": "AP", "words": 7, "tags": ["x", "y"]}
    (root / "b.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    pq.write_table(
        pa.table({"text": ["Officials said nothing."], "rank": pa.array([2], pa.int16()), "url": ["https://example.com/3"]}),
        root / "c.parquet",
    )
    out = tmp_path_factory.mktemp("own_columns_out")
    summary = extract([root], out, QUIET, nlp=nlp)
    return out, summary


def test_every_other_input_column_reaches_documents_with_its_type(own_columns_run) -> None:
    from pipeline.store import open_table

    out, summary = own_columns_run
    schema = open_table(out, "documents").schema
    assert schema.field("published").type.tz == "UTC"
    assert {name: str(schema.field(name).type) for name in ("url", "zip", "words", "tags", "rank", "input_agency")} == {
        "url": "string",
        "zip": "string",
        "words": "int64",
        "tags": "list<element: string>",
        "rank": "int16",
        "input_agency": "string",  # the JSONL's own 'agency', next to the documents' own
    }
    documents = read_tables(out)["documents"].set_index("doc_id")
    assert documents.loc["a:1", ["title", "publisher", "url", "zip", "published_text"]].tolist() == [
        "City to appeal",
        "City News",
        "https://example.com/1",
        "01234",
        "2024-03-05T14:30:00-05:00",
    ]
    assert str(documents.loc["a:1", "published"]) == "2024-03-05 19:30:00+00:00"
    assert documents.loc["b:1", "input_agency"] == "AP" and documents.loc["b:1", "text"].startswith("The mayor")
    assert documents.loc["c:1", "url"] == "https://example.com/3"
    assert any("text=body, title=headline, date=published_at, publisher=outlet" in line for line in summary.format().splitlines())


def test_a_quote_stage_re_run_keeps_the_input_columns(own_columns_run) -> None:
    out, _ = own_columns_run
    before = read_tables(out)["documents"]
    extract([], out, Settings(progress=False, stage="quotes"))
    after = read_tables(out)["documents"]
    assert after.drop(columns="n_quotes").equals(before.drop(columns="n_quotes"))


def test_the_python_api_takes_a_column_map(nlp: Language, tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text(
        json.dumps({"story_text": "The mayor said the bridge would reopen.", "hed": "Bridge"}) + "\n", encoding="utf-8"
    )
    settings = Settings(progress=False, columns={"text": "story_text", "title": "hed"})
    documents = extract_tables([path], settings, nlp=nlp)["documents"]
    assert documents[["doc_id", "title", "text"]].values.tolist() == [
        ["export:1", "Bridge", "The mayor said the bridge would reopen."]
    ]


def test_extract_tables_keeps_the_input_columns_of_one_path(nlp: Language, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text('body,url\n"The mayor said the bridge would reopen.",https://example.com/1\n', encoding="utf-8")
    documents = extract_tables(str(path), QUIET, nlp=nlp)["documents"]  # one path, not a list
    assert documents[["doc_id", "url"]].values.tolist() == [["export:1", "https://example.com/1"]]


def test_an_output_folder_inside_the_input_is_never_read_back(nlp: Language, tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("The mayor said the bridge would reopen on Monday.", encoding="utf-8")
    out = tmp_path / "out"
    extract([tmp_path], out, QUIET, nlp=nlp)
    summary = extract([tmp_path], out, QUIET, nlp=nlp)
    assert (summary.documents, summary.errors) == (1, [])
    assert [entry["path"] for entry in json.loads((out / "manifest.json").read_text())["inputs"]] == [f"{tmp_path}/story.txt"]


def test_same_named_files_of_two_inputs_both_count(nlp: Language, tmp_path: Path) -> None:
    for month, story in (("jan", "The mayor said the bridge would reopen."), ("feb", "The minister said the plan works.")):
        (tmp_path / month).mkdir()
        (tmp_path / month / "news.csv").write_text(f'body\n"{story}"\n', encoding="utf-8")
    summary = extract([tmp_path / "jan" / "news.csv", tmp_path / "feb" / "news.csv"], tmp_path / "out", QUIET, nlp=nlp)
    assert summary.errors == []
    assert read_tables(tmp_path / "out")["documents"]["doc_id"].tolist() == ["news:1", f"{tmp_path}/feb/news:1"]


def test_two_model_processes_write_the_same_tables_as_one(nlp: Language) -> None:
    """Each parse goes back to its own article, in order, pieces and repeated texts included."""
    said = '"We will not give up on this town," Mary Jones said on Monday. The council met again.\n'
    articles = [
        Article(doc_id=f"a{number}", text=f"Officials said that road {number} was closed. {said}", source="test")
        for number in range(7)
    ]
    articles += [
        Article(doc_id="long", text=said * 12, source="test"),
        Article(doc_id="again", text=articles[2].text, source="test"),
    ]
    saved = nlp.max_length
    nlp.max_length = 400  # the long article goes to the model in pieces
    try:
        one = extract_tables(articles, Settings(progress=False, n_process=1, batch_size=2), nlp=nlp)
        two = extract_tables(articles, Settings(progress=False, n_process=2, batch_size=2), nlp=nlp)
    finally:
        nlp.max_length = saved
    assert len(one["quotes"]) == 7 * 2 + 12 + 2
    for name in one:
        pd.testing.assert_frame_equal(one[name], two[name], obj=name)
