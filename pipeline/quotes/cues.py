"""Cue verbs: the lexicon file and the spaCy `Matcher` that finds cues in a doc."""

from __future__ import annotations

from pathlib import Path

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

MODELS = Path(__file__).resolve().parents[2] / "models"
#: The lexicons shipped with the project, in the top-level `models/` folder.
DEFAULT_LEXICON = MODELS / "cue_verbs.txt"
DEFAULT_ATTITUDE_LEXICON = MODELS / "cue_attitudes.txt"
CUE_VERB = "CUE_VERB"
CUE_ATTITUDE = "CUE_ATTITUDE"
CUE_NOUN = "CUE_NOUN"
ACCORDING_TO = "ACCORDING_TO"
SPEECH = "speech"
ATTITUDE = "attitude"
#: The cue type of each matcher label: what the `cue_type` column says.
CUE_TYPES = {CUE_VERB: SPEECH, CUE_NOUN: SPEECH, ACCORDING_TO: SPEECH, CUE_ATTITUDE: ATTITUDE}


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


def build_cue_matcher(vocab: Vocab, lemmas: frozenset[str], attitudes: frozenset[str] = frozenset()) -> Matcher:
    """A matcher for verbs of saying (by lemma), the same lemmas as nouns ('his claim that ...'),
    'according to', and optionally attitude verbs."""
    matcher = Matcher(vocab)
    matcher.add(CUE_VERB, [[{"LEMMA": {"IN": sorted(lemmas)}, "POS": "VERB"}]])
    matcher.add(CUE_NOUN, [[{"LEMMA": {"IN": sorted(lemmas)}, "POS": "NOUN"}]])
    matcher.add(ACCORDING_TO, [[{"LOWER": "according"}, {"LOWER": "to"}]])
    if attitudes - lemmas:
        matcher.add(CUE_ATTITUDE, [[{"LEMMA": {"IN": sorted(attitudes - lemmas)}, "POS": "VERB"}]])
    return matcher


def find_cues(doc: Doc, matcher: Matcher) -> list[Span]:
    """Cue spans in document order, each labelled CUE_VERB or ACCORDING_TO."""
    return sorted(matcher(doc, as_spans=True), key=lambda span: span.start)
