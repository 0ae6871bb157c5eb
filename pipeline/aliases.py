"""Which mentions of one document name the same thing, and the fullest name for it.

- People: full names that agree ("Joseph R. Biden Jr.", "Joe Biden": same surname, a given name
  and its short form, no conflicting middle initial) are one person named by the fullest form;
  a surname alone goes to the nearest full name before it with that surname (else the first
  after it), a first name alone ("Jayme") to the one person with that first name.
- Organisations: an acronym goes to the name it abbreviates ("EDC" after "Export Development
  Canada", "S.E.C."), a short form to the longer name it begins ("Suncor" -> "Suncor Energy").
- Places: the aliases of `resources/place_aliases.txt` ("U.S." -> "United States").
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.resources import files

from pipeline.gender import HONORIFIC_GENDER, first_name_gender, opposite
from pipeline.names import NAME_CACHE_SIZE, fold, given_name, is_initial, name_words, share_female

#: Small words an acronym skips: 'Federal Bureau of Investigation' -> FBI.
ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "on", "to", "in", "at", "&"})
MIN_ACRONYM_LETTERS = 2
#: A one-word name this long may misspell a surname of the article by a letter; shorter ones are other names.
MIN_MISSPELT_LENGTH = 6
ORG_LABELS = frozenset({"ORG"})
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "ORG"})
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,8}$|^[A-Z][A-Z&]+$")


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def canonical_text(mention: str) -> str:
    """A mention's own canonical form: its text without a leading 'the' or a possessive."""
    text = " ".join(mention.split())
    if text.lower().startswith("the "):
        text = text[4:]
    if text.endswith(("'s", "\u2019s")):
        text = text[:-2]
    return text


def honorific_gender(mention: str) -> str | None:
    """The gender an honorific opening a mention states ('Mr. Obama' -> male), or None."""
    first = mention.split(maxsplit=1)[0].lower().rstrip(".") if mention.strip() else ""
    return HONORIFIC_GENDER.get(first)


def _conflicts(person: _Person, gender: str | None) -> bool:
    """A stated gender rules out a person whose first name says the other."""
    return gender is not None and first_name_gender(person.canonical)[0] == opposite(gender)


def _given_compatible(a: str, b: str) -> bool:
    """Two given names can be one person's: equal, a short form of the same name, or an initial."""
    if a == b:
        return True
    if is_initial(a) or is_initial(b):
        return a[0] == b[0]
    return given_name(a) == given_name(b)


@dataclass
class _Person:
    """One person of the document: the fullest name seen and every full form's position."""

    canonical: str
    words: tuple[str, ...]
    #: In order: the salience of a surname alone counts the mentions before it.
    starts: list[int] = field(default_factory=list)

    def mentioned(self, start: int) -> None:
        """Count a mention at token `start` (once)."""
        at = bisect_left(self.starts, start)
        if at == len(self.starts) or self.starts[at] != start:
            self.starts.insert(at, start)

    def before(self, start: int) -> tuple[int, int]:
        """How many mentions there are up to token `start`, and the latest of them (-1 for none)."""
        count = bisect_right(self.starts, start)
        return count, self.starts[count - 1] if count else -1

    @property
    def first(self) -> str:
        return self.words[0]

    @property
    def last(self) -> str:
        return self.words[-1]

    def agrees(self, words: tuple[str, ...]) -> bool:
        """Another full name can be this person's: same surname, compatible first and middle names."""
        if words[-1] != self.last or not _given_compatible(words[0], self.first):
            return False
        middles, own = [w for w in words[1:-1] if is_initial(w)], [w for w in self.words[1:-1] if is_initial(w)]
        return not (middles and own and middles[0][0] != own[0][0])


