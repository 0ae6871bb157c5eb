"""The Python API and run-level behaviour: errors rows, duplicates, summary."""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language

from pipeline import Article, Settings, extract, extract_tables

QUIET = Settings(progress=False)


def test_extract_tables_returns_dataframes_without_writing(nlp: Language, tmp_path: Path) -> None:
    article = Article(doc_id="a1", text="The mayor said that the bridge would reopen on Monday.", source="notebook")
    tables = extract_tables([article], QUIET, nlp=nlp)
    assert set(tables) == {"documents", "tokens", "sentences", "entities", "quotes", "people", "errors"}
    assert tables["documents"]["doc_id"].tolist() == ["a1"]
    assert tables["quotes"]["text"].tolist() == ["the bridge would reopen on Monday"]
    assert not list(tmp_path.iterdir())


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
