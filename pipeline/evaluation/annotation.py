"""The resolved-speaker and people annotation of PolNeAR dev (see annotations/README.md)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib.resources import files

from pipeline.evaluation.gold import Ranges, parse_ranges

NONE = "NONE"
NAME_SEPARATOR = " | "
SPEAKERS_FILE = "polnear_dev_speakers.tsv"
PEOPLE_FILE = "polnear_dev_people.tsv"


@dataclass(frozen=True)
class GoldPerson:
    """A person an article names, with the gender the text states and the gender known otherwise."""

    name: str
    gender: str
    evidence: str
    gender_known: str


@dataclass(frozen=True)
class WhoAnnotation:
    """Per article: who each source span refers to (() when never named), and the people named."""

    speakers: dict[str, dict[Ranges, tuple[str, ...]]]
    people: dict[str, list[GoldPerson]]

    def covers(self, article: str) -> bool:
        return article in self.speakers or article in self.people

    def speaker(self, article: str, source: Ranges) -> tuple[str, ...] | None:
        """The names a source refers to, () for an unnamed one, None when it was not annotated."""
        return self.speakers.get(article, {}).get(source)


def _rows(name: str) -> list[dict[str, str]]:
    text = files("pipeline.evaluation").joinpath("annotations", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))


def load_annotation() -> WhoAnnotation:
    """The annotation shipped with the package."""
    speakers: dict[str, dict[Ranges, tuple[str, ...]]] = {}
    for row in _rows(SPEAKERS_FILE):
        names = () if row["speaker"] == NONE else tuple(row["speaker"].split(NAME_SEPARATOR))
        speakers.setdefault(row["article"], {})[parse_ranges(row["source_offsets"])] = names
    people: dict[str, list[GoldPerson]] = {}
    for row in _rows(PEOPLE_FILE):
        person = GoldPerson(row["name"], row["gender"], row["evidence"], row["gender_known"])
        people.setdefault(row["article"], []).append(person)
    return WhoAnnotation(speakers, people)
