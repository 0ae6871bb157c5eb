"""The command line end to end, and the acceptance checks on the seed article."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from spacy.language import Language

from pipeline.cli import main
from pipeline.store import LAYOUT
from pipeline.tables import SCHEMAS
from tests.test_store import memory_url_fixture, snapshot  # noqa: F401 - a fixture, used by name

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_cli_extract_on_the_seed_writes_all_tables(seed_path: Path, tmp_path: Path, seed_golden: dict) -> None:
    result = run_cli("extract", str(seed_path), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "documents 1" in result.stdout and "errors 0" in result.stdout
    assert f"quotes {len(seed_golden['quotes'])}  people {len(seed_golden['people'])}" in result.stdout
    out = tmp_path / "out"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["layout"] == LAYOUT
    for table in SCHEMAS:
        assert (out / table).is_dir(), table
        parts = manifest["tables"][table]
        assert parts and all((out / part).is_file() and part.startswith(f"{table}/") for part in parts), (table, parts)
        assert set(SCHEMAS[table].names) <= set(pd.read_parquet(out / table).columns), table
    assert len(pd.read_parquet(out / "documents")) == 1
    assert len(pd.read_parquet(out / "quotes")) == len(seed_golden["quotes"])
    assert not list(out.glob(".tmp-*")) and not list(out.glob("*.parquet"))  # nothing staged left, no single-file tables


def test_help_lists_the_options() -> None:
    result = run_cli("extract", "--help")
    assert result.returncode == 0
    assert "INPUT" in result.stdout and "--out" in result.stdout and "--processes" in result.stdout


def test_missing_input_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"error: input not found: {tmp_path / 'nope.txt'}"
    assert not (tmp_path / "out").exists()


def test_nothing_processable_exits_non_zero_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("extract", str(tmp_path / "empty.txt"), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: no article could be processed; nothing was written to {out}"
    assert "EmptyFile" in result.stdout and "tables written" not in result.stdout  # the summary lists the error
    assert not out.exists()


# A failed run leaves the previous outputs as they were ------------------------------------

BAD_INPUTS = {"empty file": ("empty.txt", b" \n"), "binary file": ("data.txt", b"\x00\x01\x02binary")}


@pytest.fixture
def in_process(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    """`main` in this process uses the session's pipeline instead of loading the model again."""
    monkeypatch.setattr("pipeline.runner.build_nlp", lambda *args, **kwargs: nlp)


def _bad_folder(tmp_path: Path, kind: str) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    if kind in BAD_INPUTS:
        name, data = BAD_INPUTS[kind]
        (folder / name).write_bytes(data)
    return folder  # "empty folder": nothing in it


@pytest.mark.usefixtures("in_process")
@pytest.mark.parametrize("where", ["folder", "url"])
@pytest.mark.parametrize("kind", [*BAD_INPUTS, "empty folder"])
def test_a_run_processing_nothing_leaves_the_previous_outputs_byte_for_byte(
    kind: str, where: str, seed_path: Path, tmp_path: Path, memory_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "out") if where == "folder" else memory_url
    cache = [] if where == "folder" else ["--cache", str(tmp_path / "cache")]  # a URL's cache is local
    assert main(["extract", str(seed_path), "--out", out, *cache, "--no-progress"]) == 0
    before = snapshot(out), snapshot(tmp_path / "cache")
    capsys.readouterr()
    assert main(["extract", str(_bad_folder(tmp_path, kind)), "--out", out, *cache, "--no-progress"]) == 1
    assert (snapshot(out), snapshot(tmp_path / "cache")) == before
    assert "/manifest.json" in before[0]
    assert any(re.fullmatch(r"/documents/part-000000-[0-9a-f]{8}\.parquet", path) for path in before[0]), sorted(before[0])
    printed = capsys.readouterr()
    assert printed.err == f"error: no article could be processed; the tables in {out} were left as they were\n"
    assert "documents 0" in printed.out and "tables written" not in printed.out
    if kind in BAD_INPUTS:
        assert f"error: {tmp_path / 'bad' / BAD_INPUTS[kind][0]}" in printed.out  # the summary still lists it


