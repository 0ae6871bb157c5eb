"""The corpus stage: one row per person across every article, the `people` table.

It runs after the per-article stages, over their tables, so a full run, an incremental run, a
`--stage quotes` re-run and a cluster run all end with the same table. A person's id is fixed in
the per-article stage (`pipeline.names.person_id`: the same full name is the same id in every
article and every run), so this stage only gathers, with grouped table operations: the fullest
name and its variants, the counts, the first and last date, and the gender estimate. The text's
evidence wins over a first name: the gender stated in most of the articles that state one
(unknown on a tie); else the first name's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.gender import EVIDENCE_TEXT, FEMALE, MALE, UNKNOWN, first_name_gender
from pipeline.locations import filesystem, join
from pipeline.tables import PEOPLE

ENTITY_COLUMNS = ["doc_id", "canonical", "person_id", "gender", "gender_evidence"]
QUOTE_COLUMNS = ["speaker_person_id"]
DOCUMENT_COLUMNS = ["doc_id", "date"]
#: Articles whose evidence is quoted in `gender_evidence`.
MAX_EVIDENCE_ARTICLES = 3
TEXT_PREFIX = f"{EVIDENCE_TEXT}: "
#: Reads columns of a table the run has written: (table name, columns) -> arrow table.
TableReader = Callable[[str, list[str]], pa.Table]


@dataclass
class PeopleParts:
    """What the people table needs from some of the articles, summed per person, so that the parts of
    a corpus's partitions merge (`merge`) into the parts of the whole corpus, in any grouping.

    Each frame is keyed by person: `variants` (person_id, canonical, n), `counts` (person_id,
    n_documents, n_mentions, first_date, last_date), `votes` (person_id, gender, n: articles whose
    text states that gender), `details` (person_id, gender, detail, n: the evidence behind the votes)
    and `quoted` (person_id, n_quotes).
    """

    variants: pd.DataFrame
    counts: pd.DataFrame
    votes: pd.DataFrame
    details: pd.DataFrame
    quoted: pd.DataFrame

    #: How each frame's columns combine across parts, by its key columns.
    SUMS: ClassVar[dict[str, tuple[list[str], dict[str, str]]]] = {
        "variants": (["person_id", "canonical"], {"n": "sum"}),
        "counts": (
            ["person_id"],
            {"n_documents": "sum", "n_mentions": "sum", "first_date": "min", "last_date": "max"},
        ),
        "votes": (["person_id", "gender"], {"n": "sum"}),
        "details": (["person_id", "gender", "detail"], {"n": "sum"}),
        "quoted": (["person_id"], {"n_quotes": "sum"}),
    }

    @classmethod
    def merge(cls, parts: list[PeopleParts]) -> PeopleParts:
        """The parts of the union of the parts' articles (each article in one part)."""
        merged = {}
        for name, (keys, sums) in cls.SUMS.items():
            frame = pd.concat([getattr(part, name) for part in parts], ignore_index=True)
            merged[name] = frame.groupby(keys, sort=False, dropna=False).agg(sums).reset_index()
        return cls(**merged)

    def to_tables(self) -> dict[str, pa.Table]:
        """The frames as arrow tables (what a cluster worker writes between the reduction's steps)."""
        return {name: pa.Table.from_pandas(getattr(self, name), preserve_index=False) for name in self.SUMS}

    @classmethod
    def from_tables(cls, tables: dict[str, pa.Table]) -> PeopleParts:
        return cls(**{name: tables[name].to_pandas() for name in cls.SUMS})

    def write(self, location: str) -> None:
        """The parts as a folder of parquet files at `location` (a path or URL): a cluster worker's, for the merge."""
        fs, root = filesystem(location)
        fs.makedirs(root, exist_ok=True)
        for name, table in self.to_tables().items():
            pq.write_table(table, join(root, f"{name}.parquet"), filesystem=fs)

    @classmethod
    def read(cls, location: str) -> PeopleParts:
        fs, root = filesystem(location)
        return cls.from_tables({name: pq.read_table(join(root, f"{name}.parquet"), filesystem=fs) for name in cls.SUMS})


#: Where a cluster run's workers keep people parts, under its staging folder.
PARTS_FOLDER = "people-parts"


def parts_location(staging: str, name: int | str) -> str:
    """The people parts of one share (its number) or of one merge step (a name), under a staging folder."""
    return join(staging, PARTS_FOLDER, f"{name:06d}" if isinstance(name, int) else name)


