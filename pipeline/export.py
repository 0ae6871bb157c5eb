"""Flat exports for spreadsheets and pandas: one table joined with its articles' metadata.

`joined_table(out_dir, table)` gives quotes, entities or people as one flat DataFrame, each row
carrying what a reader needs without a join of their own; `write_export(frame, path, format)`
writes it as csv, xlsx or parquet, atomically. Columns, in this order:

- quotes and entities start with the article: doc_id, title, date, published (UTC), outlet,
  author, source (`ARTICLE_COLUMNS`), then the table's own (`QUOTE_COLUMNS`, `ENTITY_COLUMNS`),
  ending with `sentence`, the sentence holding the quote's or entity's first character;
- people is the people table as it is (one row per person across the corpus: there is no one
  article to join; its person_id joins the quotes and entities exports);
- last, the input corpus's own columns kept in `documents` (`url` first when there is one), so
  every column the project defines has a fixed position whatever the corpus.

`outlet` is `publisher`, else `source` when that names an outlet rather than where the article
was read from (a path, a URL or an input file name is no outlet).

CSV and xlsx change one thing in cell text: a text cell that a spreadsheet would run as a
formula (starting with =, +, -, @, tab or carriage return; OWASP "CSV injection") gets a leading
apostrophe. Lists and objects become JSON text there, and xlsx, which cannot hold control
characters, shows them as U+FFFD. Parquet keeps every value exact.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd
import pyarrow as pa

from pipeline.articles import SUPPORTED
from pipeline.labels import GROUP_LABELS, PERSON_LABELS
from pipeline.locations import exists, is_local, local_path
from pipeline.store import TEMP_PREFIX, OutputError, read_table, table_parts
from pipeline.tables import DOCUMENTS, INPUT_PREFIX, SCHEMAS

TABLES = ("quotes", "entities", "people")
FORMATS = ("csv", "xlsx", "parquet")
#: The tables each export reads.
SOURCES: dict[str, tuple[str, ...]] = {
    "quotes": ("documents", "sentences", "quotes", "people"),
    "entities": ("documents", "sentences", "entities"),
    "people": ("people",),
}
ARTICLE_COLUMNS = ("doc_id", "title", "date", "published", "outlet", "author", "source")
QUOTE_COLUMNS = (
    "quote_id",
    "speaker",
    "speaker_canonical",
    "speaker_type",
    "speaker_gender",
    "speaker_person_id",
    "kind",
    "cue",
    "cue_type",
    "text",
    "start_char",
    "end_char",
    "sentence",
)
ENTITY_COLUMNS = (
    "entity_id",
    "text",
    "label",
    "canonical",
    "cluster_id",
    "zone",
    "person_id",
    "gender",
    "start_char",
    "end_char",
    "sentence",
)
#: The input's own column placed first among them, when the corpus has one (any case).
URL_COLUMN = "url"
#: `quotes.speaker_type`: a named person; a named organisation, country or group (ORG, GPE,
#: NORP); a named entity of another label; no named entity (a description such as "a person
#: familiar with the talks", an unresolved pronoun or a name the model did not tag).
PERSON_SPEAKER, ORGANISATION_SPEAKER, OTHER_SPEAKER, DESCRIPTION_SPEAKER = "person", "organisation", "other", "description"
#: Cell starts that make a spreadsheet evaluate a cell (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPE = "'"
#: Rows of an Excel sheet, its header row included.
EXCEL_MAX_ROWS = 1_048_576
CSV_LINE_END = "\r\n"  # RFC 4180


class ExportError(ValueError):
    """The export cannot be made: no complete run in the folder, a bad table or format, an unwritable path."""


# Reading ------------------------------------------------------------------------------------


def _read(out_dir: str | Path, name: str) -> pd.DataFrame:
    """One table of the run, checked against its schema, with categoricals as plain values."""
    try:
        frame = read_table(out_dir, name)
    except (OSError, pa.ArrowException) as exc:
        raise ExportError(f"cannot read the {name} table in {out_dir}: {exc}") from exc
    missing = [column for column in SCHEMAS[name].names if column not in frame.columns]
    if missing:
        raise ExportError(f"the {name} table in {out_dir} lacks {', '.join(missing)}: run extract again with this version")
    return _without_categoricals(frame)


def _without_categoricals(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as their values, so no writer sees category codes."""
    categorical = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    return frame.astype({c: frame[c].cat.categories.dtype for c in categorical})


