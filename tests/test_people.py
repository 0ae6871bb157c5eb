"""The corpus-level people table: one row per person across articles, ids stable across runs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
from spacy.language import Language

from pipeline import Article, Settings, extract, extract_tables, read_tables
from pipeline.names import person_id
from pipeline.people import people_table
from pipeline.tables import PEOPLE

QUIET = Settings(progress=False)


def entity_rows(rows: list[tuple[str, str, str, str]]) -> pa.Table:
    """(doc_id, canonical, gender, gender_evidence) per person mention."""
    return pa.table(
        {
            "doc_id": [r[0] for r in rows],
            "canonical": [r[1] for r in rows],
            "person_id": [person_id(r[1], r[0]) for r in rows],
            "gender": pa.array([r[2] for r in rows]).dictionary_encode(),
            "gender_evidence": [r[3] for r in rows],
        }
    )


def test_people_table_gathers_each_person_once() -> None:
    entities = entity_rows(
        [
            ("a1", "Joe Biden", "male", "text: he"),
            ("a1", "Joe Biden", "male", "text: he"),
            ("b2", "Joseph R. Biden Jr.", "male", "text: his x2"),
            ("a1", "Trump", "unknown", ""),
            ("b2", "Trump", "unknown", ""),
        ]
    )
    quotes = pa.table({"speaker_person_id": [person_id("Joe Biden", "a1"), None, person_id("Joseph R. Biden", "b2")]})
    documents = pa.table({"doc_id": ["a1", "b2"], "date": pa.array([date(2016, 9, 1), date(2016, 10, 3)], pa.date32())})
    people = people_table(entities, quotes, documents).to_pandas()
    assert len(people) == 3
    biden = people[people["name"] == "Joseph R. Biden Jr."].iloc[0]
    assert list(biden["variants"]) == ["Joe Biden", "Joseph R. Biden Jr."]
    assert (biden["n_documents"], biden["n_mentions"], biden["n_quotes"]) == (2, 3, 2)
    assert (biden["first_date"], biden["last_date"]) == (date(2016, 9, 1), date(2016, 10, 3))
    assert biden["gender"] == "male" and biden["gender_evidence"].startswith("text in 2 of 2 articles")
    trumps = people[people["name"] == "Trump"]
    assert len(trumps) == 2  # a surname alone never merges across articles


def test_the_text_outweighs_the_first_name_and_a_tie_is_unknown() -> None:
    entities = entity_rows(
        [
            ("a1", "Jordan Smith", "female", "text: she"),
            ("b2", "Jordan Smith", "male", "text: he"),
            ("a1", "Donald Trump", "male", "first name: Donald (0% female bearers, nomquamgender)"),
            ("a1", "Sheila Smith", "male", "text: he"),
            ("b2", "Sheila Smith", "female", "text: she"),
            ("c3", "Sheila Smith", "female", "text: her"),
        ]
    )
    documents = pa.table({"doc_id": ["a1", "b2", "c3"], "date": pa.array([None, None, None], pa.date32())})
    people = people_table(entities, pa.table({"speaker_person_id": pa.array([], pa.string())}), documents).to_pandas()
    by_name = people.set_index("name")
    assert by_name.loc["Jordan Smith", "gender"] == "unknown"
    assert by_name.loc["Donald Trump", "gender"] == "male"
    assert by_name.loc["Donald Trump", "gender_evidence"].startswith("first name: Donald")
    assert by_name.loc["Sheila Smith", "gender"] == "female"
    assert pd.isna(by_name.loc["Sheila Smith", "first_date"])


def test_extracted_people_link_entities_and_quotes(nlp: Language) -> None:
    articles = [
        Article(doc_id="a1", text="Joe Biden spoke in Ohio on Monday. He said the economy was strong.", source="t"),
        Article(doc_id="b2", text="Joseph R. Biden Jr. visited Iowa. Biden said the farms needed help.", source="t"),
    ]
    tables = extract_tables(articles, QUIET, nlp=nlp)
    people = tables["people"]
    assert list(people.columns) == PEOPLE.names
    [biden] = people[people["name"] == "Joseph R. Biden Jr."].itertuples()
    assert biden.n_documents == 2 and biden.n_quotes == 2 and biden.gender == "male"
    entities, quotes = tables["entities"], tables["quotes"]
    assert set(entities.loc[entities["person_id"] == biden.person_id, "doc_id"]) == {"a1", "b2"}
    assert (quotes["speaker_person_id"] == biden.person_id).sum() == 2


def test_person_ids_are_the_same_in_every_run(nlp: Language, tmp_path: Path, seed_path: Path) -> None:
    extract([seed_path], tmp_path / "one", QUIET, nlp=nlp)
    extract([seed_path], tmp_path / "two", Settings(progress=False, force=True), nlp=nlp)
    pd.testing.assert_frame_equal(read_tables(tmp_path / "one")["people"], read_tables(tmp_path / "two")["people"])
