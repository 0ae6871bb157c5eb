"""Person names: their parts, the key of a person across articles, and first-name statistics.

nameparser splits a name into title, first, middle and last name and suffix; nicknames knows the
full forms of short given names ("Joe" -> "Joseph"); nomquamgender gives, for a first name, the
share of female bearers over 36 name-gender data sources. Its data file (22 MB of JSON) takes a
second to parse, so the names worth keeping are cached, once per installed version, in a small
file under the user's cache folder.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from nameparser.config import CONSTANTS
from nicknames import NickNamer

LEADING_WORDS = frozenset({"the"})
#: Honorifics and suffixes are not part of a name when names are compared.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "madam", "mme"})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
NAME_DATA_PACKAGE = "nomquamgender"
NAME_DATA_FILE = "name_data.json"
#: First names seen fewer times than this over all sources carry no useful statistics.
MIN_NAME_COUNT = 20
#: Bearers a word needs to count as a first name when names are split ('New Mitt Romney').
KNOWN_FIRST_NAME = 100
CACHE_ENV = "NEWS_PIPELINE_CACHE"
#: Names are parsed once per process: nameparser takes a third of a millisecond per name.
NAME_CACHE_SIZE = 1 << 16
PERSON_ID_PREFIX = "P"
PERSON_ID_BYTES = 8
_WORD = re.compile(r"[^\w\s-]")


@dataclass(frozen=True)
class NameParts:
    """A person's name split into parts, each folded (lower case, no accents or punctuation)."""

    first: str
    middle: str
    last: str


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def fold(text: str) -> str:
    """Lower case, accents and punctuation dropped: 'O\u2019Néill' -> 'oneill'."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.sub("", plain.replace("\u2019", "'")).lower().split())


@functools.cache
def title_words() -> dict[str, tuple[str, ...]]:
    """Title abbreviation -> the role nouns it stands for ('gov' -> 'governor'), from the package's list."""
    lines = files("pipeline.resources").joinpath("titles.txt").read_text(encoding="utf-8").splitlines()
    rows = (line.split("\t") for line in lines if line.strip() and not line.startswith("#"))
    return {abbreviation: tuple(nouns.split()) for abbreviation, nouns in rows}


@functools.cache
def title_set() -> frozenset[str]:
    """Words that are titles before a name: nameparser's titles, our abbreviations, honorifics."""
    return frozenset(CONSTANTS.titles) | frozenset(title_words()) | HONORIFICS


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def name_words(text: str) -> tuple[str, ...]:
    """The words of a name, folded, without honorifics, titles, suffixes, possessive or a leading 'the'."""
    words = text.replace("\u2019", "'").split()
    if words and words[-1].endswith("'s"):
        words[-1] = words[-1][:-2]
    words = [w for w in (fold(w) for w in words) if w]
    titles = title_set()
    while len(words) > 1 and (words[0] in LEADING_WORDS or words[0] in titles):
        words = words[1:]
    while len(words) > 1 and words[-1] in SUFFIXES:
        words = words[:-1]
    return tuple(words)


def name_parts(name: str) -> NameParts:
    """First, middle and last name, folded, with titles and suffixes dropped (one word is a last name)."""
    words = name_words(name)
    if len(words) < 2:
        return NameParts("", "", words[0] if words else "")
    return NameParts(words[0], " ".join(words[1:-1]), words[-1])


def is_initial(word: str) -> bool:
    """'J.' or 'J': a single letter standing for a name."""
    return len(word.strip(".")) == 1


@functools.cache
def _nick_namer() -> NickNamer:
    return NickNamer()


@functools.cache
def _short_forms() -> dict[str, str]:
    """Common short form -> full form, from the package's list (decides ambiguous short forms)."""
    lines = files("pipeline.resources").joinpath("given_names.txt").read_text(encoding="utf-8").splitlines()
    pairs = (line.split("\t") for line in lines if line.strip() and not line.startswith("#"))
    return {short: full for short, full in pairs}


@functools.cache
def given_name(first: str) -> str:
    """The full form a short given name stands for ('joe' -> 'joseph', 'bill' -> 'william').

    Common short forms come from our list; others take the most common longer name that the
    nicknames package gives them as a short form, so the choice depends on the name alone and a
    person's key is the same in every run and every article.
    """
    if first in _short_forms():
        return _short_forms()[first]
    namer = _nick_namer()
    full = [name for name in namer.canonicals_of(first) if len(name) > len(first) and first in namer.nicknames_of(name)]
    if not full:
        return first
    stats = first_name_stats()
    return max(sorted(full), key=lambda name: stats.get(name, (0.0, 0))[1])


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def person_key(name: str) -> str | None:
    """What identifies a person across articles: full given name and surname, folded.

    'Joseph R. Biden, Jr.' and 'Joe Biden' give 'joseph biden'; middle names and initials,
    titles and suffixes never count. A single word (a surname alone) gives None: it is not
    enough to say two articles mean the same person.
    """
    parts = name_parts(name)
    if not parts.first or not parts.last:
        return None
    first = parts.first if is_initial(parts.first) else given_name(parts.first)
    return f"{first} {parts.last}"


def _cache_dir() -> Path:
    base = os.environ.get(CACHE_ENV) or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "news-quotes-pipeline"


def _name_data_file() -> Path:
    spec = importlib.util.find_spec(NAME_DATA_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{NAME_DATA_PACKAGE} is not installed (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations))) / NAME_DATA_FILE


def _parse_name_data(path: Path) -> dict[str, list]:
    """First name -> [share female, count] from the package's data, common names only."""
    data = json.loads(path.read_bytes())  # name -> [sources, count, share female, ...]
    return {name: [float(v[2]), int(v[1])] for name, v in data.items() if v[1] >= MIN_NAME_COUNT and name.isalpha()}


@functools.cache
def first_name_stats() -> dict[str, list]:
    """First name (lower case) -> [share of female bearers, number of bearers counted]."""
    path = _name_data_file()
    stat = path.stat()
    cache = _cache_dir() / f"first-names-{NAME_DATA_PACKAGE}-{stat.st_size}-{stat.st_mtime_ns}-{MIN_NAME_COUNT}.json"
    with contextlib.suppress(OSError, ValueError):
        return json.loads(cache.read_text(encoding="utf-8"))
    stats = _parse_name_data(path)
    with contextlib.suppress(OSError):
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_name(f".{cache.name}.{os.getpid()}")
        temporary.write_text(json.dumps(stats), encoding="utf-8")
        os.replace(temporary, cache)
    return stats


def share_female(first: str) -> list | None:
    """[share of female bearers, count] of a first name, or None when it is rare or unknown."""
    return first_name_stats().get(fold(first))


def person_id(name: str, doc_id: str) -> str:
    """A person's id, the same in every run: from the person key of a full name, so 'Joe Biden'
    and 'Joseph R. Biden' of any article share it; a single name is only known within its article."""
    key = person_key(name) or f"{doc_id}\x1f{fold(name)}"
    return PERSON_ID_PREFIX + hashlib.blake2b(key.encode("utf-8"), digest_size=PERSON_ID_BYTES).hexdigest()


def is_first_name(word: str) -> bool:
    """A word borne as a first name by enough people to say so ('Mitt' and 'New' are not)."""
    stats = share_female(word)
    return stats is not None and stats[1] >= KNOWN_FIRST_NAME
