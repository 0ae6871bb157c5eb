"""One page per article: its metadata, its text with quotes, entities and cues marked, the table of its quotes.

Each quote's mark carries the anchor `q-<quote_id>` that person pages and search results link to;
a quote whose mark gives way to an overlapping longer one puts the anchor on its table row instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment
from markupsafe import Markup

from pipeline.report.frames import QUOTE_COLUMNS, ReportFrames
from pipeline.report.layout import REPORT, grouped, label_css, quote_anchor, records
from pipeline.report.markup import Mark, highlight, non_overlapping
from pipeline.report.speakers import SPEAKER_TYPES
from pipeline.report.titles import text_value
from pipeline.store import write_text_atomic

ENTITY_COLUMNS = ["doc_id", "start_char", "end_char", "label", "canonical"]
DOCUMENT_COLUMNS = ("doc_id", "source", "published", "author", "dateline", "agency", "publisher")


def _quote_mark(q: dict[str, Any]) -> Mark:
    return Mark(
        int(q["start_char"]),
        int(q["end_char"]),
        f"quote {q['kind']}",
        label=q["name"],
        title=f"{q['name']}, {q['cue']} ({q['kind']})",
        attrs=(("id", quote_anchor(q["quote_id"])), ("data-speaker", q["name"])),
    )


def article_marks(text: str, entities: list[dict[str, Any]], quotes: list[dict[str, Any]]) -> tuple[Markup, set[int]]:
    """The article's text with quotes (and their speakers), entities and cues marked; and the quote_ids marked.

    A quote overlapping a longer one is not marked in the text: its row in the quotes table takes its anchor.
    """
    outer = [_quote_mark(q) for q in quotes]
    inner = [
        Mark(
            int(e["start_char"]),
            int(e["end_char"]),
            f"ent ent-{e['label']}",
            label=str(e["label"]),
            title=text_value(e["canonical"]),
        )
        for e in entities
    ]
    inner += [Mark(int(q["cue_start_char"]), int(q["cue_end_char"]), "cue", title=f"cue of a {q['kind']} quote") for q in quotes]
    kept = set(non_overlapping(outer))
    marked = {int(q["quote_id"]) for q, mark in zip(quotes, outer, strict=True) if mark in kept}
    return highlight(text, outer, inner), marked


def write_article_pages(
    env: Environment, pages: Path, frames: ReportFrames, documents: pd.DataFrame, entities: pd.DataFrame
) -> None:
    """One page per article: metadata, the marked text (each quote with its anchor), the table of its quotes."""
    template = env.get_template("article.html")
    doc_columns = [c for c in DOCUMENT_COLUMNS if c in documents]
    docs = records(documents, doc_columns)
    number_of = {doc_id: n for n, doc_id in enumerate(frames.articles["doc_id"])}
    by_doc_entities = grouped((e | {"doc": number_of.get(str(e["doc_id"]))} for e in records(entities, ENTITY_COLUMNS)), "doc")
    by_doc_quotes = grouped(records(frames.quotes, QUOTE_COLUMNS), "article")
    person_pages, css = frames.people["page"].to_dict(), label_css()
    for number, (doc, article, text) in enumerate(
        zip(
            docs,
            records(frames.articles, ["title", "date", "page", "n_entities", "n_quotes"]),
            documents["text"].tolist(),
            strict=True,
        )
    ):
        quotes = by_doc_quotes.get(number, [])
        marked_text, marked = article_marks(text_value(text), by_doc_entities.get(number, []), quotes)
        html = template.render(
            doc=doc,
            article=article,
            value=text_value,
            text=marked_text,
            quotes=quotes,
            marked=marked,
            anchor=quote_anchor,
            person_pages=person_pages,
            speaker_types=SPEAKER_TYPES,
            label_css=css,
            overview=f"../{REPORT}",
        )
        write_text_atomic(pages / article["page"], html)
