"""The `quote_attribution` spaCy component: finds quotes and sets `doc._.quotes`.

Its data are the cue lexicons (verbs of saying, with their verb classes) and its rules are
named in its config, so it is saved and loaded the spaCy way: `nlp.to_disk(path)` writes the
lexicons beside the config, and `spacy.load(path)` rebuilds the component from them (the
`spacy_factories` entry point finds this factory without importing `pipeline` first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.labels import QUOTE_ATTRIBUTION
from pipeline.quotes.attribution import quote_for_cue
from pipeline.quotes.clause import Clause, CueRule, DocRule
from pipeline.quotes.cues import CueFinder
from pipeline.quotes.docindex import index_doc
from pipeline.quotes.lexicon import DEFAULT_ATTITUDE_LEXICON, DEFAULT_LEXICON, Lexicon, entry_of, read_lexicon
from pipeline.quotes.quote import Quote
from pipeline.quotes.rules import DEFAULT_CUE_RULES, DEFAULT_DOC_RULES, rules_named

LEXICONS_FILE = "lexicons.json"

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


@Language.factory(
    QUOTE_ATTRIBUTION,
    default_config={
        "lexicon": None,
        "attitudes": False,
        "attitude_lexicon": None,
        "cue_rules": list(DEFAULT_CUE_RULES),
        "doc_rules": list(DEFAULT_DOC_RULES),
    },
    requires=["doc.ents", "token.dep", "token.lemma", "token.pos"],
    assigns=["doc._.quotes"],
)
def make_quote_attribution(
    nlp: Language,
    name: str,
    lexicon: str | None,
    attitudes: bool,
    attitude_lexicon: str | None,
    cue_rules: list[str],
    doc_rules: list[str],
) -> QuoteAttribution:
    """Factory: `lexicon` is a cue-verb file (None: the package's `cue_verbs.txt`); `attitudes`
    also attributes beliefs and stances by the verbs of `attitude_lexicon` (None: the package's
    `cue_attitudes.txt`); `cue_rules` and `doc_rules` name the rules in the order they run."""
    return QuoteAttribution(
        nlp.vocab,
        name,
        lexicon=lexicon,
        attitudes=attitudes,
        attitude_lexicon=attitude_lexicon,
        cue_rules=cue_rules,
        doc_rules=doc_rules,
    )


class QuoteAttribution(Pipe):
    """Rule-based quote attribution over the parse, entities and quotation marks.

    The lexicons are read when first needed, by `initialize()`, or from a saved pipeline by
    `from_disk()`: a loaded pipeline never depends on the files it was built from. In
    `nlp.pipe`, a doc it fails on goes to the error handler (`nlp.set_error_handler`) and, if
    the handler lets it, goes on with `doc._.quotes = None` ("not known"), its parse and entities
    intact: a re-run of the quote stage can fill it in later.
    """

    def __init__(
        self,
        vocab: Vocab,
        name: str = QUOTE_ATTRIBUTION,
        *,
        lexicon: str | Path | None = None,
        attitudes: bool = False,
        attitude_lexicon: str | Path | None = None,
        cue_rules: Sequence[str] = DEFAULT_CUE_RULES,
        doc_rules: Sequence[str] = DEFAULT_DOC_RULES,
    ) -> None:
        self.vocab = vocab
        self.name = name
        self.attitudes = attitudes
        self.lexicon_path = Path(lexicon) if lexicon else DEFAULT_LEXICON
        self.attitude_lexicon_path = Path(attitude_lexicon) if attitude_lexicon else DEFAULT_ATTITUDE_LEXICON
        self.cue_rules = rules_named(cue_rules, CueRule)
        self.doc_rules = rules_named(doc_rules, DocRule)
        self._lexicons: tuple[Lexicon, Lexicon] | None = None
        self._classes: dict[str, frozenset[str]] = {}
        self._find_cues: CueFinder | None = None

    # --- the data --------------------------------------------------------------------------

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        lexicon: str | None = None,
        attitude_lexicon: str | None = None,
    ) -> None:
        """Read the lexicons now (from these files, else the configured ones): a bad file fails
        when the pipeline is built, not at its first article."""
        speech = read_lexicon(lexicon or self.lexicon_path)
        attitude = read_lexicon(attitude_lexicon or self.attitude_lexicon_path) if self.attitudes else Lexicon()
        self.set_lexicons(speech, attitude)

    def set_lexicons(self, speech: Lexicon, attitude: Lexicon) -> None:
        self._lexicons = (speech, attitude)
        lemmas = speech.lemmas | attitude.lemmas
        self._classes = {lemma: speech.classes(lemma) | attitude.classes(lemma) for lemma in lemmas}
        self._find_cues = CueFinder(self.vocab, speech.lemmas, attitude.lemmas)

    @property
    def lexicons(self) -> tuple[Lexicon, Lexicon]:
        """The speech and the attitude lexicon (empty without attitudes)."""
        if self._lexicons is None:
            self.initialize()
        assert self._lexicons is not None
        return self._lexicons

    @property
    def lemmas(self) -> frozenset[str]:
        return self.lexicons[0].lemmas

    @property
    def attitude_lemmas(self) -> frozenset[str]:
        return self.lexicons[1].lemmas

    # --- the work --------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = self.find(doc)
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        handler = self.get_error_handler()
        for doc in stream:
            try:
                yield self(doc)
            except Exception as exc:
                handler(self.name, self, [doc], exc)
                doc._.quotes = None
                yield doc

    def find(self, doc: Doc, text: str | None = None) -> list[Quote]:
        """The quotes of a doc, without changing it; `text` is `doc.text` if the caller holds it."""
        if self._find_cues is None:
            self.initialize()
        assert self._find_cues is not None
        index = index_doc(doc, text)
        classes = self._classes
        quotes = []
        for cue in self._find_cues(doc):
            quote = quote_for_cue(Clause(cue, index, classes.get(entry_of(cue.root, classes), frozenset())), self.cue_rules)
            if quote is not None:
                quotes.append(quote)
        for rule in self.doc_rules:
            quotes = rule.apply(doc, index, quotes)
        return quotes

    # --- saving and loading ------------------------------------------------------------------

    def _data(self) -> dict[str, dict[str, list[str]]]:
        speech, attitude = self.lexicons
        return {"speech": speech.to_dict(), "attitude": attitude.to_dict()}

    def _load(self, data: dict[str, dict[str, list[str]]]) -> None:
        self.set_lexicons(Lexicon.from_dict(data["speech"]), Lexicon.from_dict(data["attitude"]))

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.json_dumps(self._data()).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> QuoteAttribution:
        self._load(srsly.json_loads(data))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / LEXICONS_FILE, self._data())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> QuoteAttribution:
        self._load(srsly.read_json(Path(path) / LEXICONS_FILE))
        return self
