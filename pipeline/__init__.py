"""News entity and quote extraction: articles -> spaCy docs -> tables -> parquet.

Typical use::

    from pipeline import extract_tables
    tables = extract_tables(["seeds/"])
    tables["quotes"][["speaker_canonical", "kind", "text"]]
"""

from pipeline.articles import Article, InputError, ReadOptions, read_articles
from pipeline.nlp import build_nlp
from pipeline.runner import RunSummary, Settings, extract, extract_tables
from pipeline.store import open_table, read_table, read_tables
from pipeline.tables import SCHEMAS

__all__ = [
    "SCHEMAS",
    "Article",
    "InputError",
    "ReadOptions",
    "RunSummary",
    "Settings",
    "build_nlp",
    "extract",
    "extract_tables",
    "open_table",
    "read_articles",
    "read_table",
    "read_tables",
]
