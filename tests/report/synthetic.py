"""A synthetic output folder at any scale, built straight from the table schemas (no model run).

The report's scale test and `benchmarks/report_scale.py` need 10,000 articles and 100,000 quotes:
running the model for that would take an hour, and the report reads only the tables. Articles are
made of sentences with real offsets (`text[start_char:end_char]` is each span), a pool of people
quoted on a long-tailed curve, organisations and unnamed descriptions as speakers, a dozen outlets
and two years of dates, so every page and chart of the report has work to do.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.store import LAYOUT, MANIFEST, part_name, table_parts, write_json_atomic
from pipeline.tables import SCHEMAS

WORDS = (
    "budget",
    "council",
    "bridge",
    "housing",
    "water",
    "energy",
    "tariff",
    "election",
    "hospital",
    "school",
    "market",
    "trade",
    "climate",
    "border",
    "police",
    "court",
    "health",
    "tax",
    "transit",
    "farm",
    "wage",
    "price",
    "rent",
    "safety",
    "fire",
    "flood",
    "storm",
    "vaccine",
    "strike",
    "union",
    "mine",
    "port",
    "rail",
)
FILLER = "The meeting in Springfield went on into Tuesday evening while the Port Authority reviewed the figures."
#: Named entities of the filler sentence: with the speakers, about 40 entity mentions per article, as in real news.
FILLER_ENTITIES = (("Springfield", "GPE"), ("Tuesday evening", "TIME"), ("the Port Authority", "ORG"))
ORGANISATIONS = ("City Council", "Port Authority", "Health Department", "Teachers Union", "Chamber of Commerce")
DESCRIPTIONS = ("spokesman", "police spokesman", "residents", "officials", "mayor")
OUTLETS = tuple(f"Outlet {chr(ord('A') + n)}" for n in range(12))
FIRST = {"female": ("Anna", "Maria", "Sheila", "Grace"), "male": ("John", "Omar", "Peter", "Luis"), "unknown": ("Kim", "Sam")}
START = date(2023, 1, 1)
DAYS = 730
PEOPLE_SHARE, ORGANISATION_SHARE = 0.7, 0.15
KINDS = ("direct", "mixed", "indirect")
#: The run id in the synthetic parts' names (a real run's is 8 hex digits).
SYNTHETIC_RUN = "synthetic"


@dataclass
class Tables:
    """The rows of each table, as columns (lists), filled article by article."""

    columns: dict[str, dict[str, list]] = field(default_factory=lambda: {name: {} for name in SCHEMAS})

    def add(self, table: str, **row: object) -> None:
        for name, value in row.items():
            self.columns[table].setdefault(name, []).append(value)

    def write(self, out: Path) -> None:
        """Each table as a dataset of one part under its declared schema (missing columns are null),
        then the manifest listing the parts, as a run lays them out (`out/<table>/part-000000-synthetic.parquet`)."""
        out.mkdir(parents=True, exist_ok=True)
        parts, rows = {}, {}
        for name, schema in SCHEMAS.items():
            columns = self.columns[name]
            n = len(next(iter(columns.values()))) if columns else 0
            arrays = [
                pa.array(columns.get(f.name, [None] * n), f.type if not pa.types.is_dictionary(f.type) else pa.string())
                for f in schema
            ]
            table = pa.Table.from_arrays(arrays, names=schema.names).cast(schema)
            (out / name).mkdir(exist_ok=True)
            part = f"{name}/{part_name(0, SYNTHETIC_RUN)}"
            pq.write_table(table, out / part)
            parts[name], rows[name] = [part], n
        write_json_atomic(out / MANIFEST, {"layout": LAYOUT, "rows": rows, "tables": parts})


@dataclass(frozen=True)
class Person:
    person_id: str
    name: str
    gender: str


@dataclass(frozen=True)
class Cast:
    """The people who may be quoted, with cumulative weights 1/(rank + 10): a few often, most rarely."""

    people: list[Person]
    weights: list[float]

    @classmethod
    def of(cls, count: int, rng: random.Random) -> Cast:
        people = []
        for number in range(count):
            gender = rng.choice(("female", "male", "male", "unknown"))
            name = f"{rng.choice(FIRST[gender])} Surname{number}"
            people.append(Person("P" + hashlib.sha1(name.encode()).hexdigest()[:16], name, gender))
        return cls(people, list(itertools.accumulate(1 / (rank + 10) for rank in range(count))))


def _speaker(rng: random.Random, cast: Cast) -> tuple[str, str, Person | None]:
    """(name as written, label, person): a person on a long tail, an organisation, or a description."""
    draw = rng.random()
    if draw < PEOPLE_SHARE:
        person = rng.choices(cast.people, cum_weights=cast.weights)[0]
        return person.name, "PERSON", person
    if draw < PEOPLE_SHARE + ORGANISATION_SHARE:
        return rng.choice(ORGANISATIONS), "ORG", None
    return rng.choice(DESCRIPTIONS), "NOUN", None


def _entity(
    tables: Tables, doc_id: str, entity_id: int, text: str, label: str, start: int, sent_id: int, person: Person | None
) -> None:
    tables.add(
        "entities",
        doc_id=doc_id,
        entity_id=entity_id,
        text=text,
        label=label,
        start_char=start,
        end_char=start + len(text),
        start_token=0,
        end_token=0,
        sent_id=sent_id,
        cluster_id=entity_id,
        canonical=text,
        zone="body",
        person_id=person.person_id if person else None,
        gender=person.gender if person else None,
        gender_evidence=f"first name: {person.name.split()[0]}" if person else None,
    )


def _sentence(tables: Tables, doc_id: str, sent_id: int, text: str, start: int, end: int) -> None:
    tables.add(
        "sentences",
        doc_id=doc_id,
        sent_id=sent_id,
        start_char=start,
        end_char=end,
        start_token=0,
        end_token=0,
        text=text[start:end],
    )


def _quote(tables: Tables, doc_id: str, quote_id: int, text: str, start: int, speaker: tuple[str, str, Person | None]) -> None:
    """The row of `"The ... plan will work," <speaker> said.` starting at `start` in `text`."""
    name, label, person = speaker
    speaker_start = text.index(name, start)
    cue_start = speaker_start + len(name) + 1
    tables.add(
        "quotes",
        doc_id=doc_id,
        quote_id=quote_id,
        kind=KINDS[quote_id % len(KINDS)],
        text=text[start + 1 : speaker_start - 2],
        start_char=start + 1,
        end_char=speaker_start - 2,
        cue="said",
        cue_lemma="say",
        cue_type="speech",
        cue_start_char=cue_start,
        cue_end_char=cue_start + 4,
        speaker=name,
        speaker_start_char=speaker_start,
        speaker_end_char=speaker_start + len(name),
        speaker_canonical=name,
        speaker_entity_id=None if label == "NOUN" else quote_id * (1 + len(FILLER_ENTITIES)),
        speaker_label=label,
        speaker_person_id=person.person_id if person else None,
        addressee=None,
        sent_id=quote_id * 2,
        rule="quote_before_cue",
    )


def _article(tables: Tables, doc_id: str, number: int, quotes: int, rng: random.Random, cast: Cast) -> dict:
    """One article: per quote, a quoted sentence and a filler sentence, their entities and the quote's row."""
    text, quoted = "", []
    for quote_id in range(quotes):
        speaker = _speaker(rng, cast)
        name, label, person = speaker
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        start = len(text)
        said = f'"The {words} plan will work," {name} said.'
        text += f"{said} {FILLER}\n"
        _sentence(tables, doc_id, quote_id * 2, text, start, start + len(said))
        _sentence(tables, doc_id, quote_id * 2 + 1, text, start + len(said) + 1, len(text) - 1)
        _quote(tables, doc_id, quote_id, text, start, speaker)
        entity_id = quote_id * (1 + len(FILLER_ENTITIES))
        if label != "NOUN":
            _entity(tables, doc_id, entity_id, name, label, text.index(name, start), quote_id * 2, person)
        for offset, (mention, mention_label) in enumerate(FILLER_ENTITIES, start=1):
            at = text.index(mention, start + len(said))
            _entity(tables, doc_id, entity_id + offset, mention, mention_label, at, quote_id * 2 + 1, None)
        quoted.append(person)
    title = None if number % 10 == 0 else f"Article {number}: the {rng.choice(WORDS)} debate"
    return {"text": text, "title": title, "n_sents": 2 * quotes, "people": quoted}


