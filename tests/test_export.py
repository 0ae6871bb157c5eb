"""Exports: tables joined with their articles, written as csv, xlsx or parquet that round-trip,
with formula-like cells escaped for spreadsheets."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from spacy.language import Language

from pipeline import Article, Settings, extract
from pipeline.cli import main
from pipeline.export import EXCEL_MAX_ROWS, ExportError, joined_table, outlet, write_export

FORMULA = ("=", "+", "-", "@", "\t", "\r")
INJECTION = "=cmd|' /C calc'!A0"
HOSTILE_TEXT = (
    f'"{INJECTION} is what the attackers typed, and it still works," the analyst said.\n\n'
    '"+1 for the new bridge, the old one, and the ""third"" one," the mayor said.\n\n'
    '"@SUM(A1) is the total we owe, she insisted," Jane Doe told reporters.\n\n'
    'The engineer said: "We will rebuild the bridge and the road.\n\n"It will take time, but we will finish it."\n'
)
HOSTILE_EXTRA = {"url": 'https://news.test/a,b?q="1"', "note": "=1+1", "kind": "my own kind"}


@pytest.fixture(scope="module")
def hostile_out(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One article whose quotes, title, outlet and own columns hold commas, quotes, line breaks and formulas."""
    out = tmp_path_factory.mktemp("hostile_out")
    article = Article(
        doc_id="h1",
        text=HOSTILE_TEXT,
        source="notebook",
        title='-2 reasons, "why"',
        publisher="@Outlet",
        extra=HOSTILE_EXTRA,
    )
    extract([article], out, Settings(progress=False), nlp=nlp)
    return out


def _escaped(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA) else value


def _csv_text(value: object) -> str:
    """A cell as the CSV export must hold it: missing is empty, lists JSON, formula-like text escaped."""
    if isinstance(value, np.ndarray | list):
        return json.dumps(list(value), ensure_ascii=False)
    if pd.isna(value):
        return ""
    return _escaped(value) if isinstance(value, str) else str(value)


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _assert_csv_holds(path: Path, frame: pd.DataFrame) -> None:
    back = _read_csv(path)
    assert list(back.columns) == [_escaped(c) for c in frame.columns]
    assert back.shape == frame.shape
    expected = frame.map(_csv_text).set_axis(back.columns, axis=1)
    pd.testing.assert_frame_equal(back, expected.astype(back.dtypes.to_dict()), check_dtype=False)


# The joined tables ---------------------------------------------------------------------------


def test_seed_quotes_carry_their_article_speaker_and_sentence(seed_out: Path, seed_golden: dict) -> None:
    quotes = joined_table(seed_out, "quotes")
    document = seed_golden["document"]
    assert len(quotes) == len(seed_golden["quotes"])
    assert quotes[["speaker", "speaker_canonical", "kind", "cue"]].to_dict("records") == [
        {k: q[k] for k in ("speaker", "speaker_canonical", "kind", "cue")} for q in seed_golden["quotes"]
    ]
    for row in quotes.itertuples():
        assert (row.title, row.date.isoformat(), row.outlet) == (document["title"], document["date"], document["publisher"])
        assert row.published.isoformat() == document["published"]
        assert row.text[:20] in row.sentence, (row.text, row.sentence)
    by_speaker = quotes.drop_duplicates("speaker_canonical").set_index("speaker_canonical")
    assert by_speaker.loc["Sheila Smith", ["speaker_type", "speaker_gender"]].tolist() == ["person", "female"]
    assert by_speaker.loc["Shigeru Ishiba", ["speaker_type", "speaker_gender"]].tolist() == ["person", "male"]
    assert by_speaker.loc["Nikkei", "speaker_type"] == "description" and pd.isna(by_speaker.loc["Nikkei", "speaker_gender"])


def test_entities_carry_the_sentence_they_sit_in(seed_out: Path, seed_tables: dict[str, pd.DataFrame]) -> None:
    entities = joined_table(seed_out, "entities")
    sentences = seed_tables["sentences"].set_index("sent_id")["text"]
    assert len(entities) == len(seed_tables["entities"])
    assert entities["sentence"].tolist() == sentences.loc[seed_tables["entities"]["sent_id"]].tolist()
    assert (entities["outlet"] == "UrduPoint / Pakistan Point News").all()


def test_people_is_the_people_table(seed_out: Path, seed_tables: dict[str, pd.DataFrame]) -> None:
    people = joined_table(seed_out, "people")
    assert list(people.columns) == list(seed_tables["people"].columns)
    assert people["person_id"].tolist() == seed_tables["people"]["person_id"].tolist()
    assert not any(isinstance(people[c].dtype, pd.CategoricalDtype) for c in people.columns)


def test_own_columns_come_last_url_first_and_never_shadow_an_export_column(hostile_out: Path) -> None:
    quotes = joined_table(hostile_out, "quotes")
    assert list(quotes.columns[-3:]) == ["url", "note", "input_kind"]
    assert quotes["kind"].isin(["direct", "mixed", "indirect"]).all() and (quotes["input_kind"] == "my own kind").all()


def test_outlet_is_the_publisher_else_a_source_that_names_one() -> None:
    documents = pd.DataFrame(
        {
            "publisher": ["The Globe", None, None, None, None, ""],
            "source": ["a.txt", "Reuters", "seeds/a.txt", "news.csv", "s3://bucket/x.jsonl", "CBC"],
        }
    )
    assert outlet(documents).tolist() == ["The Globe", "Reuters", None, None, None, "CBC"]


