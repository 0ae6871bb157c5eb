"""The data behind the overview's quote search and article list: one script file, `report/quotes-data.js`.

Kept out of `report.html` so the overview stays small at 100,000 quotes; loaded by `<script src>`,
so the folder still opens from disk with no server and no network. The JSON is written with every
non-ASCII character and `<`, `>`, `&` escaped, so no text in it can end the script or be read as
markup, whatever the page does with the file; the page's script puts it in the DOM as text only.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from pipeline.report.layout import quote_anchor

DATA_FILE = "quotes-data.js"
GLOBAL = "window.REPORT_DATA"
#: Column order of each record in the file (the page's script reads them by position).
ARTICLE_FIELDS = ("page", "title", "date", "outlet", "doc_id", "n_quotes", "n_entities")
QUOTE_FIELDS = ("article", "anchor", "kind", "type", "name", "person", "text")
_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def script_json(data: Any) -> str:
    """JSON safe anywhere in a script: ASCII only (so no U+2028 either), no <, > or &."""
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).translate(_ESCAPES)


def article_records(articles: pd.DataFrame) -> list[list[Any]]:
    """Each article as [page, title, date, outlet, doc_id, n_quotes, n_entities]."""
    return articles[list(ARTICLE_FIELDS)].to_numpy().tolist()


def quote_records(quotes: pd.DataFrame, person_numbers: pd.Series) -> list[list[Any]]:
    """Each quote as [article number, anchor, kind, speaker type, speaker name, person number or -1, text]."""
    person = quotes["key"].map(person_numbers).fillna(-1).astype(int)
    anchors = quotes["quote_id"].map(quote_anchor)
    columns = [
        quotes["article"],
        anchors,
        quotes["kind"].astype(str),
        quotes["type"],
        quotes["name"],
        person,
        quotes["text"].fillna(""),
    ]
    return [list(row) for row in zip(*(column.tolist() for column in columns), strict=True)]


def data_script(articles: pd.DataFrame, quotes: pd.DataFrame, people: pd.DataFrame) -> str:
    """The whole data file: articles, people quoted ([page, name]) and quotes, assigned to window.REPORT_DATA."""
    person_numbers = pd.Series(range(len(people)), index=people.index)
    data = {
        "articles": article_records(articles),
        "people": people[["page", "name"]].to_numpy().tolist(),
        "quotes": quote_records(quotes, person_numbers),
    }
    return f"{GLOBAL} = {script_json(data)};\n"
