"""The `quote_attribution` spaCy component: finds quotes and sets `doc._.quotes`."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.quotes.attribution import drop_nested, quote_for_cue
from pipeline.quotes.cues import DEFAULT_ATTITUDE_LEXICON, DEFAULT_LEXICON, CueFinder, load_lexicon
from pipeline.quotes.docindex import index_doc
from pipeline.quotes.following import following_quotes
from pipeline.quotes.introduced import introduced_quotes
from pipeline.quotes.quote import Quote

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


@Language.factory(
    "quote_attribution",
    default_config={"lexicon": None, "attitudes": False, "attitude_lexicon": None},
    requires=["doc.ents", "token.dep", "token.lemma", "token.pos"],
    assigns=["doc._.quotes"],
)
def make_quote_attribution(
    nlp: Language, name: str, lexicon: str | None, attitudes: bool, attitude_lexicon: str | None
) -> QuoteAttribution:
    """Factory: `lexicon` is a cue-verb file (None: `models/cue_verbs.txt`); `attitudes` also
    attributes beliefs and stances by the verbs of `attitude_lexicon` (None: `models/cue_attitudes.txt`)."""
    return QuoteAttribution(
        nlp,
        lexicon=Path(lexicon) if lexicon else DEFAULT_LEXICON,
        attitude_lexicon=(Path(attitude_lexicon) if attitude_lexicon else DEFAULT_ATTITUDE_LEXICON) if attitudes else None,
    )


class QuoteAttribution:
    """Rule-based quote attribution over the parse, entities and quotation marks."""

    def __init__(self, nlp: Language, lexicon: Path = DEFAULT_LEXICON, attitude_lexicon: Path | None = None) -> None:
        self.lemmas = load_lexicon(lexicon)
        self.attitude_lemmas = load_lexicon(attitude_lexicon) if attitude_lexicon else frozenset()
        self.find_cues = CueFinder(nlp.vocab, self.lemmas, self.attitude_lemmas)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def find(self, doc: Doc, text: str | None = None) -> list[Quote]:
        """The quotes of a doc, without changing it; `text` is `doc.text` if the caller holds it."""
        index = index_doc(doc, text)
        found = [q for q in (quote_for_cue(cue, index) for cue in self.find_cues(doc)) if q is not None]
        return following_quotes(doc, index, introduced_quotes(doc, index, drop_nested(found)))

    @staticmethod
    def set_annotations(doc: Doc, quotes: list[Quote]) -> None:
        doc._.quotes = quotes
