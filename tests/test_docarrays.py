"""Whole-doc facts from arrays agree with spaCy's own per-token properties."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.docarrays import hash_strings, parse_arrays, sentences

TEXTS = [
    "",
    "Plain words.",
    "  Leading spaces, \u201ccurly quotes\u201d and a tab\tand\n\nparagraphs.  ",
    "Japan PM Heads To US\nTOKYO: Ishiba said, 'We will talk.' Then he left. Smith agreed!",
]


@pytest.mark.parametrize("text", TEXTS)
def test_sentences_follow_doc_sents(nlp: Language, text: str) -> None:
    doc = nlp(text)
    sent_of, bounds = sentences(doc)
    assert bounds == [(s.start, s.end) for s in doc.sents]
    assert sent_of.tolist() == [n for n, s in enumerate(doc.sents) for _ in s]


def test_hash_strings_decodes_every_hash(nlp: Language) -> None:
    doc = nlp("the cat saw the other cat")
    inverse, strings = hash_strings(doc.to_array("ORTH"), doc.vocab.strings)
    assert [strings[i] for i in inverse] == [t.text for t in doc]
    assert len(strings) == 4


def test_parse_arrays_are_the_tokens_parse(nlp: Language) -> None:
    doc = nlp("Donald Trump praised him later. He said it, and the senators agreed.")
    parse = parse_arrays(doc)
    assert len(parse) == len(doc)
    for token in doc:
        i = token.i
        assert (parse.dep(i), parse.head(i), parse.pos(i), parse.tag(i), parse.lower(i)) == (
            token.dep_,
            token.head.i,
            token.pos_,
            token.tag_,
            token.lower_,
        )
        assert parse.children(i) == [c.i for c in token.children]
    assert parse.matching(parse.lower_hashes, frozenset({"he", "him"})) == [t.i for t in doc if t.lower_ in ("he", "him")]
