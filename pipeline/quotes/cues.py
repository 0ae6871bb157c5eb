"""Cues: the finder of verbs and nouns of saying (and of attitude) in a doc, and their labels."""

from __future__ import annotations

import numpy as np
from spacy.attrs import LEMMA, LOWER, POS
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

CUE_VERB = "CUE_VERB"
CUE_ATTITUDE = "CUE_ATTITUDE"
CUE_NOUN = "CUE_NOUN"
CUE_ATTITUDE_NOUN = "CUE_ATTITUDE_NOUN"
ACCORDING_TO = "ACCORDING_TO"
SPEECH = "speech"
ATTITUDE = "attitude"
#: The cue type of each cue label: what the `cue_type` column says.
CUE_TYPES = {CUE_VERB: SPEECH, CUE_NOUN: SPEECH, ACCORDING_TO: SPEECH, CUE_ATTITUDE: ATTITUDE, CUE_ATTITUDE_NOUN: ATTITUDE}


class CueFinder:
    """Finds cues with whole-doc arrays: verbs of saying by lemma, the same lemmas as nouns
    ('his claim that ...'), 'according to', and optionally attitude verbs.

    The same patterns as a spaCy `Matcher` (`LEMMA IN ..., POS VERB`), looked up with numpy
    over `Doc.to_array`: the matcher's token-by-token walk cost more than the rest of the stage.
    """

    def __init__(self, vocab: Vocab, lemmas: frozenset[str], attitudes: frozenset[str] = frozenset()) -> None:
        strings = vocab.strings
        self._speech = np.array(sorted(strings.add(lemma) for lemma in lemmas), dtype=np.uint64)
        self._attitude = np.array(sorted(strings.add(lemma) for lemma in attitudes - lemmas), dtype=np.uint64)
        self._verb, self._noun = strings.add("VERB"), strings.add("NOUN")
        self._according, self._to = strings.add("according"), strings.add("to")

    def __call__(self, doc: Doc) -> list[Span]:
        """Cue spans in document order, each labelled with its kind of cue."""
        if not len(doc):
            return []
        array = doc.to_array([LEMMA, POS, LOWER])
        lemma, pos, lower = array[:, 0], array[:, 1], array[:, 2]
        speech = np.isin(lemma, self._speech)
        found = [(int(i), 1, CUE_VERB) for i in np.flatnonzero(speech & (pos == self._verb))]
        found += [(int(i), 1, CUE_NOUN) for i in np.flatnonzero(speech & (pos == self._noun))]
        if len(self._attitude):
            attitude = np.isin(lemma, self._attitude)
            found += [(int(i), 1, CUE_ATTITUDE) for i in np.flatnonzero(attitude & (pos == self._verb))]
            found += [(int(i), 1, CUE_ATTITUDE_NOUN) for i in np.flatnonzero(attitude & (pos == self._noun))]
        according = np.flatnonzero((lower[:-1] == self._according) & (lower[1:] == self._to))
        found += [(int(i), 2, ACCORDING_TO) for i in according]
        return [Span(doc, start, start + length, label=label) for start, length, label in sorted(found)]
