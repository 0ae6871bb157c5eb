"""Cues: the finder of verbs and nouns of saying (and of attitude) in a doc, and their labels."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

import numpy as np
from spacy.attrs import LEMMA, LOWER, POS
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from pipeline.quotes.lexicon import entry_of, split_phrasal

CUE_VERB = "CUE_VERB"
CUE_ATTITUDE = "CUE_ATTITUDE"
CUE_NOUN = "CUE_NOUN"
CUE_ATTITUDE_NOUN = "CUE_ATTITUDE_NOUN"
ACCORDING_TO = "ACCORDING_TO"
SPEECH = "speech"
ATTITUDE = "attitude"
#: The cue type of each cue label: what the `cue_type` column says.
CUE_TYPES = {CUE_VERB: SPEECH, CUE_NOUN: SPEECH, ACCORDING_TO: SPEECH, CUE_ATTITUDE: ATTITUDE, CUE_ATTITUDE_NOUN: ATTITUDE}
#: 'In a CNN poll released Monday, 50 percent chose Clinton', 'In Forbes' words, "..."': a source
#: given by 'in' before what it sources, read as 'according to'. After it, the phrase is mostly
#: where something is ('errors in the report', 'slid in the polls': right in 38 of 91 on PolNeAR
#: train, against 16 of 18 before).
SOURCE_PREPOSITION = "in"
SOURCE_NOUNS = frozenset({"poll", "survey", "study", "report", "analysis", "word"})
#: 'In Forbes' words', never 'in other words': words are a source only with their owner.
OWNED_SOURCE_NOUNS = frozenset({"word"})


def is_source_phrase(prep: Token) -> bool:
    """'In' ahead of what it sources, with a source noun that is determined ('In a CNN poll',
    'In its report', 'In Forbes' words'; not 'In analysis', 'In other words')."""
    if prep.lower_ != SOURCE_PREPOSITION or prep.i > prep.head.i:
        return False
    for noun in prep.children:
        if noun.dep_ != "pobj" or noun.lemma_.lower() not in SOURCE_NOUNS:
            continue
        owned = any(c.dep_ == "poss" for c in noun.children)
        determined = owned or any(c.dep_ == "det" for c in noun.children)
        return owned if noun.lemma_.lower() in OWNED_SOURCE_NOUNS else determined
    return False


class CueFinder:
    """Finds cues with whole-doc arrays: verbs of saying by lemma, the same lemmas as nouns
    ('his claim that ...'), 'according to', and optionally attitude verbs. A phrasal entry
    ('point_out') is a cue verb only with its particle; without it the verb may still be an
    attitude ('pointed to his record').

    The same patterns as a spaCy `Matcher` (`LEMMA IN ..., POS VERB`), looked up with numpy
    over `Doc.to_array`: the matcher's token-by-token walk cost more than the rest of the stage.
    """

    def __init__(self, vocab: Vocab, lemmas: frozenset[str], attitudes: frozenset[str] = frozenset()) -> None:
        strings = vocab.strings
        attitudes = attitudes - lemmas
        self._entries = lemmas | attitudes
        self._speech_phrasal = frozenset(entry for entry in lemmas if split_phrasal(entry)[1] is not None)
        self._attitude_phrasal = frozenset(entry for entry in attitudes if split_phrasal(entry)[1] is not None)
        self._speech = self._hashes(strings, lemmas - self._speech_phrasal)
        self._attitude = self._hashes(strings, attitudes - self._attitude_phrasal)
        self._phrasal = self._hashes(strings, {split_phrasal(e)[0] for e in self._speech_phrasal | self._attitude_phrasal})
        self._verb, self._noun = strings.add("VERB"), strings.add("NOUN")
        self._according, self._to = strings.add("according"), strings.add("to")
        self._sources = self._hashes(strings, SOURCE_NOUNS)

    @staticmethod
    def _hashes(strings: StringStore, words: Iterable[str]) -> np.ndarray:
        return np.array(sorted(strings.add(word) for word in words), dtype=np.uint64)

    def __call__(self, doc: Doc) -> list[Span]:
        """Cue spans in document order, each labelled with its kind of cue."""
        if not len(doc):
            return []
        array = doc.to_array([LEMMA, POS, LOWER])
        lemma, pos, lower = array[:, 0], array[:, 1], array[:, 2]
        verb = pos == self._verb
        speech = np.isin(lemma, self._speech)
        found = [(int(i), 1, CUE_VERB) for i in np.flatnonzero(speech & verb)]
        found += [(int(i), 1, CUE_NOUN) for i in np.flatnonzero(speech & (pos == self._noun))]
        phrasal = self._phrasal_cues(doc, np.flatnonzero(np.isin(lemma, self._phrasal) & verb & ~speech))
        found += [(i, 1, label) for i, label in phrasal.items()]
        if len(self._attitude):
            attitude = np.isin(lemma, self._attitude)
            found += [(int(i), 1, CUE_ATTITUDE) for i in np.flatnonzero(attitude & verb) if int(i) not in phrasal]
            found += [(int(i), 1, CUE_ATTITUDE_NOUN) for i in np.flatnonzero(attitude & (pos == self._noun))]
        according = np.flatnonzero((lower[:-1] == self._according) & (lower[1:] == self._to))
        found += [(int(i), 2, ACCORDING_TO) for i in according]
        sourced = {doc[int(i)].head.i for i in np.flatnonzero(np.isin(lemma, self._sources))}  # few: 'poll', 'report'
        found += [(i, 1, ACCORDING_TO) for i in self._source_phrases(doc, sorted(sourced), found)]
        return [Span(doc, start, start + length, label=label) for start, length, label in sorted(found)]

    @staticmethod
    def _source_phrases(doc: Doc, candidates: list[int], found: list[tuple[int, int, str]]) -> list[int]:
        """'In a CNN poll, ...' (`is_source_phrase`) in a sentence with no cue verb and no
        'according to': 'In a statement, the group said ...' is the verb's quote, '..., according to
        Reuters' the agency's (a noun of saying or stance, 'since Monday's debate', is no rival)."""
        phrases = []
        cues = sorted(i for i, _, label in found if label in (CUE_VERB, CUE_ATTITUDE, ACCORDING_TO))
        for i in candidates:
            prep = doc[i]
            if not is_source_phrase(prep):
                continue
            sent = prep.sent
            if bisect_left(cues, sent.start) == bisect_left(cues, sent.end):
                phrases.append(i)
        return phrases

    def _phrasal_cues(self, doc: Doc, candidates: np.ndarray) -> dict[int, str]:
        """Verbs whose particle makes them a cue ('pointed out'), by token: speech or attitude."""
        found = {}
        for i in candidates.tolist():
            entry = entry_of(doc[i], self._entries)
            if entry in self._speech_phrasal:
                found[i] = CUE_VERB
            elif entry in self._attitude_phrasal:
                found[i] = CUE_ATTITUDE
        return found
