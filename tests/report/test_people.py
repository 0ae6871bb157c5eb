"""Person page data: who is quoted, under which key and page name, each quote with its context."""

from __future__ import annotations

import html
import re
from typing import Any

import pandas as pd
import pytest

from pipeline.report.context import context_markup
from pipeline.report.frames import ReportFrames, report_frames
from pipeline.report.people import NAME_KEY, person_page_name
from pipeline.report.person_pages import person_quote_items
from pipeline.report.search import data_script, script_json
from pipeline.report.who import gender_shares, person_quotes

HOSTILE = "<img src=x onerror=alert(1)>"


def _frames(tables: dict[str, pd.DataFrame], people: pd.DataFrame | None = None) -> ReportFrames:
    people = tables["people"] if people is None else people
    return report_frames(tables["documents"], tables["quotes"], tables["sentences"], people)


def _smith(seed_golden: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in seed_golden["quotes"] if q["speaker_canonical"] == "Sheila Smith"]


def test_people_quoted_come_from_the_people_table(seed_tables: dict[str, pd.DataFrame], seed_golden: dict[str, Any]) -> None:
    people = _frames(seed_tables).people
    expected = {p["name"]: p for p in seed_golden["people"] if p["n_quotes"]}
    assert people["name"].tolist() == sorted(expected, key=lambda name: -expected[name]["n_quotes"])
    smith = people[people["name"] == "Sheila Smith"].iloc[0]
    assert smith["n_quotes"] == len(_smith(seed_golden)) and smith["n_articles"] == 1
    assert smith["gender"] == "female" and smith["gender_evidence"].startswith("text")
    assert smith.name == seed_tables["people"].set_index("name").loc["Sheila Smith", "person_id"]
    assert smith["page"] == person_page_name(smith.name)


def test_without_a_people_table_people_come_from_resolved_names(seed_tables: dict[str, pd.DataFrame]) -> None:
    empty = seed_tables["people"].iloc[0:0]
    tables = seed_tables | {"quotes": seed_tables["quotes"].assign(speaker_person_id=None)}
    people = _frames(tables, empty).people
    assert people.index.tolist() == [NAME_KEY + "Sheila Smith", NAME_KEY + "Shigeru Ishiba"]
    assert people["gender"].isna().all() and people["n_quotes"].tolist() == [3, 1]


def test_person_page_names_are_hashes_never_the_name() -> None:
    name = person_page_name(NAME_KEY + f"../../{HOSTILE}")
    assert name.startswith("person-") and name.endswith(".html") and name[7:-5].isalnum() and len(name) == 28
    assert person_page_name("P1") != person_page_name("P2")


def test_each_quote_comes_with_its_sentence_and_a_link_to_its_place(
    seed_tables: dict[str, pd.DataFrame], seed_golden: dict[str, Any]
) -> None:
    frames = _frames(seed_tables)
    items = person_quote_items(frames, seed_tables["documents"]["text"].tolist())
    smith = items[frames.people.index[0]]
    assert [q["kind"] for q in smith] == [q["kind"] for q in _smith(seed_golden)]
    sentences = seed_tables["sentences"]["text"].tolist()
    for item, golden in zip(smith, _smith(seed_golden), strict=True):
        assert golden["text_start"] in item["text"] and item["href"] == f"article-000001.html#q-{item['quote_id']}"
        context = html.unescape(re.sub(r"<[^>]+>", "", str(item["context"])))
        assert any(sentence in context for sentence in sentences) and golden["text_start"] in context
    assert '<mark class="quote mixed">Since Japan' in str(smith[0]["context"])  # the quote marked inside its sentence


def test_context_spans_whole_sentences(seed_tables: dict[str, pd.DataFrame]) -> None:
    quotes = _frames(seed_tables).quotes
    starts, ends = set(seed_tables["sentences"]["start_char"]), set(seed_tables["sentences"]["end_char"])
    assert quotes["context_start"].isin(starts).all() and quotes["context_end"].isin(ends).all()
    assert (quotes["context_start"] <= quotes["start_char"]).all() and (quotes["context_end"] >= quotes["end_char"]).all()


def test_context_markup_escapes_the_text() -> None:
    quote = {
        "context_start": 0,
        "context_end": 30,
        "start_char": 1,
        "end_char": 12,
        "kind": "direct",
        "cue_start_char": 0,
        "cue_end_char": 0,
    }
    html = str(context_markup(f'"{HOSTILE}" she said.', quote))
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html.replace("</mark>", "")


def test_search_data_is_escaped_json(seed_tables: dict[str, pd.DataFrame]) -> None:
    assert (
        script_json([HOSTILE, "</script>", "\u2028é"])
        == '["\\u003cimg src=x onerror=alert(1)\\u003e","\\u003c/script\\u003e","\\u2028\\u00e9"]'
    )
    frames = _frames(seed_tables)
    script = data_script(frames.articles, frames.quotes, frames.people)
    assert script.startswith("window.REPORT_DATA = {") and "<" not in script and script.count("q-") == len(frames.quotes)


def test_gender_shares_count_quotes_and_distinct_sources() -> None:
    quotes = pd.DataFrame(
        {
            "key": ["a", "a", "a", "b", None],
            "outlet": ["X", "X", "Y", "Y", "Y"],
            "month": ["2025-01", "2025-01", "2025-02", "", ""],
        }
    )
    people = pd.DataFrame({"gender": ["female", "male"]}, index=["a", "b"])
    quoted = person_quotes(quotes, people)
    overall = gender_shares(quoted, None).loc["all"]
    assert overall["quotes"] == 4 and overall["quotes_female"] == pytest.approx(0.75)
    assert overall["sources"] == 2 and overall["sources_female"] == pytest.approx(0.5) and overall["sources_unknown"] == 0
    by_outlet = gender_shares(quoted, "outlet")
    assert by_outlet.loc["Y", "quotes_male"] == pytest.approx(0.5) and by_outlet.loc["X", "sources"] == 1
    assert gender_shares(quoted, "month").index.tolist() == ["2025-01", "2025-02"]  # undated quotes have no month


def test_a_person_the_people_table_lacks_has_unknown_gender() -> None:
    quotes = pd.DataFrame({"key": ["x"], "outlet": [""], "month": ["2025-01"]})
    quoted = person_quotes(quotes, pd.DataFrame({"gender": []}, dtype=object))
    assert quoted["gender"].tolist() == ["unknown"] and quoted["outlet"].tolist() == ["(no outlet)"]