def read_sources(out_dir: str | Path, table: str) -> dict[str, pd.DataFrame]:
    """The tables an export of `table` needs, or an ExportError naming what is missing."""
    if table not in SOURCES:
        raise ExportError(f"cannot export {table!r}: choose one of {', '.join(TABLES)}")
    run_first = f"run `python -m pipeline extract ... --out {out_dir}` first"
    if not exists(out_dir):
        raise ExportError(f"no output folder {out_dir} ({run_first})")
    try:
        for name in SOURCES[table]:
            table_parts(out_dir, name)
    except OutputError as exc:  # its message says what to run
        raise ExportError(str(exc)) from exc
    return {name: _read(out_dir, name) for name in SOURCES[table]}


# Joining ------------------------------------------------------------------------------------


def _is_outlet(source: object) -> bool:
    """Whether a `source` value names an outlet, not the file, folder or URL the article came from."""
    if not isinstance(source, str) or not source.strip():
        return False
    looks_like_location = "/" in source or "\\" in source or PurePosixPath(source).suffix.lower() in SUPPORTED
    return not looks_like_location


def outlet(documents: pd.DataFrame) -> pd.Series:
    """Per article, its outlet: `publisher`, else a `source` that names one."""
    publisher = documents["publisher"].astype(object)
    source = documents["source"].astype(object)
    given = publisher.notna() & (publisher.astype(str).str.strip() != "")
    return publisher.where(given, source.where(source.map(_is_outlet), None))


def own_columns(documents: pd.DataFrame) -> list[str]:
    """The input corpus's own columns kept in `documents`, a `url` column first."""
    own = [c for c in documents.columns if c not in DOCUMENTS.names]
    return sorted(own, key=lambda c: str(c).lower() != URL_COLUMN)


