"""Cue lexicons: the verbs of saying (or of attitude) with the classes that change how a rule
reads their clause.

A lexicon file has one lemma per line, optionally followed by its verb classes, and `#`
comments: `tell  addressee`. The classes are data so that a new verb with the behaviour of
an old one is one line, not an edit of the rules:

- `addressee`: its direct object is the person addressed, never what was said ('told reporters');
- `no_object`: its direct object is rarely what was said ('spoke a little while', 'posted a clip');
- `aspectual`: with an infinitive it is aspect, not speech ('hiring continues to buck the trend');
- `response`: 'responded with attacks', 'replied by ...': how someone answered is what they said;
- `describing`: its 'as' phrase is what was said of someone ('described her as ...');
- `demanding`: its 'for' phrase is what was asked for ('called for a moratorium', 'pleaded for his life');
- `referring`: its 'to' phrase is what it points to ('referring to the party's convention', 'pointed to his record');
- `question`: its if- or whether-clause is the question asked ('asked the students if they were ...'),
  which the parser takes for a condition;
- `written`: a cue only when a text is its subject ('her statement read', 'it reads': a statement
  noun or a pronoun for one), not a person ('he read the report') or a sign.

A phrasal verb is its lemma and particle joined by `_`: `point_out` is a cue in 'pointed out that
...' (and 'pointed it out'), not in 'pointed to his record'.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Final

from spacy.tokens import Token

ADDRESSEE: Final = "addressee"
NO_OBJECT: Final = "no_object"
ASPECTUAL: Final = "aspectual"
RESPONSE: Final = "response"
DESCRIBING: Final = "describing"
DEMANDING: Final = "demanding"
QUESTION: Final = "question"
REFERRING: Final = "referring"
WRITTEN: Final = "written"
STANCE: Final = "stance"
VERB_CLASSES: Final = frozenset(
    {ADDRESSEE, NO_OBJECT, ASPECTUAL, RESPONSE, DESCRIBING, DEMANDING, QUESTION, REFERRING, WRITTEN, STANCE}
)

#: Joins a phrasal verb's lemma and particle in a lexicon: `point_out`.
PARTICLE_JOIN: Final = "_"
#: The dependency labels of a phrasal verb's particle ('back' of 'shot back' is parsed an adverb,
#: 'for' of 'called for' a preposition).
PARTICLE_DEPS: Final = frozenset({"prt", "advmod", "prep"})

#: The lexicons shipped with the package, in `pipeline/resources/`.
DEFAULT_LEXICON: Final = Path(str(files("pipeline.resources").joinpath("cue_verbs.txt")))
DEFAULT_ATTITUDE_LEXICON: Final = Path(str(files("pipeline.resources").joinpath("cue_attitudes.txt")))


class LexiconError(ValueError):
    """A lexicon file that cannot be used, with the file and line named."""


@dataclass(frozen=True)
class Lexicon:
    """Cue lemmas, each with the verb classes it belongs to."""

    entries: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def lemmas(self) -> frozenset[str]:
        return frozenset(self.entries)

    def classes(self, lemma: str) -> frozenset[str]:
        """The classes of a lemma (none for a word the lexicon does not hold)."""
        return self.entries.get(lemma, frozenset())

    def members(self, verb_class: str) -> frozenset[str]:
        return frozenset(lemma for lemma, classes in self.entries.items() if verb_class in classes)

    def to_dict(self) -> dict[str, list[str]]:
        """Plain data for `to_disk`: lemma -> sorted classes."""
        return {lemma: sorted(classes) for lemma, classes in sorted(self.entries.items())}

    @classmethod
    def from_dict(cls, data: Mapping[str, list[str]]) -> Lexicon:
        return cls({lemma: frozenset(classes) for lemma, classes in data.items()})


def split_phrasal(entry: str) -> tuple[str, str | None]:
    """A lexicon entry as (verb lemma, particle): 'point_out' -> ('point', 'out'), 'say' -> ('say', None)."""
    lemma, join, particle = entry.partition(PARTICLE_JOIN)
    return (lemma, particle) if join and lemma and particle else (entry, None)


def entry_of(token: Token, entries: Collection[str]) -> str:
    """The lexicon entry a cue token stands for: its phrasal verb when `entries` holds it and the
    token has that particle ('pointed out' -> 'point_out'), else its lemma."""
    lemma = token.lemma_.lower()
    for child in token.children:
        particle = child if child.dep_ in PARTICLE_DEPS else clause_particle(token, child)
        if particle is not None and (phrasal := f"{lemma}{PARTICLE_JOIN}{particle.lower_}") in entries:
            return phrasal
    return lemma


def clause_particle(verb: Token, child: Token) -> Token | None:
    """'called for pilots to be better trained': the parse makes the particle the mark of a
    clause right after the verb ('for' of 'for pilots to be trained')."""
    if child.dep_ != "advcl" or verb.i + 1 >= len(verb.doc):
        return None
    mark = verb.doc[verb.i + 1]
    return mark if mark.dep_ == "mark" and mark.head.i == child.i else None


def parse_lexicon(text: str, source: str = "<lexicon>") -> Lexicon:
    """A lexicon from the text of a lexicon file; an unknown class is an error naming its line."""
    entries: dict[str, frozenset[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.split("#", 1)[0].lower().split()
        if not words:
            continue
        lemma, classes = words[0], frozenset(words[1:])
        unknown = classes - VERB_CLASSES
        if unknown:
            known = ", ".join(sorted(VERB_CLASSES))
            raise LexiconError(f"{source}:{number}: unknown verb class {', '.join(sorted(unknown))} (known: {known})")
        entries[lemma] = entries.get(lemma, frozenset()) | classes
    if not entries:
        raise LexiconError(f"cue lexicon {source} holds no lemmas")
    return Lexicon(entries)


def read_lexicon(path: str | Path = DEFAULT_LEXICON) -> Lexicon:
    """The lexicon in a file (UTF-8)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise LexiconError(f"cannot read cue lexicon {path}: {exc.strerror or exc}") from exc
    return parse_lexicon(text, str(path))
