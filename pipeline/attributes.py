"""A memoised attribute ruler: the model's tag map and word exceptions, worked out once per kind of token.

en_core_web_sm's `attribute_ruler` (179 patterns: the tag map, which gives each fine tag its
part of speech and morphology, and exceptions for words such as 'ai', 'gon', "'s") runs a
`Matcher` over every token: about a tenth of the model's time on news. All but a few of its
patterns look at one token, by its tag, dependency label and lower-case form (or whether it is
white space), so what they set is a function of those: worked out here once per distinct
combination from the same patterns, and written with whole-doc arrays. The patterns of two tokens
('gon na', 'let 's', expletive 'there is') keep a `Matcher` of their own. Matches apply in pattern
order, later ones winning, as in spaCy's `AttributeRuler`, so the annotations are the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

from pipeline.labels import CACHED_ATTRIBUTE_RULER

MODEL_ATTRIBUTE_RULER = "attribute_ruler"
#: Attributes written for every token from arrays; any other a pattern sets is set token by token.
ARRAY_ATTRS = (POS, MORPH, LEMMA)

#: (lower-case form, tag, dependency label, is white space) -> whether a one-token pattern holds.
Test = Callable[[str, str, str, bool], bool]


class UnsupportedPattern(ValueError):
    """A pattern this ruler cannot evaluate per token kind: the model's own ruler is kept."""


def _value_test(spec: Any) -> Callable[[Any], bool]:
    """A test of one attribute's value: equal to a literal, or IN / NOT_IN / REGEX."""
    if not isinstance(spec, Mapping):
        return lambda value: value == spec
    tests = []
    for op, argument in spec.items():
        if op == "IN":
            tests.append(lambda value, options=frozenset(argument): value in options)
        elif op == "NOT_IN":
            tests.append(lambda value, options=frozenset(argument): value not in options)
        elif op == "REGEX":
            tests.append(lambda value, pattern=re.compile(argument): pattern.search(value) is not None)
        else:
            raise UnsupportedPattern(f"operator {op}")
    return lambda value: all(test(value) for test in tests)


#: What a one-token pattern may look at, and where that is in a token's kind.
_FIELDS = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}


def token_test(token_spec: Mapping[str, Any]) -> Test:
    """A one-token pattern as a test of a token's kind; `UnsupportedPattern` for anything else it
    would need (operators such as 'OP', other attributes)."""
    checks = []
    for attribute, spec in token_spec.items():
        field = _FIELDS.get(attribute.upper())
        if field is None:
            raise UnsupportedPattern(f"attribute {attribute}")
        checks.append((field, _value_test(spec)))
    return lambda *kind: all(test(kind[field]) for field, test in checks)


def form_test(token_spec: Mapping[str, Any]) -> Callable[[str], bool] | None:
    """For a pattern that tests the lower-case form: which forms it can match, when that can be
    told from the form alone (a literal, IN, REGEX); None when it cannot (NOT_IN)."""
    spec = next(value for attribute, value in token_spec.items() if attribute.upper() == "LOWER")
    if not isinstance(spec, Mapping) or set(spec) <= {"IN", "REGEX"}:
        return _value_test(spec)
    return None