def people_parts(entities: pa.Table, quotes: pa.Table, documents: pa.Table) -> PeopleParts:
    """The people parts of some articles, from their entities, quotes and documents tables."""
    mentions = entities.filter(pc.is_valid(entities["person_id"])).to_pandas()
    mentions["gender"] = mentions["gender"].astype(str)
    mentions["doc_id"] = mentions["doc_id"].astype(str)
    articles = mentions.drop_duplicates(["person_id", "doc_id"])  # an article's evidence is its first mention's
    variants = mentions.groupby(["person_id", "canonical"], sort=False).size().rename("n").reset_index()
    dates = documents.to_pandas().drop_duplicates("doc_id").astype({"doc_id": str})
    dated = articles[["person_id", "doc_id"]].merge(dates, on="doc_id", how="left")
    dated["date"] = pd.to_datetime(dated["date"]).dt.date
    counts = pd.DataFrame(
        {
            "n_documents": articles.groupby("person_id").size(),
            "n_mentions": mentions.groupby("person_id").size(),
            "first_date": dated.groupby("person_id")["date"].min(),
            "last_date": dated.groupby("person_id")["date"].max(),
        }
    ).reset_index(names="person_id")
    stated = articles[articles["gender_evidence"].str.startswith(TEXT_PREFIX, na=False)]
    stated = stated.assign(detail=stated["gender_evidence"].str.removeprefix(TEXT_PREFIX))
    votes = stated.groupby(["person_id", "gender"]).size().rename("n").reset_index()
    details = stated.groupby(["person_id", "gender", "detail"]).size().rename("n").reset_index()
    speakers = quotes.column("speaker_person_id").drop_null().to_pandas()
    quoted = speakers.value_counts().rename("n_quotes").rename_axis("person_id").reset_index()
    return PeopleParts(variants, counts, votes, details, quoted)


def _names(variants: pd.DataFrame) -> pd.DataFrame:
    """Per person: the fullest name (most words, then most mentioned, then first alphabetically) and the variants."""
    variants = variants.assign(words=variants["canonical"].str.count(" ") + 1)
    ranked = variants.sort_values(["person_id", "words", "n", "canonical"], ascending=[True, False, False, True])
    name = ranked.drop_duplicates("person_id").set_index("person_id")["canonical"].rename("name")
    by_use = variants.sort_values(["person_id", "n", "canonical"], ascending=[True, False, True])
    return pd.concat([name, by_use.groupby("person_id")["canonical"].agg(list).rename("variants")], axis=1)


def _stated_genders(parts: PeopleParts, total: pd.Series) -> pd.DataFrame:
    """Per person whose gender some article's text states: the gender and its evidence."""
    votes = parts.votes.pivot_table(index="person_id", columns="gender", values="n", aggfunc="sum", fill_value=0)
    votes = votes.reindex(columns=[FEMALE, MALE], fill_value=0)
    gender = pd.Series(UNKNOWN, index=votes.index, dtype=object)
    gender[votes[FEMALE] > votes[MALE]] = FEMALE
    gender[votes[MALE] > votes[FEMALE]] = MALE
    details = parts.details[parts.details["gender"] == parts.details["person_id"].map(gender)]
    details = details.sort_values(["person_id", "n", "detail"], ascending=[True, False, True])
    shown = details.groupby("person_id").head(MAX_EVIDENCE_ARTICLES).groupby("person_id")["detail"].agg("; ".join)
    decided = votes[gender != UNKNOWN]
    evidence = pd.Series(
        [
            f"{EVIDENCE_TEXT} in {max(row[FEMALE], row[MALE])} of {total[pid]} articles: {shown.get(pid, '')}"
            for pid, row in decided.iterrows()
        ],
        index=decided.index,
        dtype=object,
    )
    tied = votes[gender == UNKNOWN]
    tie = pd.Series(
        [f"{EVIDENCE_TEXT}: female in {row[FEMALE]} articles, male in {row[MALE]}" for _, row in tied.iterrows()],
        index=tied.index,
        dtype=object,
    )
    return pd.DataFrame({"gender": gender, "gender_evidence": pd.concat([evidence, tie])})


def people_from_parts(parts: PeopleParts) -> pa.Table:
    """One row per person of the corpus whose parts these are."""
    if parts.counts.empty:
        return PEOPLE.empty_table()
    people = _names(parts.variants)
    counts = parts.counts.set_index("person_id")
    people = people.join(counts)
    people["n_quotes"] = parts.quoted.set_index("person_id")["n_quotes"].reindex(people.index, fill_value=0)
    people = people.join(_stated_genders(parts, counts["n_documents"]))
    unstated = people["gender"].isna()
    by_name = [first_name_gender(name) for name in people.loc[unstated, "name"]]
    people.loc[unstated, "gender"] = [gender for gender, _ in by_name]
    people.loc[unstated, "gender_evidence"] = [evidence for _, evidence in by_name]
    people = people.reset_index(names="person_id")
    people = people.sort_values(["n_documents", "n_mentions", "name", "person_id"], ascending=[False, False, True, True])
    people = people.astype({"n_documents": "int32", "n_mentions": "int32", "n_quotes": "int32"})
    for column in ("first_date", "last_date"):
        people[column] = people[column].astype(object).where(people[column].notna(), None)
    return pa.Table.from_pandas(people[PEOPLE.names], schema=PEOPLE, preserve_index=False)


def people_table(entities: pa.Table, quotes: pa.Table, documents: pa.Table) -> pa.Table:
    """One row per person of the corpus, from the entities, quotes and documents tables."""
    return people_from_parts(people_parts(entities, quotes, documents))


def read_people_parts(read: TableReader) -> PeopleParts:
    """The people parts of a run's tables, reading only the columns they need."""
    return people_parts(read("entities", ENTITY_COLUMNS), read("quotes", QUOTE_COLUMNS), read("documents", DOCUMENT_COLUMNS))


def corpus_people(read: TableReader) -> pa.Table:
    """The people table of a run, reading only the columns it needs."""
    return people_from_parts(read_people_parts(read))