class NameIndex:
    """The people of a document by their full names, to resolve partial mentions."""

    def __init__(self) -> None:
        self.people: list[_Person] = []

    def add(self, mention: str, start: int) -> None:
        """Add a full-name mention (two words or more) at token `start`, joining the person it agrees with."""
        words = name_words(mention)
        for person in self.people:
            if person.agrees(words):
                person.mentioned(start)
                if len(words) > len(person.words):
                    person.canonical, person.words = canonical_text(mention), words
                return
        self.people.append(_Person(canonical_text(mention), words, [start]))

    def person(self, words: tuple[str, ...], start: int, gender: str | None = None) -> _Person | None:
        """The person a name refers to: a full name's own person; for a surname alone, of the
        people with that surname the one mentioned most before `start` (the nearest on a tie,
        else the first after); for a first name alone, the only person with that first name."""
        if len(words) >= 2:  # a full name, or the end of a longer one ('Suu Kyi' of 'Aung San Suu Kyi')
            found = next((p for p in self.people if p.agrees(words)), None)
            return found or next((p for p in self.people if len(p.words) > len(words) and p.words[-len(words) :] == words), None)
        if len(words) != 1:
            return None
        word = words[0]
        by_surname = [p for p in self.people if p.last == word and not _conflicts(p, gender)]
        if by_surname:
            before = [(*p.before(start), p) for p in by_surname]
            count, _, person = max(before, key=lambda item: item[:2])
            return person if count else min(by_surname, key=lambda p: p.starts[0])
        by_first = [p for p in self.people if p.first == word and share_female(word) is not None]
        if len(by_first) == 1:
            return by_first[0]
        return self._misspelt(word, gender)

    def _misspelt(self, word: str, gender: str | None) -> _Person | None:
        """The one person whose surname a long one-word name misspells by a letter ('McLenney' of
        'Tyresha McClenney'): news copy has typos, and two people of one article rarely have
        surnames that close."""
        if len(word) < MIN_MISSPELT_LENGTH:
            return None
        close = {
            p.canonical: p
            for p in self.people
            if _one_edit_apart(p.last, word) and word != f"{p.last}s" and not _conflicts(p, gender)  # not 'the Clintons'
        }
        return next(iter(close.values())) if len(close) == 1 else None

    def lookup(self, mention: str, start: int) -> str | None:
        """The canonical name of the person a mention at token `start` refers to, or None; the
        mention counts towards that person's salience for later surnames (call in document order).
        An honorific rules out a person of the other gender ('Mr. Obama' is not Michelle Obama)."""
        found = self.person(name_words(mention), start, honorific_gender(mention))
        if found is None:
            return None
        found.mentioned(start)
        return found.canonical

    def surnames(self) -> set[str]:
        return {p.last for p in self.people}


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter added, dropped, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    return a[i + 1 :] == b[i + 1 :] or (a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i : i + 2][::-1])


def acronym(words: Iterable[str]) -> str:
    """The initials of a name's capitalised words: 'the federal Securities and Exchange Commission' -> SEC."""
    return "".join(w[0] for w in words if w.lower() not in ACRONYM_SKIPS and w[:1].isupper())


class OrgIndex:
    """Long names of a document's organisations and places, by acronym and by first words."""

    def __init__(self, mentions: Iterable[tuple[str, str]]) -> None:
        """`mentions`: (text, label) of the document's entities."""
        self.by_acronym: dict[str, tuple[str, str]] = {}
        self.by_prefix: dict[tuple[str, ...], tuple[str, str]] = {}
        for mention, label in mentions:
            canonical = canonical_text(mention)
            words = canonical.split()
            if label not in PLACE_LABELS or len(words) < 2 or any(c.isdigit() for c in canonical):
                continue
            target = (canonical, label)
            initials = acronym(words)
            if len(initials) >= MIN_ACRONYM_LETTERS:
                self.by_acronym.setdefault(initials, target)
            if label in ORG_LABELS:
                for n in range(1, len(words)):
                    self.by_prefix.setdefault(tuple(w.lower() for w in words[:n]), target)

    def lookup(self, mention: str, label: str) -> tuple[str, str] | None:
        """(canonical, label) of the longer name a short form or acronym stands for, or None."""
        text = canonical_text(mention)
        if _ACRONYM.match(text):
            found = self.by_acronym.get(text.replace(".", ""))
            if found is not None:
                return found
        if label in ORG_LABELS or label == "PERSON":
            return self.by_prefix.get(tuple(w.lower() for w in text.split()))
        return None


@functools.cache
def place_aliases() -> dict[str, str]:
    """Alias (folded, no full stops) -> canonical place name, from the package's list."""
    lines = files("pipeline.resources").joinpath("place_aliases.txt").read_text(encoding="utf-8").splitlines()
    found = {}
    for line in lines:
        if line.strip() and not line.startswith("#"):
            canonical, *aliases = line.split("\t")
            for alias in (canonical, *aliases):
                found[fold(alias.replace(".", ""))] = canonical
    return found


def place_alias(mention: str) -> str | None:
    """The canonical name of a place alias ('U.S.', 'the United States' -> 'United States'), or None."""
    return place_aliases().get(fold(canonical_text(mention).replace(".", "")))
