"""A person's gender as an estimate for aggregate analysis: from the text first, then the first name.

The text states a gender through pronouns that refer to the person, honorifics (Mr, Ms, Mrs) and
gendered role or kinship nouns (congresswoman, his wife). Only when it states none does the first
name decide, by nomquamgender's statistics and its own default certainty; otherwise the gender is
unknown. Every estimate carries its evidence, so a user can see (and discount) where it came from.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from importlib.resources import files

from pipeline.names import NAME_CACHE_SIZE, is_initial, name_parts, share_female

FEMALE = "female"
MALE = "male"
UNKNOWN = "unknown"
GENDERS = (FEMALE, MALE, UNKNOWN)
PRONOUN_GENDER = {
    "he": MALE,
    "him": MALE,
    "his": MALE,
    "himself": MALE,
    "she": FEMALE,
    "her": FEMALE,
    "hers": FEMALE,
    "herself": FEMALE,
}
HONORIFIC_GENDER = {
    "mr": MALE,
    "mister": MALE,
    "sir": MALE,
    "lord": MALE,
    "mrs": FEMALE,
    "ms": FEMALE,
    "miss": FEMALE,
    "madam": FEMALE,
    "mme": FEMALE,
    "dame": FEMALE,
    "lady": FEMALE,
}
#: nomquamgender's default: a first name is classified when its female share is within this of 0 or 1.
FIRST_NAME_CERTAINTY = 0.1
#: A title or a role noun says more about one person than a pronoun, which may be misresolved.
STATED_WEIGHT = 2
PRONOUN_WEIGHT = 1
EVIDENCE_TEXT = "text"
EVIDENCE_FIRST_NAME = "first name"


@functools.cache
def gendered_nouns() -> dict[str, str]:
    """Role and kinship noun (lower case) -> the gender it states, from the package's lexicon."""
    lines = files("pipeline.resources").joinpath("gendered_nouns.txt").read_text(encoding="utf-8").splitlines()
    pairs = (line.split("\t") for line in lines if line.strip() and not line.startswith("#"))
    return {noun: gender for noun, gender in pairs}


def word_gender(word: str) -> str | None:
    """The gender a pronoun, honorific or role noun states, or None."""
    lower = word.lower().rstrip(".")
    return PRONOUN_GENDER.get(lower) or HONORIFIC_GENDER.get(lower) or gendered_nouns().get(lower)


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def first_name_gender(name: str) -> tuple[str, str]:
    """(gender, evidence) from the first name's statistics; unknown when they are not decisive
    or the name is one word ('Clinton' alone is a surname, not a first name)."""
    parts = name_parts(name)
    first = parts.first
    if not first or not parts.last or is_initial(first):
        return UNKNOWN, ""
    stats = share_female(first)
    if stats is None:
        return UNKNOWN, ""
    share, _ = stats
    if share >= 1 - FIRST_NAME_CERTAINTY:
        gender = FEMALE
    elif share <= FIRST_NAME_CERTAINTY:
        gender = MALE
    else:
        return UNKNOWN, ""
    return gender, f"{EVIDENCE_FIRST_NAME}: {first.title()} ({share:.0%} female bearers, nomquamgender)"


def opposite(gender: str) -> str:
    """The other of female and male (unknown stays unknown)."""
    return {FEMALE: MALE, MALE: FEMALE}.get(gender, UNKNOWN)


@dataclass
class GenderEvidence:
    """What a text says about one person's gender: the words that state it, counted per gender."""

    words: dict[str, Counter] = field(default_factory=lambda: {FEMALE: Counter(), MALE: Counter()})

    def copy(self) -> GenderEvidence:
        return GenderEvidence({gender: Counter(words) for gender, words in self.words.items()})

    def add(self, word: str) -> None:
        gender = word_gender(word)
        if gender is not None:
            self.words[gender][word.lower().rstrip(".")] += 1

    def _weight(self, gender: str) -> int:
        return sum(n * (PRONOUN_WEIGHT if w in PRONOUN_GENDER else STATED_WEIGHT) for w, n in self.words[gender].items())

    def stated(self) -> str:
        """The gender the text states: the weightier side, unknown on a tie or no evidence."""
        female, male = self._weight(FEMALE), self._weight(MALE)
        if female == male:
            return UNKNOWN
        return FEMALE if female > male else MALE

    def estimate(self, name: str) -> tuple[str, str]:
        """(gender, evidence): the text's when it states one, else the first name's, else unknown."""
        gender = self.stated()
        if gender == UNKNOWN:
            return first_name_gender(name)
        counted = ", ".join(f"{word} x{n}" if n > 1 else word for word, n in self.words[gender].most_common())
        return gender, f"{EVIDENCE_TEXT}: {counted}"
