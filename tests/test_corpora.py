"""Corpus files read as they come: column maps, one error per file, streaming CSV."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.articles import CorpusColumns, InputError, ReadOptions, read_articles, read_inputs

ROOT = Path(__file__).resolve().parents[1]
SCRAPED = pd.DataFrame(
    {
        "body": ["The mayor said the budget would pass.", "Officials said nothing."],
        "headline": ["Budget to pass", "Nothing"],
        "published_at": ["2024-03-05T14:30:00+01:00", "not a date"],
        "outlet": ["City News", "Daily"],
        "url": ["https://example.com/1", "https://example.com/2"],
        "zip": ["01234", None],
    }
)


def test_a_scraped_csv_is_read_by_its_common_names(tmp_path: Path) -> None:
    path = tmp_path / "corpus.csv"
    SCRAPED.to_csv(path, index=False)
    columns, first, second = read_inputs([path])
    assert isinstance(columns, CorpusColumns)
    assert (
        columns.describe() == "columns text=body, title=headline, date=published_at, publisher=outlet; kept as they are: url, zip"
    )
    assert (first.title, first.publisher, first.date.isoformat()) == ("Budget to pass", "City News", "2024-03-05")
    assert first.published == datetime(2024, 3, 5, 13, 30, tzinfo=UTC)
    assert first.published_text == "2024-03-05T14:30:00+01:00"
    assert first.extra == {"url": "https://example.com/1", "zip": "01234"}  # CSV cells stay text: no lost zero
    assert second.date is None and second.published_text == "not a date"
    assert second.warnings == (f"{path} [corpus:2]: date 'not a date' could not be read; left empty",)


def test_columns_named_by_the_user(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    records = [{"story_text": "The mayor said so.", "hed": "A headline", "when": "2024-01-02"}]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    options = ReadOptions(columns={"text": "story_text", "title": "hed", "date": "when"})
    [article] = read_articles([path], options)
    assert (article.text, article.title, article.date.isoformat(), article.extra) == (
        "The mayor said so.",
        "A headline",
        "2024-01-02",
        {},
    )


def test_a_jsonl_without_text_is_one_error_naming_its_keys(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps({"words": "x", "n": i}) for i in range(50)) + "\n", encoding="utf-8")
    [error] = read_articles([path])
    assert isinstance(error, InputError) and error.error == "MissingTextColumn"
    assert "columns found: words, n" in error.message and "--columns text=COLUMN" in error.message


def test_a_column_given_that_the_file_lacks_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "corpus.csv"
    SCRAPED.to_csv(path, index=False)
    [error] = read_articles([path], ReadOptions(columns={"text": "content"}))
    assert error.error == "MissingTextColumn" and "no column 'content'" in error.message


def test_parquet_columns_keep_their_types(tmp_path: Path) -> None:
    path = tmp_path / "corpus.parquet"
    table = pa.table(
        {
            "text": ["A story.", "Another."],
            "words": pa.array([3, None], pa.int16()),
            "seen": pa.array([datetime(2024, 1, 1, tzinfo=UTC), None], pa.timestamp("ms", tz="UTC")),
        }
    )
    pq.write_table(table, path)
    _, first, second = read_inputs([path])
    assert first.extra == {"words": 3, "seen": datetime(2024, 1, 1, tzinfo=UTC)} and second.extra["words"] is None
    assert first.extra_schema.field("words").type == pa.int16()


def test_a_text_file_headline_can_be_turned_off(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Budget will balance, minister says\nThe minister said the budget would balance.\n", encoding="utf-8")
    [with_title] = read_articles([path])
    [without] = read_articles([path], ReadOptions(headlines=False))
    assert with_title.title == "Budget will balance, minister says" and without.title is None
    assert without.text == path.read_text(encoding="utf-8")


READ_PEAK = """
import resource, sys
from pipeline.articles import read_articles
count = sum(1 for item in read_articles([sys.argv[1]]) if item.__class__.__name__ == "Article")
print(count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def _read_peak_mib(path: Path) -> tuple[int, int]:
    result = subprocess.run([sys.executable, "-c", READ_PEAK, str(path)], cwd=ROOT, capture_output=True, text=True, check=True)
    count, peak = result.stdout.split()
    return int(count), int(peak)


def _write_csv(path: Path, rows: int) -> None:
    body = "The minister said the plan works, and the opposition said it would not. " * 12
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,body,url\n")
        for number in range(rows):
            handle.write(f'{number},"{body}",https://example.com/{number}\n')


def test_a_large_csv_is_read_in_flat_memory(tmp_path: Path) -> None:
    """A 90 MB CSV costs no more memory to read than a 1 MB one (reading it whole would cost ~300 MB)."""
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    _write_csv(small, 1_000)
    _write_csv(large, 100_000)
    assert large.stat().st_size > 80_000_000
    small_count, small_peak = _read_peak_mib(small)
    large_count, large_peak = _read_peak_mib(large)
    assert (small_count, large_count) == (1_000, 100_000)
    assert large_peak < small_peak + 40, (small_peak, large_peak)


def test_jsonl_keys_the_first_record_lacks_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    records = [{"text": "A story.", "url": "u1"}, {"text": "Another.", "url": "u2", "section": "sport"}]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    first, second = read_articles([path])
    assert first.extra == {"url": "u1"} and second.extra == {"url": "u2", "section": "sport"}


def test_a_jsonl_record_with_other_keys_is_read_by_its_own(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    records = [
        {"id": "a", "body": "The mayor said so."},
        {"id": "b", "content": "The minister said so."},  # another name for the text
        {"id": "c", "body": "Officials said so.", "date": "2024-03-05"},  # a role the first record lacked
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    a, b, c = read_articles([path])
    assert (a.text, b.text, c.text) == ("The mayor said so.", "The minister said so.", "Officials said so.")
    assert c.date.isoformat() == "2024-03-05" and "date" not in c.extra


def test_a_cp1252_csv_is_decoded_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "corpus.csv"
    path.write_bytes('text\n"\u201cWe will appeal,\u201d the mayor said."\n'.encode("cp1252"))
    columns, article = read_inputs([path])
    assert article.text == "\u201cWe will appeal,\u201d the mayor said." and article.encoding == "cp1252"
    assert "not valid UTF-8, decoded as cp1252" in columns.describe()


def test_utf8_without_a_byte_order_mark_is_recorded_as_utf8(tmp_path: Path) -> None:
    plain, marked = tmp_path / "plain.txt", tmp_path / "marked.txt"
    plain.write_bytes(b"The mayor said so.")
    marked.write_bytes("\ufeffThe mayor said so.".encode())
    assert [a.encoding for a in read_articles([plain, marked])] == ["utf-8", "utf-8-sig"]


def test_one_path_given_alone_is_one_input(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("The mayor said the bridge would reopen.", encoding="utf-8")
    [article] = read_articles(str(path))
    assert article.doc_id == "story"