class CachedAttributeRuler:
    """Sets what the model's `attribute_ruler` sets, from a cache per (form, tag, label, space)."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self._compiled = -1  # how many of the ruler's patterns the tests below were made from
        self._compile()

    def _compile(self) -> None:
        """Tests from the ruler's patterns, again whenever it has others (`spacy.load` builds the
        components first and loads the ruler's patterns after)."""
        ruler = self.ruler
        if self._compiled == len(ruler.attrs):
            return
        self.single: list[tuple[int, Test]] = []
        #: Tests of the forms some one-token pattern can match; None: any form may matter.
        self.form_tests: list[Callable[[str], bool]] | None = []
        self.pairs = Matcher(ruler.vocab)
        for key in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(str(key))
            for pattern in patterns:
                if len(pattern) > 1:
                    self.pairs.add(str(key), [pattern])
                    continue
                self.single.append((key, token_test(pattern[0])))
                if any(attribute.upper() == "LOWER" for attribute in pattern[0]):
                    test = form_test(pattern[0])
                    self.form_tests = None if test is None or self.form_tests is None else [*self.form_tests, test]
        self._forms: dict[int, int] = {}
        self._kinds: dict[tuple[int, int, int, int], tuple[int, ...]] = {}
        self._merged: dict[tuple[int, ...], dict[int, int]] = {}
        self._compiled = len(ruler.attrs)

    def _form(self, lower: int) -> int:
        """A form as part of a token's kind: itself when some pattern may match it, else 0."""
        form = self._forms.get(lower)
        if form is None:
            text = self.ruler.vocab.strings[lower]
            tests = self.form_tests
            form = self._forms[lower] = lower if tests is None or any(test(text) for test in tests) else 0
        return form

    def _keys_of(self, kind: tuple[int, int, int, int]) -> tuple[int, ...]:
        """The one-token patterns that hold for a kind of token, in pattern order."""
        keys = self._kinds.get(kind)
        if keys is None:
            strings = self.ruler.vocab.strings
            lower, tag, dep, space = kind
            text = (strings[lower] if lower else "", strings[tag] if tag else "", strings[dep] if dep else "", bool(space))
            keys = self._kinds[kind] = tuple(key for key, test in self.single if test(*text))
        return keys

    def _merge(self, keys: tuple[int, ...]) -> dict[int, int]:
        """What the patterns `keys` set together, later patterns winning."""
        merged = self._merged.get(keys)
        if merged is None:
            merged = {}
            for key in sorted(keys):
                merged.update(self.ruler.attrs[key])
            self._merged[keys] = merged
        return merged

    def _pair_targets(self, doc: Doc) -> dict[int, list[int]]:
        """Token -> the two-token patterns that set it (a match sets its pattern's indexed token)."""
        targets: dict[int, list[int]] = {}
        strings = doc.vocab.strings
        for match_id, start, end in self.pairs(doc, allow_missing=True):
            key = int(strings[match_id])
            index = self.ruler.indices[key]
            target = start + index if index >= 0 else end + index
            if not start <= target < end:
                raise ValueError(f"attribute ruler pattern {key} has index {index} outside its match of {end - start} tokens")
            targets.setdefault(target, []).append(key)
        return targets

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        self._compile()
        kinds = doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()
        values = doc.to_array(list(ARRAY_ATTRS)).tolist()
        pairs = self._pair_targets(doc) if len(self.pairs) else {}
        for i, (lower, tag, dep, space) in enumerate(kinds):
            keys = self._keys_of((self._form(lower), tag, dep, space))
            if i in pairs:
                keys = tuple(sorted({*keys, *pairs[i]}))
            merged = self._merge(keys)
            row = values[i]
            for column, attr in enumerate(ARRAY_ATTRS):
                if attr in merged:
                    row[column] = merged[attr]
            if len(merged) > sum(attr in merged for attr in ARRAY_ATTRS):
                set_token_attrs(doc[i], {attr: value for attr, value in merged.items() if attr not in ARRAY_ATTRS})
        doc.from_array(list(ARRAY_ATTRS), np.array(values, dtype=np.uint64))
        return doc


def supported(ruler: AttributeRuler) -> bool:
    """Whether every pattern of `ruler` can be evaluated per kind of token."""
    try:
        CachedAttributeRuler(ruler)
    except UnsupportedPattern:
        return False
    return True


@Language.factory(
    CACHED_ATTRIBUTE_RULER,
    requires=["token.tag", "token.dep"],
    assigns=["token.pos", "token.morph", "token.lemma"],
)
def make_cached_attribute_ruler(nlp: Language, name: str) -> CachedAttributeRuler:
    """Factory: wraps the pipeline's `attribute_ruler`, which it then replaces."""
    return CachedAttributeRuler(nlp.get_pipe(MODEL_ATTRIBUTE_RULER))
