"""Whole-doc facts from arrays agree with spaCy's own per-token properties."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.docarrays import hash_strings, sentences

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
