"""Articles longer than the model's max_length go in pieces, with offsets into the whole text."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline import Article, Settings, extract_tables
from pipeline.pieces import split_text

PARAGRAPH = '"We will not give up on this town," Mary Jones said on Monday. The council met again.\n'


@pytest.mark.parametrize("limit", [1, 7, 40, 100, 10_000])
def test_pieces_join_back_and_respect_the_limit(limit: int) -> None:
    text = PARAGRAPH * 5 + "no stop at all " * 20
    pieces = split_text(text, limit)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= limit for p in pieces)


def test_pieces_end_at_line_breaks_when_they_can() -> None:
    pieces = split_text(PARAGRAPH * 4, len(PARAGRAPH) + 10)
    assert pieces == [PARAGRAPH] * 4


def test_long_article_is_processed_in_pieces_not_rejected(nlp: Language) -> None:
    text = PARAGRAPH * 30
    saved = nlp.max_length
    nlp.max_length = 500
    try:
        tables = extract_tables([Article(doc_id="long", text=text, source="test")], Settings(progress=False), nlp=nlp)
    finally:
        nlp.max_length = saved
    assert tables["errors"].empty
    assert tables["documents"]["text"].item() == text
    quotes = tables["quotes"]
    assert len(quotes) == 30
    for row in quotes.itertuples():
        assert text[row.start_char : row.end_char] == row.text == "We will not give up on this town"
    tokens = tables["tokens"]
    assert (tokens.start_char.diff().dropna() > 0).all() and tokens.end_char.max() <= len(text)