# Files ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["quotes", "entities", "people"])
def test_csv_reads_back_as_the_parquet_export(seed_out: Path, tmp_path: Path, table: str) -> None:
    frame = joined_table(seed_out, table)
    exact = pd.read_parquet(write_export(frame, tmp_path / f"{table}.parquet", "parquet"))
    pd.testing.assert_frame_equal(exact, frame, check_dtype=False)
    _assert_csv_holds(write_export(frame, tmp_path / f"{table}.csv", "csv"), exact)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{table}.csv", f"{table}.parquet"]  # no temporary file left


def test_hostile_cells_are_escaped_in_csv_and_round_trip(hostile_out: Path, tmp_path: Path) -> None:
    frame = joined_table(hostile_out, "quotes")
    texts = frame["text"].tolist()
    assert any(t.startswith(INJECTION) for t in texts) and any(t.startswith("+1") for t in texts)
    assert any(t.startswith("@SUM(A1)") for t in texts) and any("\n" in t and '"' in t for t in texts)
    path = write_export(frame, tmp_path / "quotes.csv", "csv")
    _assert_csv_holds(path, frame)
    back = _read_csv(path)
    assert back["text"].tolist() == [_escaped(t) for t in texts]
    assert back.loc[0, "title"] == '\'-2 reasons, "why"' and back.loc[0, "outlet"] == "'@Outlet"
    assert back.loc[0, "url"] == HOSTILE_EXTRA["url"] and back.loc[0, "note"] == "'=1+1"
    with path.open(encoding="utf-8", newline="") as file:
        cells = [cell for row in csv.reader(file) for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA)]


def test_xlsx_opens_with_the_same_rows_and_escaped_text(hostile_out: Path, tmp_path: Path) -> None:
    frame = joined_table(hostile_out, "quotes")
    path = write_export(frame, tmp_path / "quotes.xlsx", "xlsx")
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(frame.columns) and len(rows) == len(frame) + 1
    text = list(frame.columns).index("text")
    assert [row[text] for row in rows[1:]] == [_escaped(t) for t in frame["text"]]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)  # no formula anywhere


def test_xlsx_beyond_excels_rows_is_a_clear_error(tmp_path: Path) -> None:
    frame = pd.DataFrame({"n": np.zeros(EXCEL_MAX_ROWS, dtype=np.int8)})  # with the header one row too many
    with pytest.raises(ExportError, match=r"1,048,576 rows.*csv or parquet"):
        write_export(frame, tmp_path / "big.xlsx", "xlsx")
    assert not list(tmp_path.iterdir())


# The command ---------------------------------------------------------------------------------


def test_cli_writes_the_default_path_and_prints_one_summary_line(
    seed_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_out, out)  # the session's run stays as it is
    assert main(["export", str(out), "--table", "quotes", "--format", "csv"]) == 0
    path = out / "export" / "quotes.csv"
    n_columns = len(_read_csv(path).columns)
    assert capsys.readouterr().out.strip() == f"quotes: 6 rows, {n_columns} columns written to {path}"
    assert main(["export", str(out), "--table", "people", "--format", "xlsx", "--to", str(tmp_path / "p.xlsx")]) == 0
    assert (tmp_path / "p.xlsx").exists()


def test_cli_help_names_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--help"])
    assert exit_.value.code == 0
    help_text = capsys.readouterr().out
    assert all(option in help_text for option in ("--table", "--format", "--to", "xlsx", "formula"))


def test_a_missing_or_incomplete_output_folder_is_a_one_line_error(
    seed_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(tmp_path / "nope"), "--table", "quotes", "--format", "csv"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: no output folder {tmp_path / 'nope'}") and err.count("\n") == 1
    partial = tmp_path / "partial"
    partial.mkdir()
    shutil.copytree(seed_out / "documents", partial / "documents")  # a table folder, but no manifest: no run finished
    assert main(["export", str(partial), "--table", "entities", "--format", "parquet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: no complete run in {partial} (no manifest.json)") and err.count("\n") == 1
    manifest = json.loads((seed_out / "manifest.json").read_text(encoding="utf-8"))
    only_documents = {**manifest, "tables": {"documents": manifest["tables"]["documents"]}}
    (partial / "manifest.json").write_text(json.dumps(only_documents), encoding="utf-8")
    assert main(["export", str(partial), "--table", "entities", "--format", "parquet"]) == 2
    err = capsys.readouterr().err
    assert "has no sentences table" in err and "run extract again" in err and err.count("\n") == 1
    assert not (partial / "export").exists()


def test_an_output_folder_of_an_older_version_is_a_one_line_error(
    seed_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One `<table>.parquet` per table and a manifest without `tables`: extract must be run again."""
    old = tmp_path / "old"
    old.mkdir()
    manifest = json.loads((seed_out / "manifest.json").read_text(encoding="utf-8"))
    for name, parts in manifest.pop("tables").items():
        shutil.copy(seed_out / parts[0], old / f"{name}.parquet")
    del manifest["layout"]
    (old / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert main(["export", str(old), "--table", "quotes", "--format", "csv"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "written by an older version" in err and "run extract again" in err
    assert err.count("\n") == 1
    assert not (old / "export").exists()
