"""The report folder's layout and rendering basics: file names, anchors, the jinja environment, rows for templates.

Every name in the folder comes from a position, a fixed name or a hash (never from a doc_id or a
person's name, which are input), and every template escapes what it shows (autoescape on).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from spacy.displacy.render import DEFAULT_LABEL_COLORS

REPORT = "report.html"
PAGES = "report"
PEOPLE_INDEX = "people.html"
EXPORT_FILE = "quotes.csv"
ARTICLE_PREFIX = "article-"


def page_name(number: int) -> str:
    """An article page's file name, from its position: never from a doc_id."""
    return f"{ARTICLE_PREFIX}{number + 1:06d}.html"


def quote_anchor(quote_id: object) -> str:
    """The id of a quote's place in its article page (quote_id is the quote's number in its article)."""
    return f"q-{int(quote_id)}"


def environment() -> Environment:
    """The templates of `pipeline/report/templates`, with autoescape on for HTML."""
    return Environment(loader=PackageLoader("pipeline.report"), autoescape=select_autoescape(["html"]))


def records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values: templates and loops read them far faster than DataFrame rows."""
    return [dict(zip(columns, row, strict=True)) for row in zip(*(frame[c].tolist() for c in columns), strict=True)]


def grouped(rows: Iterable[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    """Rows in lists by the value of `key`, in their order."""
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


def label_css() -> Markup:
    """displaCy's colour for each entity label, as CSS rules."""
    rules = [f"mark.ent-{label} {{ background: {color}; }}" for label, color in DEFAULT_LABEL_COLORS.items()]
    return Markup("\n".join(rules))
