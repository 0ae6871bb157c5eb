"""The `paragraph_sentences` component: a line break always ends a sentence."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.labels import PARAGRAPH_SENTENCES


@Language.component(PARAGRAPH_SENTENCES)
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and paragraphs never merge.

    News text puts one paragraph per line; the parser respects boundaries set before it.
    """
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc
