"""Cue verbs: the lexicon file and the spaCy `Matcher` that finds cues in a doc."""

from __future__ import annotations

from pathlib import Path

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

#: The lexicon shipped with the project, in the top-level `models/` folder.
DEFAULT_LEXICON = Path(__file__).resolve().parents[2] / "models" / "cue_verbs.txt"
CUE_VERB = "CUE_VERB"
ACCORDING_TO = "ACCORDING_TO"


def load_lexicon(path: str | Path = DEFAULT_LEXICON) -> frozenset[str]:
    """Lemmas from a lexicon file: one per line, `#` starts a comment, blank lines ignored."""
    lemmas = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        lemma = line.split("#", 1)[0].strip().lower()
        if lemma:
            lemmas.add(lemma)
    if not lemmas:
        raise ValueError(f"cue-verb lexicon {path} holds no lemmas")
    return frozenset(lemmas)


def build_cue_matcher(vocab: Vocab, lemmas: frozenset[str]) -> Matcher:
    """A matcher for verbs of saying (by lemma) and the phrase 'according to'."""
    matcher = Matcher(vocab)
    matcher.add(CUE_VERB, [[{"LEMMA": {"IN": sorted(lemmas)}, "POS": "VERB"}]])
    matcher.add(ACCORDING_TO, [[{"LOWER": "according"}, {"LOWER": "to"}]])
    return matcher


def find_cues(doc: Doc, matcher: Matcher) -> list[Span]:
    """Cue spans in document order, each labelled CUE_VERB or ACCORDING_TO."""
    return sorted(matcher(doc, as_spans=True), key=lambda span: span.start)
