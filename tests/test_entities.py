"""Within-document entity resolution."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.entities import entity_clusters, entity_spans, name_words


@pytest.mark.parametrize(
    ("text", "words"),
    [("Shigeru Ishiba", ("shigeru", "ishiba")), ("Mr. Obama's", ("obama",)), ("the Nikkei", ("nikkei",))],
)
def test_name_words(text: str, words: tuple[str, ...]) -> None:
    assert name_words(text) == words


def test_surname_mentions_join_the_full_name(nlp: Language) -> None:
    doc = nlp(
        "Sheila Smith, a senior fellow, spoke to AFP on Monday.\n"
        "The summit could be less startling, Smith said.\n"
        "Smith also met Ishiba."
    )
    smiths = [e for e in doc.ents if "Smith" in e.text]
    assert len(smiths) == 3
    assert all(e.label_ == "PERSON" and e.kb_id_ == "Sheila Smith" for e in smiths)
    clusters = entity_clusters(doc.ents)
    smith_clusters = {clusters[i] for i, e in enumerate(doc.ents) if "Smith" in e.text}
    assert len(smith_clusters) == 1


def test_surname_goes_to_the_nearest_full_name_before_it(nlp: Language) -> None:
    doc = nlp("John Smith arrived first. Later Mary Smith came in. Smith said nothing.")
    last = [e for e in doc.ents if e.text == "Smith"][-1]
    assert last.kb_id_ == "Mary Smith"


def test_entities_never_cross_a_line_break(nlp: Language) -> None:
    doc = nlp("Japan PM Heads To US For Trump Summit\nTokyo officials said the meeting was useful.")
    assert all("\n" not in e.text for e in doc.ents)


def test_other_entities_are_canonical_without_article(nlp: Language) -> None:
    doc = nlp("He flew to the United States and then the United States again.")
    states = [e for e in doc.ents if "United States" in e.text]
    assert {e.kb_id_ for e in states} == {"United States"}
    clusters = entity_clusters(doc.ents)
    assert len({clusters[i] for i, e in enumerate(doc.ents) if "United States" in e.text}) == 1


def test_entity_spans_are_the_docs_entities(nlp: Language) -> None:
    doc = nlp(
        "Shigeru Ishiba met Donald Trump in Washington on Friday.\n"
        "Ishiba told the Nikkei the talks with the United States went well, Trump said."
    )
    expected = [(e.start, e.end, e.label_, e.kb_id_) for e in doc.ents]
    assert len(expected) >= 5
    assert [(e.start, e.end, e.label_, e.kb_id_) for e in entity_spans(doc)] == expected
    assert entity_spans(nlp.make_doc("")) == []
