"""`--partition-by`: the per-article tables in hive folders, the same rows, read back by folder."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pytest
from spacy.language import Language

from pipeline import Settings, extract, read_tables
from pipeline.partitions import MISSING, PartitionError, folder_name
from pipeline.store import read_manifest

QUIET = Settings(progress=False, n_process=1)
#: The columns that order each table's rows within a document.
ROW_KEYS = {
    "documents": ["doc_id"],
    "tokens": ["doc_id", "token_id"],
    "sentences": ["doc_id", "sent_id"],
    "entities": ["doc_id", "entity_id"],
    "quotes": ["doc_id", "quote_id"],
}
STORIES = [
    '"We will appeal," the mayor said on Monday. Council member Ann Lee said the ruling was fair.',
    "Officials told Reuters that the talks had stalled, according to a statement.",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Articles of two outlets over two days, and one without a date."""
    folder = tmp_path_factory.mktemp("corpus")
    rows = []
    for number in range(9):
        date = None if number == 4 else f"2016-10-0{1 + number % 2}"
        outlet = ["wire/ap", "The Times"][number % 2]
        rows.append({"id": f"a{number}", "body": STORIES[number % 2], "date": date, "source": outlet})
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return folder / "feed.jsonl"


def _sorted(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Each table in one row order, with categoricals as values (the order of the folders is not the input's)."""
    result = {}
    for name, frame in tables.items():
        frame = frame.astype({c: object for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)})
        keys = ROW_KEYS.get(name, list(frame.columns[:1]))
        result[name] = frame.sort_values(keys, kind="stable").reset_index(drop=True)
    return result


@pytest.mark.parametrize("column", ["date", "source"])
def test_partitioned_tables_hold_the_rows_of_an_unpartitioned_run(
    corpus: Path, nlp: Language, tmp_path: Path, column: str
) -> None:
    whole, split = tmp_path / "whole", tmp_path / "split"
    extract([corpus], whole, QUIET, nlp=nlp)
    extract([corpus], split, replace(QUIET, partition_by=column), nlp=nlp)
    a, b = _sorted(read_tables(whole)), _sorted(read_tables(split))
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)
    assert read_manifest(split)["settings"]["partition_by"] == column
    folders = {p.name for p in (split / "tokens").iterdir()}
    if column == "date":
        assert folders == {"doc_date=2016-10-01", "doc_date=2016-10-02", f"doc_date={MISSING}"}
    else:
        assert folders == {"doc_source=wire%2Fap", "doc_source=The%20Times"}
    assert [p.name for p in (split / "people").iterdir()] == [p.name for p in (split / "people").glob("part-*.parquet")]


def test_a_reader_of_one_folder_gets_its_documents_rows(corpus: Path, nlp: Language, tmp_path: Path) -> None:
    out = tmp_path / "out"
    extract([corpus], out, replace(QUIET, partition_by="source"), nlp=nlp)
    documents = read_tables(out)["documents"]
    tokens = ds.dataset(out / "tokens", partitioning="hive").to_table(filter=ds.field("doc_source") == "wire/ap").to_pandas()
    assert (
        set(tokens["doc_id"]) == set(documents.loc[documents["source"] == "wire/ap", "doc_id"]) == {"a0", "a2", "a4", "a6", "a8"}
    )


def test_the_quote_stage_rerun_keeps_the_partitions(corpus: Path, nlp: Language, tmp_path: Path) -> None:
    out = tmp_path / "out"
    extract([corpus], out, replace(QUIET, partition_by="date"), nlp=nlp)
    before = _sorted(read_tables(out))
    extract([], out, replace(QUIET, stage="quotes"), nlp=nlp)
    after = _sorted(read_tables(out))
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], obj=name)
    assert {p.name for p in (out / "quotes").iterdir()} == {p.name for p in (out / "tokens").iterdir()}
    assert read_manifest(out)["settings"]["partition_by"] == "date"


def test_folder_names_are_escaped_and_bounded() -> None:
    assert folder_name("source", "s3://bucket/a b.jsonl") == "doc_source=s3%3A%2F%2Fbucket%2Fa%20b.jsonl"
    assert folder_name("date", None) == f"doc_date={MISSING}"
    assert len(folder_name("source", "x" * 1000).encode()) < 255


def test_an_unknown_partition_column_is_a_clear_error() -> None:
    with pytest.raises(PartitionError, match="choose one of date, source"):
        Settings(partition_by="outlet")