def articles(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per article: the metadata every quote and entity row carries, then the corpus's own columns."""
    meta = documents[[c for c in ARTICLE_COLUMNS if c != "outlet"]].assign(outlet=outlet(documents))
    return pd.concat([meta[list(ARTICLE_COLUMNS)], documents[own_columns(documents)]], axis=1)


def context_sentences(rows: pd.DataFrame, sentences: pd.DataFrame, at: str = "start_char") -> pd.Series:
    """Per row, the text of its document's sentence holding character `rows[at]` (the last sentence
    starting at or before it), aligned with `rows`."""
    left = pd.DataFrame({"doc_id": rows["doc_id"].astype(str), "pos": rows[at].astype("int64"), "row": np.arange(len(rows))})
    right = pd.DataFrame(
        {"doc_id": sentences["doc_id"].astype(str), "pos": sentences["start_char"].astype("int64"), "sentence": sentences["text"]}
    )
    found = pd.merge_asof(left.sort_values("pos"), right.sort_values("pos"), on="pos", by="doc_id", direction="backward")
    return pd.Series(found.sort_values("row")["sentence"].to_numpy(), index=rows.index, name="sentence")


def speaker_type(quotes: pd.DataFrame) -> pd.Series:
    """Per quote, what kind of speaker said it (see the `*_SPEAKER` names); empty without a speaker."""
    named = quotes["speaker_entity_id"].notna().to_numpy()
    label = quotes["speaker_label"]
    kinds = np.select(
        [named & label.isin(PERSON_LABELS).to_numpy(), named & label.isin(GROUP_LABELS).to_numpy(), named],
        [PERSON_SPEAKER, ORGANISATION_SPEAKER, OTHER_SPEAKER],
        default=DESCRIPTION_SPEAKER,
    ).astype(object)
    kinds[quotes["speaker"].isna().to_numpy()] = None
    return pd.Series(kinds, index=quotes.index, name="speaker_type")


def _quote_rows(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    quotes = tables["quotes"]
    gender = tables["people"].set_index("person_id")["gender"]
    return quotes.assign(
        speaker_type=speaker_type(quotes),
        speaker_gender=quotes["speaker_person_id"].map(gender),
        sentence=context_sentences(quotes, tables["sentences"]),
    )[["doc_id", *QUOTE_COLUMNS]]


def _entity_rows(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    entities = tables["entities"]
    return entities.assign(sentence=context_sentences(entities, tables["sentences"]))[["doc_id", *ENTITY_COLUMNS]]


def _with_articles(rows: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Rows after their article's metadata, the corpus's own columns last (renamed `input_<name>`
    where they share a name with an export column)."""
    meta = articles(documents)
    own = [c for c in meta.columns if c not in ARTICLE_COLUMNS]
    taken = set(ARTICLE_COLUMNS) | set(rows.columns)
    meta = meta.rename(columns={c: _free_name(c, taken) for c in own})
    joined = rows.merge(meta, on="doc_id", how="left", validate="many_to_one")
    return joined[[*ARTICLE_COLUMNS, *rows.columns.drop("doc_id"), *meta.columns.drop(list(ARTICLE_COLUMNS))]]


def _free_name(name: str, taken: set[str]) -> str:
    while name in taken:
        name = f"{INPUT_PREFIX}{name}"
    return name


def joined_table(out_dir: str | Path, table: str) -> pd.DataFrame:
    """`table` (quotes, entities or people) of the run in `out_dir` (a path or URL) as one flat
    DataFrame with its articles' metadata and context sentence (module docstring: the columns)."""
    tables = read_sources(out_dir, table)
    if table == "people":
        return tables["people"].reset_index(drop=True)
    rows = _quote_rows(tables) if table == "quotes" else _entity_rows(tables)
    return _with_articles(rows, tables["documents"]).reset_index(drop=True)


# Writing ------------------------------------------------------------------------------------


def escape_formula(value: object) -> object:
    """A text a spreadsheet would run as a formula, with a leading apostrophe; anything else as it is."""
    return f"{FORMULA_ESCAPE}{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _spreadsheet_cell(value: object) -> object:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, list | tuple | dict):
        value = json.dumps(value, ensure_ascii=False, default=str)
    return escape_formula(value)


def spreadsheet_cells(frame: pd.DataFrame, clean: Callable[[str], str] | None = None) -> pd.DataFrame:
    """The frame as spreadsheets should read it: nested values as JSON text and formula-like text
    (headers included) escaped; `clean` is applied to text before escaping."""

    def cell(value: object) -> object:
        return _spreadsheet_cell(clean(value) if clean is not None and isinstance(value, str) else value)

    text = [c for c in frame.columns if frame[c].dtype == object or isinstance(frame[c].dtype, pd.StringDtype)]
    cells = frame.astype({c: object for c in text})
    for column in text:
        cells[column] = cells[column].map(cell, na_action="ignore")
    cells.columns = [cell(str(c)) for c in cells.columns]
    return cells


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    spreadsheet_cells(frame).to_csv(path, index=False, encoding="utf-8", lineterminator=CSV_LINE_END)


def _excel_times(frame: pd.DataFrame) -> pd.DataFrame:
    """Zoned timestamps as UTC wall time: Excel has no time zones (the README says `published` is UTC)."""
    zoned = [c for c in frame.columns if isinstance(frame[c].dtype, pd.DatetimeTZDtype)]
    return frame.assign(**{c: frame[c].dt.tz_convert("UTC").dt.tz_localize(None) for c in zoned})


def check_excel_rows(frame: pd.DataFrame) -> None:
    """An Excel sheet holds EXCEL_MAX_ROWS rows with its header: say so before writing anything."""
    if len(frame) + 1 > EXCEL_MAX_ROWS:
        raise ExportError(
            f"{len(frame):,} rows do not fit an Excel sheet (at most {EXCEL_MAX_ROWS:,} rows with the header): "
            "export as csv or parquet"
        )


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    if importlib.util.find_spec("openpyxl") is None:
        raise ExportError("xlsx needs openpyxl: pip install openpyxl (or export as csv or parquet)")
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cells = spreadsheet_cells(_excel_times(frame), clean=lambda text: ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))
    cells.to_excel(path, index=False, engine="openpyxl")


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False)


WRITERS: dict[str, Callable[[pd.DataFrame, Path], None]] = {"csv": _write_csv, "xlsx": _write_xlsx, "parquet": _write_parquet}


def write_export(frame: pd.DataFrame, path: str | Path, format: str) -> Path:
    """Write `frame` as csv, xlsx or parquet to a local `path`, atomically: a temporary file in the
    same folder, renamed into place only when complete, so a reader never sees half a file."""
    if format not in WRITERS:
        raise ExportError(f"unknown format {format!r}: choose one of {', '.join(FORMATS)}")
    if format == "xlsx":
        check_excel_rows(frame)
    path = Path(path)
    tmp = path.with_name(f"{TEMP_PREFIX}{os.getpid()}-{path.name}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        WRITERS[format](frame, tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return path


def default_path(out_dir: str | Path, table: str, format: str) -> Path:
    """Where an export goes unless told: OUT/export/<table>.<format>, for a local OUT."""
    if not is_local(out_dir):
        raise ExportError(f"{out_dir} is not a local folder: give --to PATH for the export")
    return local_path(out_dir) / "export" / f"{table}.{format}"


def export(out_dir: str | Path, table: str, format: str, path: str | Path | None = None) -> tuple[pd.DataFrame, Path]:
    """Join `table` of the run in `out_dir` and write it (to `default_path` unless `path`)."""
    target = Path(path) if path is not None else default_path(out_dir, table, format)
    frame = joined_table(out_dir, table)
    return frame, write_export(frame, target, format)
