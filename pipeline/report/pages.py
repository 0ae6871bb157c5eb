"""Building the report: `report.html` (the corpus overview) and, under `report/`, one page per article,
one per person quoted, the people index, the quote search data and the quotes as CSV.

Everything is in one folder that opens from disk: styles, scripts and charts are inline, the search
data is a script file beside the pages, nothing is fetched. All text from the tables goes through
jinja's autoescape (or `markup.highlight`, which escapes); file names come from positions and hashes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.export import ExportError, joined_table, write_export
from pipeline.report.article_pages import write_article_pages
from pipeline.report.frames import report_frames
from pipeline.report.layout import EXPORT_FILE, PAGES, PEOPLE_INDEX, REPORT, environment, page_name
from pipeline.report.overview import write_overview
from pipeline.report.person_pages import write_people_index, write_person_pages
from pipeline.report.search import DATA_FILE, data_script
from pipeline.report.titles import text_value
from pipeline.store import has_table, read_table, write_text_atomic
from pipeline.tables import SCHEMAS

__all__ = ["EXPORT_FILE", "PAGES", "PEOPLE_INDEX", "REPORT", "build_report", "page_name"]

SENTENCE_COLUMNS = ["doc_id", "sent_id", "start_char", "end_char"]


def _read(out: Path, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    """A table of the run, or an empty one under its schema when the run has none (an older run's people)."""
    if has_table(out, table):
        return read_table(out, table, columns)
    empty = SCHEMAS[table].empty_table().to_pandas()
    return empty[columns] if columns else empty


def write_quotes_export(out: Path, pages: Path) -> str:
    """The quotes joined with their article (title, date, outlet, URL, context) as CSV, by `pipeline.export`.

    Returns why there is none when the run lacks a table the export needs (an older run without people).
    """
    try:
        write_export(joined_table(out, "quotes"), pages / EXPORT_FILE, "csv")
    except ExportError as error:
        (pages / EXPORT_FILE).unlink(missing_ok=True)
        return str(error)
    return ""


def build_report(out_dir: str | Path) -> Path:
    """Write `report.html` and, under `report/`, the pages, search data and export for the tables in `out_dir`."""
    out = Path(out_dir)
    tables = {name: _read(out, name) for name in ("documents", "entities", "quotes", "people")}
    documents = tables["documents"]
    frames = report_frames(documents, tables["quotes"], _read(out, "sentences", SENTENCE_COLUMNS), tables["people"])
    env = environment()
    pages = out / PAGES
    pages.mkdir(exist_ok=True)
    write_article_pages(env, pages, frames, documents, tables["entities"])
    write_person_pages(env, pages, frames, [text_value(text) for text in documents["text"].tolist()])
    write_people_index(env, pages, frames)
    write_text_atomic(pages / DATA_FILE, data_script(frames.articles, frames.quotes, frames.people))
    return write_overview(env, out, frames, tables, write_quotes_export(out, pages))
