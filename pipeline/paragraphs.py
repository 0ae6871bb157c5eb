"""The `paragraph_sentences` component: a line break always ends a sentence, and the full stop
of a title before a name never does."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from pipeline.labels import PARAGRAPH_SENTENCES
from pipeline.names import title_words

PROPER_NOUN_TAG = "NNP"


@Language.component(PARAGRAPH_SENTENCES)
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and paragraphs never merge; never
    after the full stop of a title abbreviation the tokenizer splits off ('Staff-Insp. Gary Ellis
    said': spaCy keeps 'Gov.' whole but not 'Insp.', 'Sgt.' or 'Capt.', and the parser took that
    full stop for a sentence end, leaving the quote before it without its speaker); 'promoted to
    Sgt. Then he left' still ends there.

    News text puts one paragraph per line; the parser respects boundaries set before it.
    """
    abbreviations = title_words()
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
        elif token.text == "." and token.i and _title_abbreviation(doc[token.i - 1], abbreviations) and _a_name(doc[token.i + 1]):
            doc[token.i + 1].is_sent_start = False
    return doc


def _title_abbreviation(token: Token, abbreviations: dict[str, tuple[str, ...]]) -> bool:
    """'Insp' right before its full stop: an abbreviation of the title list, not a full word ('Mayor')."""
    word = token.lower_
    return not token.whitespace_ and token.is_title and word in abbreviations and word not in abbreviations[word]


def _a_name(token: Token) -> bool:
    """A capitalised proper noun as the tagger (which runs before this) sees it: 'Gary', not 'Then'."""
    return token.is_title and token.tag_ == PROPER_NOUN_TAG
