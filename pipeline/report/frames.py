"""The tables joined once for every page of the report.

Articles get their page, display title, date, month and outlet; quotes get their article, speaker
type, display name, person key and the offsets of their context; people one row per person quoted.
Pages, charts, the search data and the person pages all read these frames, so each join is made once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.export import outlet
from pipeline.report.context import context_spans
from pipeline.report.layout import page_name
from pipeline.report.people import person_frame, person_keys
from pipeline.report.speakers import speaker_names, speaker_types
from pipeline.report.titles import display_title, text_value

DAY_FORMAT, MONTH_FORMAT = "%Y-%m-%d", "%Y-%m"
#: What pages read of each quote (as plain rows): the table's columns and those the report adds.
QUOTE_COLUMNS = [
    "article",
    "quote_id",
    "kind",
    "text",
    "start_char",
    "end_char",
    "cue",
    "cue_start_char",
    "cue_end_char",
    "speaker",
    "name",
    "type",
    "key",
    "rule",
    "date",
    "outlet",
    "context_start",
    "context_end",
]


@dataclass(frozen=True)
class ReportFrames:
    """What the report shows, joined: articles (table order), quotes (with article and speaker facts), people quoted."""

    articles: pd.DataFrame
    quotes: pd.DataFrame
    people: pd.DataFrame


def _day_strings(values: pd.Series, fmt: str) -> pd.Series:
    return pd.to_datetime(values, errors="coerce").dt.strftime(fmt).fillna("").astype(object)


def article_frame(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per document: doc_id, page, title (never an id or a path), date, month, outlet (as the export
    gives it: the publisher, else a source that names an outlet), counts."""
    return pd.DataFrame(
        {
            "doc_id": documents["doc_id"].astype(str).to_numpy(),
            "page": [page_name(n) for n in range(len(documents))],
            "title": [display_title(t, x, n) for n, (t, x) in enumerate(zip(documents["title"], documents["text"], strict=True))],
            "date": _day_strings(documents["date"], DAY_FORMAT).to_numpy(),
            "month": _day_strings(documents["date"], MONTH_FORMAT).to_numpy(),
            "outlet": outlet(documents).map(text_value).to_numpy(),
            "n_quotes": documents["n_quotes"].fillna(0).astype(int).to_numpy(),
            "n_entities": documents["n_entities"].fillna(0).astype(int).to_numpy(),
        }
    )


def quote_frame(quotes: pd.DataFrame, articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The quotes of known articles, with article number, date, month, outlet, speaker type, name, key and context."""
    number = pd.Series(range(len(articles)), index=articles["doc_id"])
    article = quotes["doc_id"].astype(str).map(number)
    quotes = quotes[article.notna()].reset_index(drop=True)
    frame = quotes.assign(article=article.dropna().astype(int).to_numpy())
    frame["type"] = speaker_types(frame)
    frame["name"] = speaker_names(frame)
    frame["key"] = person_keys(frame, frame["type"], frame["name"])
    for column in ("date", "month", "outlet"):
        frame[column] = articles[column].to_numpy()[frame["article"].to_numpy()]
    return pd.concat([frame, context_spans(frame, sentences)], axis=1)


def report_frames(documents: pd.DataFrame, quotes: pd.DataFrame, sentences: pd.DataFrame, people: pd.DataFrame) -> ReportFrames:
    """Articles, quotes and people quoted, joined once for the whole report."""
    articles = article_frame(documents)
    joined = quote_frame(quotes, articles, sentences)
    return ReportFrames(articles, joined, person_frame(joined, people))
