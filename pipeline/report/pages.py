"""Building the report: `report.html` (corpus overview, searchable article list) and one page
per article under `report/`, all self-contained (styles, scripts and charts inline)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from spacy.displacy.render import DEFAULT_LABEL_COLORS

from pipeline.report.charts import bar_chart, line_chart
from pipeline.report.markup import Mark, highlight
from pipeline.store import read_table, write_text_atomic

REPORT = "report.html"
PAGES = "report"
TOP_SPEAKERS = 15
TOP_ENTITIES = 10
MAIN_LABELS = ("PERSON", "ORG", "GPE", "NORP")


def _environment() -> Environment:
    return Environment(loader=PackageLoader("pipeline.report"), autoescape=select_autoescape(["html"]))


def page_name(number: int) -> str:
    """An article page's file name, from its position: never from a doc_id."""
    return f"article-{number + 1:06d}.html"


def _value(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def article_marks(text: str, entities: pd.DataFrame, quotes: pd.DataFrame) -> Markup:
    """The article's text with quotes (and their speakers), entities and cues marked."""
    outer = [
        Mark(
            int(q.start_char),
            int(q.end_char),
            f"quote {q.kind}",
            label=_value(q.speaker_canonical) or _value(q.speaker) or "?",
            title=f"{_value(q.speaker_canonical) or 'unknown'}, {q.cue} ({q.kind})",
            attrs=(("data-speaker", _value(q.speaker_canonical)),),
        )
        for q in quotes.itertuples()
    ]
    inner = [
        Mark(int(e.start_char), int(e.end_char), f"ent ent-{e.label}", label=str(e.label), title=_value(e.canonical))
        for e in entities.itertuples()
    ]
    inner += [
        Mark(int(q.cue_start_char), int(q.cue_end_char), "cue", title=f"cue of a {q.kind} quote") for q in quotes.itertuples()
    ]
    return highlight(text, outer, inner)


def _label_css() -> Markup:
    rules = [f"mark.ent-{label} {{ background: {color}; }}" for label, color in DEFAULT_LABEL_COLORS.items()]
    return Markup("\n".join(rules))


def overview_charts(documents: pd.DataFrame, entities: pd.DataFrame, quotes: pd.DataFrame) -> list[Markup]:
    """Most quoted speakers, quote kinds, and quotes over time (when dates exist)."""
    charts = []
    speakers = quotes["speaker_canonical"].dropna().astype(str).value_counts().head(TOP_SPEAKERS)
    if len(speakers):
        charts.append(bar_chart(list(speakers.index), list(speakers.values), "Most quoted speakers"))
    kinds = quotes["kind"].astype(str).value_counts()
    if len(kinds):
        charts.append(bar_chart(list(kinds.index), list(kinds.values), "Quotes by kind"))
    dated = documents[["doc_id", "date"]].dropna()
    if len(dated) and len(quotes):
        months = pd.to_datetime(dated.set_index("doc_id")["date"]).dt.strftime("%Y-%m")
        per_month = quotes["doc_id"].astype(str).map(months).dropna().value_counts().sort_index()
        if len(per_month):
            charts.append(line_chart(list(per_month.index), list(per_month.values), "Quotes per month"))
    return charts


def top_entities(entities: pd.DataFrame) -> dict[str, list[tuple[str, int]]]:
    """The most mentioned canonical names of each main label."""
    table = {}
    for label in MAIN_LABELS:
        names = entities.loc[entities["label"].astype(str) == label, "canonical"].astype(str).value_counts().head(TOP_ENTITIES)
        if len(names):
            table[label] = list(zip(names.index, names.values.tolist(), strict=True))
    return table


def _article_rows(documents: pd.DataFrame) -> Markup:
    """The searchable list's data, as JSON safe to inline in a script element."""
    rows = [
        {
            "page": f"{PAGES}/{page_name(number)}",
            "id": str(d.doc_id),
            "title": _value(d.title) or _value(d.text)[:80],
            "date": _value(d.date),
            "quotes": int(d.n_quotes),
            "entities": int(d.n_entities),
        }
        for number, d in enumerate(documents.itertuples())
    ]
    return Markup(json.dumps(rows).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def build_report(out_dir: str | Path) -> Path:
    """Write `report.html` and the article pages for the tables in `out_dir`; return the overview's path."""
    out = Path(out_dir)
    documents, entities, quotes = (read_table(out, name) for name in ("documents", "entities", "quotes"))
    env = _environment()
    pages = out / PAGES
    pages.mkdir(exist_ok=True)
    by_doc_entities = dict(tuple(entities.groupby("doc_id", observed=True))) if len(entities) else {}
    by_doc_quotes = dict(tuple(quotes.groupby("doc_id", observed=True))) if len(quotes) else {}
    article = env.get_template("article.html")
    for number, doc in enumerate(documents.itertuples()):
        doc_quotes = by_doc_quotes.get(doc.doc_id, quotes.iloc[0:0])
        html = article.render(
            doc=doc,
            value=_value,
            text=article_marks(doc.text, by_doc_entities.get(doc.doc_id, entities.iloc[0:0]), doc_quotes),
            quotes=list(doc_quotes.itertuples()),
            label_css=_label_css(),
            overview=f"../{REPORT}",
        )
        write_text_atomic(pages / page_name(number), html)
    resolved = quotes["speaker_entity_id"].notna().mean() if len(quotes) else 0.0
    overview = env.get_template("overview.html").render(
        counts={"documents": len(documents), "entities": len(entities), "quotes": len(quotes)},
        resolved_share=resolved,
        charts=overview_charts(documents, entities, quotes),
        top_entities=top_entities(entities),
        rows=_article_rows(documents),
        label_css=_label_css(),
    )
    path = out / REPORT
    write_text_atomic(path, overview)
    return path
