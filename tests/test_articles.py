"""Reading inputs: the seed header parser, each reader, and bad inputs as errors."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from pipeline.articles import (
    HEADLINE_SEPARATOR,
    Article,
    InputError,
    article_from_text,
    decode_bytes,
    parse_seed_article,
    read_articles,
)

SEED_HEAD = " date 2025-02-06 Japan PM Heads To US For Trump Summit\nUmer Jamshaid Published February 06, 2025 | 04:30 PM\n"


def test_seed_header_fields(seed_path: Path) -> None:
    seed = parse_seed_article(seed_path.read_text(encoding="utf-8"))
    assert seed is not None
    assert seed.title == "Japan PM Heads To US For Trump Summit"
    assert seed.date == date(2025, 2, 6)
    assert seed.author == "Umer Jamshaid"
    assert seed.published == datetime(2025, 2, 6, 16, 30)
    assert (seed.dateline, seed.agency, seed.publisher) == ("Tokyo", "APP", "UrduPoint / Pakistan Point News")
    assert seed.body.startswith("Japanese Prime Minister Shigeru Ishiba")
    assert "UrduPoint" not in seed.body


def test_seed_article_text_is_headline_then_body(seed_path: Path) -> None:
    [article] = read_articles([seed_path])
    assert article.doc_id == "000_d2c0166b2a2dd97c"
    assert article.text.startswith("Japan PM Heads To US For Trump Summit" + HEADLINE_SEPARATOR + "Japanese Prime")
    assert "Umer Jamshaid" not in article.text and "Published" not in article.text


def test_body_without_dateline_is_kept_whole() -> None:
    seed = parse_seed_article(SEED_HEAD + "Ishiba left for Washington on Thursday.")
    assert seed is not None
    assert seed.dateline is None and seed.agency is None
    assert seed.body == "Ishiba left for Washington on Thursday."


@pytest.mark.parametrize(
    "raw",
    [
        " date 2025-02-06 Headline\nno byline here\nBody text.",  # byline missing
        " date 2025-13-45 Headline\nA Published February 06, 2025 | 04:30 PM\nBody.",  # impossible date
        " date 2025-02-06 Headline\nA Published Febtember 06, 2025 | 04:30 PM\nBody.",  # bad month
        " date 2025-02-06 Headline",  # header only
    ],
)
def test_malformed_seed_header_is_rejected(raw: str) -> None:
    assert parse_seed_article(raw) is None


def test_malformed_seed_header_reads_as_plain_text_with_warning() -> None:
    raw = " date 2025-02-06 Headline\nno byline\nBody text."
    article = article_from_text(raw, "x", "x.txt")
    assert article.text == raw
    assert article.title is None
    assert article.warnings and "malformed seed header" in article.warnings[0]


def test_plain_text_file_is_the_whole_body(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Officials said the bridge would reopen.\r\nTraffic resumed.\r\n", encoding="utf-8")
    [article] = read_articles([path])
    assert article.doc_id == "note"
    assert article.text == "Officials said the bridge would reopen.\nTraffic resumed.\n"
    assert article.title is None


def test_folder_is_read_recursively_with_path_ids(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "one.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "two.txt").write_text("Two.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    ids = [a.doc_id for a in read_articles([tmp_path])]
    assert ids == ["a/b/one", "two"]


def test_jsonl_reader_keeps_ids_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "n1", "text": "First story.", "title": "T1", "date": "2024-05-01", "author": "A"}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": "Second story."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_articles([path]))
    first, bad_json, no_text, second = items
    assert isinstance(first, Article) and first.doc_id == "n1" and first.text == "First story."
    assert first.title == "T1" and first.date == date(2024, 5, 1) and first.author == "A"
    assert isinstance(bad_json, InputError) and bad_json.error == "InvalidJSON" and "line 2" in bad_json.message
    assert isinstance(no_text, InputError) and no_text.error == "MissingText"
    assert isinstance(second, Article) and second.doc_id == "corpus:4"


def test_csv_reader(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    pd.DataFrame({"id": ["x", "y"], "text": ["Story x.", "Story y."], "source": ["wire", ""]}).to_csv(path, index=False)
    x, y = read_articles([path])
    assert (x.doc_id, x.text, x.source) == ("x", "Story x.", "wire")
    assert y.source == str(path)


def test_parquet_reader_and_missing_text_column(tmp_path: Path) -> None:
    good = tmp_path / "good.parquet"
    pd.DataFrame({"text": ["A story.", "Another."], "title": ["t", None]}).to_parquet(good)
    bad = tmp_path / "bad.parquet"
    pd.DataFrame({"comment": ["no text column"]}).to_parquet(bad)
    items = list(read_articles([good, bad]))
    assert [a.doc_id for a in items[:2]] == ["good:1", "good:2"]
    assert items[0].title == "t" and items[1].title is None
    assert isinstance(items[2], InputError) and items[2].error == "MissingTextColumn"


def test_bad_files_become_errors(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n ", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    errors = {e.source.rsplit("/", 1)[-1]: e.error for e in read_articles([tmp_path, tmp_path / "missing.txt"])}
    assert errors == {
        "binary.txt": "BinaryFile",
        "empty.txt": "EmptyFile",
        "notes.docx": "UnsupportedFile",
        "missing.txt": "FileNotFound",
    }


def test_cp1252_curly_quotes_are_decoded() -> None:
    text, encoding = decode_bytes("\u201cYes,\u201d she said.".encode("cp1252"))
    assert text == "\u201cYes,\u201d she said."
    assert encoding == "cp1252"


def test_utf8_bom_is_dropped() -> None:
    assert decode_bytes("\ufeffHello".encode()) == ("Hello", "utf-8-sig")


def test_an_empty_input_folder_is_one_error(tmp_path: Path) -> None:
    (tmp_path / ".hidden.txt").write_text("A story.", encoding="utf-8")
    [error] = read_articles([tmp_path])
    assert isinstance(error, InputError) and error.error == "EmptyFolder" and error.source == str(tmp_path)