def _people_rows(tables: Tables, seen: dict[Person, dict]) -> None:
    for person, counts in sorted(seen.items(), key=lambda item: (-len(item[1]["docs"]), item[0].name)):
        tables.add(
            "people",
            person_id=person.person_id,
            name=person.name,
            variants=[person.name],
            gender=person.gender,
            gender_evidence=f"first name: {person.name.split()[0]}",
            n_documents=len(counts["docs"]),
            n_mentions=counts["quotes"],
            n_quotes=counts["quotes"],
            first_date=min(counts["dates"]),
            last_date=max(counts["dates"]),
        )


def write_synthetic_output(out: Path, articles: int, quotes_per_article: int = 10, n_people: int = 20_000, seed: int = 7) -> Path:
    """Write documents, sentences, entities, quotes, people (and empty tokens, errors) for `articles` articles."""
    rng = random.Random(seed)
    cast = Cast.of(n_people, rng)
    tables, seen = Tables(), {}
    for number in range(articles):
        doc_id = f"synthetic-{number:06d}"
        made = _article(tables, doc_id, number, quotes_per_article, rng, cast)
        day = START + timedelta(days=number * DAYS // articles)
        tables.add(
            "documents",
            doc_id=doc_id,
            source=f"/home/someone/corpus/{doc_id}.txt",
            title=made["title"],
            date=day,
            publisher=OUTLETS[number % len(OUTLETS)],
            encoding="utf-8",
            text=made["text"],
            n_tokens=len(made["text"].split()),
            n_sents=made["n_sents"],
            n_entities=quotes_per_article * len(FILLER_ENTITIES) + sum(p is not None for p in made["people"]),
            n_quotes=quotes_per_article,
        )
        for person in made["people"]:
            if person is not None:
                counts = seen.setdefault(person, {"docs": set(), "quotes": 0, "dates": []})
                counts["docs"].add(doc_id)
                counts["quotes"] += 1
                counts["dates"].append(day)
    _people_rows(tables, seen)
    tables.write(out)
    return out


def rewrite_column(out: Path, table: str, column: str, value: str) -> None:
    """Set one string column of a written table to `value` where it is set: a hostile name from the data, say.
    Each part the manifest lists is rewritten in place."""
    for part in table_parts(out, table):
        data = pq.read_table(out / part)
        values = [None if v is None else value for v in data.column(column).to_pylist()]
        data = data.set_column(data.schema.get_field_index(column), column, pa.array(values, pa.string()))
        pq.write_table(data, out / part)


def drop_table(out: Path, table: str) -> None:
    """Remove one table from a written run, folder and manifest entry: a run of a version without it."""
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    del manifest["tables"][table]
    shutil.rmtree(out / table)
    write_json_atomic(out / MANIFEST, manifest)
