"""Tables: declared schemas, offsets that slice the text, and a property test over any text."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from pipeline.articles import Article
from pipeline.tables import SCHEMAS, doc_tables

SPANNED = {
    "tokens": ("start_char", "end_char", "text"),
    "sentences": ("start_char", "end_char", "text"),
    "entities": ("start_char", "end_char", "text"),
    "quotes": ("start_char", "end_char", "text"),
}


def tables_for(nlp: Language, text: str) -> tuple[str, dict[str, pa.RecordBatch]]:
    doc = nlp(text)
    return doc.text, doc_tables(Article(doc_id="t", text=text, source="test"), doc)


def assert_offsets_slice(text: str, tables: dict[str, pa.RecordBatch]) -> None:
    for name, (start, end, column) in SPANNED.items():
        frame = tables[name].to_pandas()
        for row in frame.itertuples():
            assert text[getattr(row, start) : getattr(row, end)] == getattr(row, column), name
    quotes = tables["quotes"].to_pandas()
    for row in quotes.itertuples():
        assert text[row.cue_start_char : row.cue_end_char] == row.cue
        if not pd.isna(row.speaker_start_char):
            assert text[int(row.speaker_start_char) : int(row.speaker_end_char)] == row.speaker


def test_every_table_matches_its_declared_schema(nlp: Language) -> None:
    _, tables = tables_for(nlp, '"We will win," Mary Jones said on Monday. Jones added that she was confident.')
    assert set(tables) == {"documents", "tokens", "sentences", "entities", "quotes"}  # one article's tables
    for name, batch in tables.items():
        assert batch.schema.equals(SCHEMAS[name]), name


def test_token_columns(nlp: Language) -> None:
    _text, tables = tables_for(nlp, "Mary Jones said it. Then she left Paris.")
    tokens = tables["tokens"].to_pandas()
    assert tokens["token_id"].tolist() == list(range(len(tokens)))
    assert tokens["sent_id"].tolist() == [0] * 5 + [1] * 5
    said = tokens[tokens.text == "said"].iloc[0]
    assert (said.lemma, said.pos, said.dep) == ("say", "VERB", "ROOT")
    assert tokens.loc[tokens.text == "Mary", "head_id"].item() == tokens.loc[tokens.text == "Jones", "token_id"].item()
    assert tokens.loc[tokens.text == "Paris", "ent_type"].item() == "GPE"
    assert tokens.loc[tokens.text == "Paris", "ent_iob"].item() == "B"
    assert tokens["whitespace"].tolist()[:2] == [True, True]
    assert isinstance(tokens["pos"].dtype, pd.CategoricalDtype)


def test_offsets_slice_the_document_text(nlp: Language) -> None:
    text, tables = tables_for(
        nlp, '"It would be wonderful," Ishiba told reporters.\nSheila Smith said the deal\u2019s terms were "fair".'
    )
    quotes = tables["quotes"].to_pandas()
    assert quotes[["speaker", "cue"]].values.tolist() == [["Ishiba", "told"], ["Sheila Smith", "said"]]  # rows to slice
    assert {"Ishiba", "Sheila Smith"} <= set(tables["entities"].to_pandas()["text"])
    assert_offsets_slice(text, tables)


def test_quote_speaker_entity_row_holds_the_canonical_name(nlp: Language) -> None:
    _, tables = tables_for(nlp, "Sheila Smith spoke to AFP.\nThe deal is good, she said.")
    quotes, entities = tables["quotes"].to_pandas(), tables["entities"].to_pandas()
    [quote] = quotes.itertuples()
    entity = entities.set_index("entity_id").loc[int(quote.speaker_entity_id)]
    assert entity.canonical == quote.speaker_canonical == "Sheila Smith"


#: Pieces of news-like text: quote marks of every kind, newlines, accents, emoji, RTL, a control char.
PIECES = [
    *"abc XYZ.,;:-'\"\n\t\x07",
    *"\u201c\u201d\u2018\u2019\u00ab\u00bb\u00e9\u05d0\U0001f600",
    "said",
    " she ",
    "Smith",
    "according to",
]
NEWSY = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=NEWSY)
def test_any_text_gives_tables_whose_offsets_slice_it(nlp: Language, text: str) -> None:
    doc_text, tables = tables_for(nlp, text)
    assert doc_text == text
    assert_offsets_slice(text, tables)
    for row in tables["quotes"].to_pandas().itertuples():
        assert 0 <= row.start_char < row.end_char <= len(text)