@pytest.mark.usefixtures("in_process")
@pytest.mark.parametrize("where", ["folder", "url"])
def test_a_failed_strict_run_leaves_the_previous_outputs_byte_for_byte(
    where: str,
    seed_path: Path,
    tmp_path: Path,
    memory_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = str(tmp_path / "out") if where == "folder" else memory_url
    cache = [] if where == "folder" else ["--cache", str(tmp_path / "cache")]
    assert main(["extract", str(seed_path), "--out", out, *cache, "--no-progress"]) == 0
    before = snapshot(out), snapshot(tmp_path / "cache")
    capsys.readouterr()
    monkeypatch.setattr("pipeline.cache.PART_DOCS", 1)  # the seed's new parse reaches the disk before the failure
    bad = _bad_folder(tmp_path, "empty file")
    args = ["extract", str(seed_path), str(bad), "--out", out, *cache, "--strict", "--force", "--no-progress"]
    assert main(args) == 1
    assert (snapshot(out), snapshot(tmp_path / "cache")) == before
    printed = capsys.readouterr()
    assert printed.err.startswith(f"error: bad input (--strict): {bad / 'empty.txt'} [empty]: EmptyFile")
    assert printed.err.endswith(f"; the tables in {out} were left as they were\n") and printed.err.count("\n") == 1


@pytest.mark.usefixtures("in_process")
def test_a_failed_strict_run_into_a_new_folder_leaves_nothing(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pipeline.cache.PART_DOCS", 1)
    out = tmp_path / "new" / "out"
    assert main(["extract", str(seed_path), str(_bad_folder(tmp_path, "empty file")), "--out", str(out), "--strict"]) == 1
    assert not (tmp_path / "new").exists()  # neither tables nor a parse cache folder
    assert capsys.readouterr().err.endswith(f"; nothing was written to {out}\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract"], "error: extract --stage all needs at least one INPUT"),
        (["extract", "seeds", "--stage", "quotes"], "error: extract --stage quotes re-runs the articles of the run in OUT"),
        (["extract", "--stage", "quotes"], "error: no complete previous run in"),
    ],
)
def test_stage_and_inputs_are_checked(args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*args, "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1


def test_quote_stage_re_run_from_the_command_line(seed_out: Path, tmp_path: Path, seed_golden: dict) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    result = run_cli("extract", "--out", str(out), "--stage", "quotes", "--no-progress")
    assert result.returncode == 0, result.stderr
    assert f"quotes {len(seed_golden['quotes'])}" in result.stdout and "parsed 0, from the parse cache 1" in result.stdout


def test_bad_option_is_rejected(tmp_path: Path) -> None:
    result = run_cli("extract", "seeds", "--processes", "0")
    assert result.returncode == 2 and "must be at least 1" in result.stderr


# Acceptance on the seed article (expected values: tests/golden/seed.json) ---------------


def test_seed_document_metadata(seed_tables: dict[str, pd.DataFrame], seed_golden: dict) -> None:
    [doc] = seed_tables["documents"].itertuples()
    expected = seed_golden["document"]
    assert doc.title == expected["title"]
    assert doc.date == date.fromisoformat(expected["date"])
    assert doc.published == pd.Timestamp(expected["published"])  # the byline gives no zone: read as UTC
    assert str(doc.published.tz) == "UTC"
    assert doc.published_text == expected["published_text"]  # as the byline writes it
    assert (doc.author, doc.dateline, doc.agency) == (expected["author"], expected["dateline"], expected["agency"])
    assert doc.n_quotes == len(seed_golden["quotes"]) and doc.n_entities == len(seed_tables["entities"])


def test_seed_people_are_resolved(seed_tables: dict[str, pd.DataFrame], seed_golden: dict) -> None:
    entities = seed_tables["entities"]
    people = set(entities.loc[entities.label == "PERSON", "canonical"])
    assert people == {p["name"] for p in seed_golden["people"]}
    assert seed_golden["short_names"]
    for short, name in seed_golden["short_names"].items():
        mentions = entities[entities.text == short]
        assert len(mentions) > 0, short
        assert (mentions.label == "PERSON").all() and (mentions.canonical == name).all()
        assert mentions.cluster_id.nunique() == 1
        assert set(entities.loc[entities.canonical == name, "cluster_id"]) == set(mentions.cluster_id)


def test_seed_byline_and_dateline_never_become_entities(seed_tables: dict[str, pd.DataFrame], seed_golden: dict) -> None:
    texts = " ".join(seed_tables["entities"]["text"])
    assert texts and seed_golden["not_entities"]
    for name in seed_golden["not_entities"]:
        assert not re.search(rf"\b{re.escape(name)}\b", texts), name


def test_seed_quote_offsets_and_speaker_rows(seed_tables: dict[str, pd.DataFrame], seed_golden: dict) -> None:
    text = seed_tables["documents"]["text"].item()
    quotes, entities = seed_tables["quotes"], seed_tables["entities"].set_index("entity_id")
    assert len(quotes) == len(seed_golden["quotes"])
    for q in quotes.itertuples():
        assert text[q.start_char : q.end_char] == q.text
        assert text[q.cue_start_char : q.cue_end_char] == q.cue
        assert text[int(q.speaker_start_char) : int(q.speaker_end_char)] == q.speaker
    people = {p["name"] for p in seed_golden["people"]}
    by_people = quotes[quotes.speaker_canonical.isin(people)]
    assert len(by_people) == sum(q["speaker_canonical"] in people for q in seed_golden["quotes"]) > 0
    for q in by_people.itertuples():  # a person's quote points at the entity row of the person
        assert entities.loc[int(q.speaker_entity_id), "canonical"] == q.speaker_canonical
        assert q.speaker_label == "PERSON"


def test_seed_scare_quotes_are_not_quotes(seed_tables: dict[str, pd.DataFrame], seed_golden: dict) -> None:
    texts = seed_tables["quotes"]["text"].tolist()
    assert len(texts) == len(seed_golden["quotes"]) and seed_golden["not_quotes"]
    for fragment in seed_golden["not_quotes"]:
        assert not any(t.strip('"') == fragment for t in texts), fragment
    assert "America First" not in " ".join(texts)


def test_seed_people_table(seed_tables: dict[str, pd.DataFrame], seed_golden: dict) -> None:
    people = seed_tables["people"].set_index("name")
    assert set(people.index) == {p["name"] for p in seed_golden["people"]}  # the counts: tests/test_golden.py
    assert "she" in people.loc["Sheila Smith", "gender_evidence"]
    for name in seed_golden["not_people"]:  # the byline's reporter is no person of the article
        assert name not in people.index
    quotes = seed_tables["quotes"]
    smith = quotes.loc[quotes.speaker_canonical == "Sheila Smith", "speaker_person_id"]
    assert len(smith) == sum(q["speaker_canonical"] == "Sheila Smith" for q in seed_golden["quotes"]) > 0
    assert set(smith) == {people.loc["Sheila Smith", "person_id"]}


def test_columns_option_names_the_text_column(tmp_path: Path) -> None:
    corpus = tmp_path / "export.csv"
    pd.DataFrame(
        {"story_text": ['"We will appeal," the mayor said.'], "hed": ["Appeal"], "url": ["https://example.com/1"]}
    ).to_csv(corpus, index=False)
    out = tmp_path / "out"
    result = run_cli("extract", str(corpus), "--out", str(out), "--columns", "text=story_text,title=hed")
    assert result.returncode == 0, result.stderr
    assert "columns text=story_text, title=hed; kept as they are: url" in result.stdout
    documents = pd.read_parquet(out / "documents")
    assert documents[["title", "url"]].values.tolist() == [["Appeal", "https://example.com/1"]]


def test_a_corpus_without_its_text_column_says_how_to_name_it(tmp_path: Path) -> None:
    corpus = tmp_path / "export.csv"
    pd.DataFrame({"story_text": ["The mayor said so."]}).to_csv(corpus, index=False)
    result = run_cli("extract", str(corpus), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "MissingTextColumn: no text column" in result.stdout + result.stderr
    assert (
        "columns found: story_text" in result.stdout + result.stderr and "--columns text=COLUMN" in result.stdout + result.stderr
    )


def test_a_bad_columns_option_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("extract", "seeds", "--out", str(tmp_path / "out"), "--columns", "words=body")
    assert result.returncode == 2 and "unknown role 'words'" in result.stderr


def test_make_clean_removes_what_the_pipeline_wrote_and_nothing_else(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("extract", str(seed_path), "--out", str(out)).returncode == 0
    (out / "my_notes.txt").write_text("mine", encoding="utf-8")
    subprocess.run(["make", "-s", "clean", f"OUT={out}"], cwd=ROOT, check=True, capture_output=True)
    assert sorted(p.name for p in out.iterdir()) == ["my_notes.txt"]
