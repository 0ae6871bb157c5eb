"""The sentences around each quote, found by character offsets in the `sentences` table.

A person page shows every quote in its context: the sentences from the one where the quote (or
its speaker and cue, when they come first) begins to the one where it (or they) ends, so the
reader sees who said it and how without opening the article.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from markupsafe import Markup

from pipeline.report.markup import Mark, highlight

#: Offsets of a quote's attribution that widen its context when the table has them.
START_COLUMNS = ("start_char", "cue_start_char", "speaker_start_char")
END_COLUMNS = ("end_char", "cue_end_char", "speaker_end_char")


def _bounds(quotes: pd.DataFrame) -> pd.DataFrame:
    """Per quote: its doc_id (text), position, and the first and last character of quote, cue and speaker."""
    starts = quotes[[c for c in START_COLUMNS if c in quotes]].min(axis=1)
    ends = quotes[[c for c in END_COLUMNS if c in quotes]].max(axis=1)
    return pd.DataFrame({"doc_id": quotes["doc_id"].astype(str), "row": range(len(quotes)), "lo": starts, "hi": ends})


def context_spans(quotes: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Columns `context_start`, `context_end` aligned with `quotes`: whole sentences around each quote.

    Where the sentences table has no sentence there (or is empty), the quote's own span is its context.
    """
    bounds = _bounds(quotes)
    spans = pd.DataFrame({"context_start": bounds["lo"], "context_end": bounds["hi"]}, index=quotes.index)
    if not len(sentences) or not len(quotes):
        return spans.astype("int64")
    sents = sentences[["doc_id", "start_char", "end_char"]].assign(doc_id=sentences["doc_id"].astype(str))
    first = pd.merge_asof(
        bounds.sort_values("lo"), sents.sort_values("start_char"), left_on="lo", right_on="start_char", by="doc_id"
    )
    last = pd.merge_asof(
        bounds.sort_values("hi"),
        sents.sort_values("end_char"),
        left_on="hi",
        right_on="end_char",
        by="doc_id",
        direction="forward",
    )
    start = first.set_index("row")["start_char"].sort_index().to_numpy()
    end = last.set_index("row")["end_char"].sort_index().to_numpy()
    spans["context_start"] = pd.Series(start, index=quotes.index).fillna(spans["context_start"]).astype("int64")
    spans["context_end"] = pd.Series(end, index=quotes.index).fillna(spans["context_end"]).astype("int64")
    return spans


def context_markup(text: str, quote: Mapping[str, Any]) -> Markup:
    """The quote's context (`text[context_start:context_end]`) as HTML: the quote marked by kind, its cue underlined."""
    start, end = int(quote["context_start"]), int(quote["context_end"])
    outer = [Mark(int(quote["start_char"]) - start, int(quote["end_char"]) - start, f"quote {quote['kind']}")]
    inner = [Mark(int(quote["cue_start_char"]) - start, int(quote["cue_end_char"]) - start, "cue")]
    return highlight(text[start:end], outer, inner)
