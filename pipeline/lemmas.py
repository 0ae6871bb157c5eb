"""A memoised lemmatizer: the model's own rule lemmatizer, run once per distinct word form.

spaCy's lemmatizer walks every token in Python (3% of the small model's time on long news
articles, 8% on short ones; `benchmarks/bench.py --components`). The lemma of a form depends
only on its text, part of speech and morphology, so this component looks those up in a cache
with whole-doc arrays and asks the real lemmatizer only about forms it has not seen. The
lemmas are the same ones, but for one flaw of the rule lemmatizer it corrects: when a form
fits two verbs of its index it takes the shorter ('hopes', 'hoped', 'hoping' -> 'hop', and
'rated' -> 'rat'), where English spelling says the stem with an e ('hop' would be 'hopped').
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from pipeline.labels import CACHED_LEMMATIZER

MODEL_LEMMATIZER = "lemmatizer"


class CachedLemmatizer:
    """Sets `token.lemma` from a (form, POS, morphology) cache filled by the model's lemmatizer."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = array[:, 3].copy()
        strings = doc.vocab.strings
        cache = self.cache
        for i, (orth, pos, morph, lemma) in enumerate(array.tolist()):
            if lemma:  # set by the attribute ruler's exceptions: keep it, as the lemmatizer does
                continue
            key = (orth, pos, morph)
            value = cache.get(key)
            if value is None:
                value = cache[key] = strings.add(silent_e(doc[i].lower_, self.lemmatizer.rule_lemmatize(doc[i])))
            lemmas[i] = value
        doc.from_array([LEMMA], lemmas.reshape(-1, 1).astype(np.uint64))
        return doc


#: Endings after which a stem may have lost its silent e ('hop-es', 'hop-ed', 'hop-ing').
SILENT_E_ENDINGS = ("es", "ed", "ing")
VOWELS = frozenset("aeiou")
#: Final consonants English does not double before an ending ('showed', 'fixed', 'played').
UNDOUBLED = frozenset("wxy")


def silent_e(form: str, lemmas: list[str]) -> str:
    """The rule lemmatizer's first lemma, or the stem with an e when it offered both: a stem
    that ends in one vowel and one consonant keeps its e before an ending ('hoped' is 'hope';
    'hop' doubles its p: 'hopped')."""
    first = lemmas[0]
    with_e = first + "e"
    ends = any(form == first + ending for ending in SILENT_E_ENDINGS)
    cvc = len(first) > 2 and first[-1] not in VOWELS | UNDOUBLED and first[-2] in VOWELS and first[-3] not in VOWELS
    return with_e if ends and cvc and with_e in lemmas else first


@Language.factory(CACHED_LEMMATIZER, requires=["token.pos", "token.morph"], assigns=["token.lemma"])
def make_cached_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    """Factory: wraps the pipeline's `lemmatizer` (rule mode), which it then replaces."""
    return CachedLemmatizer(nlp.get_pipe(MODEL_LEMMATIZER))
