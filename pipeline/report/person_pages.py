"""One page per person quoted, and the people index.

A person page gives the name, the gender estimate with its evidence, the counts, and every quote
in date order with its outlet, kind, the sentences around it and a link to its place in the article.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from jinja2 import Environment

from pipeline.report.context import context_markup
from pipeline.report.frames import QUOTE_COLUMNS, ReportFrames
from pipeline.report.layout import PEOPLE_INDEX, REPORT, quote_anchor, records
from pipeline.report.titles import text_value
from pipeline.store import write_text_atomic

INDEX_COLUMNS = ["page", "name", "gender", "n_quotes", "n_articles", "first_quoted", "last_quoted"]


def person_quote_items(frames: ReportFrames, texts: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Per person key, their quotes in date order (undated last), each with its context and link into its article."""
    quoted = frames.quotes[frames.quotes["key"].notna()]
    ordered = quoted.assign(undated=quoted["date"] == "").sort_values(["undated", "date", "article", "start_char"], kind="stable")
    titles, article_pages = frames.articles["title"].tolist(), frames.articles["page"].tolist()
    items: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in records(ordered, QUOTE_COLUMNS):
        n = q["article"]
        href = f"{article_pages[n]}#{quote_anchor(q['quote_id'])}"
        items[q["key"]].append(q | {"title": titles[n], "href": href, "context": context_markup(texts[n], q)})
    return items


def write_person_pages(env: Environment, pages: Path, frames: ReportFrames, texts: list[str]) -> None:
    """One page per person quoted: name, gender estimate and evidence, counts, and every quote in context."""
    template = env.get_template("person.html")
    items = person_quote_items(frames, texts)
    people = frames.people
    for key, person in zip(people.index, records(people, list(people.columns)), strict=True):
        html = template.render(person=person, quotes=items[key], value=text_value, overview=f"../{REPORT}", index=PEOPLE_INDEX)
        write_text_atomic(pages / person["page"], html)


def write_people_index(env: Environment, pages: Path, frames: ReportFrames) -> None:
    """The people quoted, sortable by quotes, articles and name in the browser."""
    people = records(frames.people, INDEX_COLUMNS)
    html = env.get_template("people.html").render(people=people, value=text_value, overview=f"../{REPORT}")
    write_text_atomic(pages / PEOPLE_INDEX, html)
