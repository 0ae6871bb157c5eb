"""The corpus overview, `report.html`: counts, who is quoted (people, organisations and descriptions apart),
who gets quoted by gender, quote search and filters, the most mentioned entities and the article list.

It stays small at any scale: the search and the list read their data from `report/quotes-data.js`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment
from markupsafe import Markup

from pipeline.report.charts import bar_chart, share_chart, time_chart
from pipeline.report.frames import ReportFrames
from pipeline.report.layout import EXPORT_FILE, PAGES, PEOPLE_INDEX, REPORT, label_css
from pipeline.report.people import has_genders
from pipeline.report.search import DATA_FILE
from pipeline.report.speakers import DESCRIPTION, ORGANISATION, SPEAKER_TYPES
from pipeline.report.who import gender_shares, genders_present, person_quotes, share_rows
from pipeline.store import write_text_atomic

TOP_SPEAKERS = 15
TOP_OTHER_SPEAKERS = 10
TOP_ENTITIES = 10
TOP_OUTLETS = 15
#: Months shown in the monthly gender chart (the most recent); the table lists every month.
MAX_MONTH_BARS = 36
MAIN_LABELS = ("PERSON", "ORG", "GPE", "NORP")


def _counts(series: pd.Series, n: int) -> tuple[list[str], list[int]]:
    counts = series.value_counts().head(n)
    return [str(label) for label in counts.index], [int(value) for value in counts.to_numpy()]


def _top_names(names: pd.Series, n: int) -> tuple[list[str], list[int]]:
    """The `n` most frequent names whatever their case ("Police", "police"), each in its most used form."""
    folded = names.str.lower()
    labels, counts = _counts(folded, n)
    forms = [names[folded == label].value_counts().index[0] for label in labels]
    return [str(form) for form in forms], counts


def speaker_charts(frames: ReportFrames) -> list[Markup]:
    """Most quoted people (linked to their pages), organisations and unnamed descriptions, each apart."""
    charts = []
    top = frames.people.head(TOP_SPEAKERS)
    if len(top):
        urls = [f"{PAGES}/{page}" for page in top["page"]]
        charts.append(bar_chart(top["name"].tolist(), top["n_quotes"].tolist(), "Most quoted people", urls=urls))
    quotes = frames.quotes
    for kind, title in ((ORGANISATION, "Most quoted organisations"), (DESCRIPTION, "Most quoted unnamed descriptions")):
        labels, values = _top_names(quotes.loc[quotes["type"] == kind, "name"], TOP_OTHER_SPEAKERS)
        if labels:
            charts.append(bar_chart(labels, values, title))
    return charts


def overview_charts(frames: ReportFrames) -> list[Markup]:
    """Speakers by type (people, organisations, descriptions apart), quote kinds, and quotes over time."""
    quotes = frames.quotes
    charts = speaker_charts(frames)
    if len(quotes):
        types = quotes["type"].value_counts().reindex(list(SPEAKER_TYPES), fill_value=0)
        charts.append(bar_chart([SPEAKER_TYPES[t] for t in types.index], types.tolist(), "Quotes by speaker type"))
        charts.append(bar_chart(*_counts(quotes["kind"].astype(str), len(quotes)), "Quotes by kind"))
        over_time = time_chart(quotes["month"], "Quotes per month")
        if over_time is not None:
            charts.append(over_time)
    return charts


def dates_note(frames: ReportFrames) -> str:
    """A sentence for the time chart that is not drawn: no dates, or every dated quote in one month."""
    months = frames.quotes.loc[frames.quotes["month"] != "", "month"].unique()
    if len(frames.quotes) and not len(months):
        return "The articles have no dates, so there is no chart over time."
    if len(months) == 1:
        return f"Every dated quote is from {months[0]}: one month shows no trend, so there is no chart over time."
    return ""


def _share_chart(table: pd.DataFrame, genders: list[str], title: str) -> Markup:
    """One bar per group of a `gender_shares` table: its share of quotes by gender, its count in the label."""
    labels = [f"{group} ({int(n):,})" for group, n in zip(table.index, table["quotes"], strict=True)]
    return share_chart(labels, {g: table[f"quotes_{g}"].tolist() for g in genders}, title)


def _overall_chart(overall: pd.Series, genders: list[str]) -> Markup:
    """Two bars: the share of quotes and the share of people quoted, by gender."""
    labels = [f"quotes ({int(overall['quotes']):,})", f"people quoted ({int(overall['sources']):,})"]
    shares = {g: [overall[f"quotes_{g}"], overall[f"sources_{g}"]] for g in genders}
    return share_chart(labels, shares, "Share of quotes and of people quoted, by gender")


def who_section(frames: ReportFrames, people: pd.DataFrame) -> dict[str, Any] | None:
    """Shares of quotes and of people quoted by gender, overall, per outlet and per month; None without genders."""
    if not has_genders(people) or frames.people.empty:
        return None
    quoted = person_quotes(frames.quotes, frames.people)
    genders = genders_present(quoted["gender"])
    charts = [_overall_chart(gender_shares(quoted, None).iloc[0], genders)]
    outlets, months = gender_shares(quoted, "outlet"), gender_shares(quoted, "month")
    if len(outlets) > 1:
        charts.append(_share_chart(outlets.head(TOP_OUTLETS), genders, "Share of quotes by gender, per outlet"))
    if len(months) > 1:
        charts.append(_share_chart(months.tail(MAX_MONTH_BARS), genders, "Share of quotes by gender, per month"))
    return {"charts": charts, "rows": share_rows(quoted), "genders": genders}


def top_entities(entities: pd.DataFrame) -> dict[str, list[tuple[str, int]]]:
    """The most mentioned canonical names of each main label."""
    table = {}
    labels = entities["label"].astype(str)
    for label in MAIN_LABELS:
        names, counts = _counts(entities.loc[labels == label, "canonical"].astype(str), TOP_ENTITIES)
        if names:
            table[label] = list(zip(names, counts, strict=True))
    return table


def _outlets(frames: ReportFrames) -> list[str]:
    return sorted(set(frames.articles["outlet"]) - {""})


def write_overview(
    env: Environment, out: Path, frames: ReportFrames, tables: dict[str, pd.DataFrame], export_problem: str = ""
) -> Path:
    """report.html: counts, charts, who gets quoted, quote search and filters, entities, the article list."""
    entities, people = tables["entities"], tables["people"]
    quotes = frames.quotes
    named = (quotes["type"] != DESCRIPTION).mean() if len(quotes) else 0.0
    html = env.get_template("overview.html").render(
        counts={
            "documents": len(frames.articles),
            "entities": len(entities),
            "quotes": len(quotes),
            "people": len(frames.people),
        },
        named_share=named,
        charts=overview_charts(frames),
        dates_note=dates_note(frames),
        who=who_section(frames, people),
        top_entities=top_entities(entities),
        outlets=_outlets(frames),
        kinds=sorted(set(quotes["kind"].astype(str))),
        speaker_types=SPEAKER_TYPES,
        pages=PAGES,
        data_file=f"{PAGES}/{DATA_FILE}",
        export_file=f"{PAGES}/{EXPORT_FILE}",
        export_problem=export_problem,
        people_index=f"{PAGES}/{PEOPLE_INDEX}",
        label_css=label_css(),
    )
    path = out / REPORT
    write_text_atomic(path, html)
    return path
