"""The corpus stage: one row per person across every article, the `people` table.

It runs after the per-article stages, over their tables, so a full run, an incremental run, a
`--stage quotes` re-run and a cluster run all end with the same table. A person's id is fixed in
the per-article stage (`pipeline.names.person_id`: the same full name is the same id in every
article and every run), so this stage only gathers: the fullest name and its variants, the counts,
the first and last date, and the gender estimate. The text's evidence wins over a first name: the
gender stated in most of the articles that state one (unknown on a tie); else the first name's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.gender import EVIDENCE_TEXT, FEMALE, MALE, UNKNOWN, first_name_gender
from pipeline.tables import PEOPLE

ENTITY_COLUMNS = ["doc_id", "canonical", "person_id", "gender", "gender_evidence"]
QUOTE_COLUMNS = ["speaker_person_id"]
DOCUMENT_COLUMNS = ["doc_id", "date"]
#: Articles whose evidence is quoted in `gender_evidence`.
MAX_EVIDENCE_ARTICLES = 3
#: Reads columns of a table the run has written: (table name, columns) -> arrow table.
TableReader = Callable[[str, list[str]], pa.Table]


def _fullest(variants: Counter) -> str:
    """The name with the most words; on a tie the most mentioned, then the first alphabetically."""
    return min(variants, key=lambda name: (-len(name.split()), -variants[name], name))


def _gender(name: str, per_article: pd.DataFrame) -> tuple[str, str]:
    """A person's gender and evidence from the per-article estimates (one row per article)."""
    stated = per_article[per_article["gender_evidence"].str.startswith(EVIDENCE_TEXT, na=False)]
    if stated.empty:
        gender, evidence = first_name_gender(name)
        return (gender, evidence) if gender != UNKNOWN else (UNKNOWN, "")
    votes = Counter(stated["gender"])
    if votes[FEMALE] == votes[MALE]:
        return UNKNOWN, f"{EVIDENCE_TEXT}: female in {votes[FEMALE]} articles, male in {votes[MALE]}"
    gender = FEMALE if votes[FEMALE] > votes[MALE] else MALE
    details = stated.loc[stated["gender"] == gender, "gender_evidence"].str.removeprefix(f"{EVIDENCE_TEXT}: ")
    shown = "; ".join(details.value_counts().index[:MAX_EVIDENCE_ARTICLES])
    return gender, f"{EVIDENCE_TEXT} in {votes[gender]} of {len(per_article)} articles: {shown}"


def people_table(entities: pa.Table, quotes: pa.Table, documents: pa.Table) -> pa.Table:
    """One row per person of the corpus, from the entities, quotes and documents tables."""
    mentions = entities.filter(pc.is_valid(entities["person_id"])).to_pandas()
    if mentions.empty:
        return PEOPLE.empty_table()
    mentions["gender"] = mentions["gender"].astype(str)
    dates = documents.to_pandas().drop_duplicates("doc_id").set_index("doc_id")["date"]
    quoted = Counter(q for q in quotes.column("speaker_person_id").to_pylist() if q is not None)
    rows = []
    for person_id, group in mentions.groupby("person_id", sort=False):
        variants = Counter(group["canonical"])
        name = _fullest(variants)
        per_article = group.drop_duplicates("doc_id")
        gender, evidence = _gender(name, per_article)
        days = pd.to_datetime(dates.reindex(per_article["doc_id"]).dropna())
        rows.append(
            {
                "person_id": person_id,
                "name": name,
                "variants": sorted(variants, key=lambda v: (-variants[v], v)),
                "gender": gender,
                "gender_evidence": evidence,
                "n_documents": len(per_article),
                "n_mentions": len(group),
                "n_quotes": quoted.get(person_id, 0),
                "first_date": days.min().date() if len(days) else None,
                "last_date": days.max().date() if len(days) else None,
            }
        )
    rows.sort(key=lambda r: (-r["n_documents"], -r["n_mentions"], r["name"], r["person_id"]))
    return pa.Table.from_pylist(rows, schema=PEOPLE)


def corpus_people(read: TableReader) -> pa.Table:
    """The people table of a run, reading only the columns it needs."""
    return people_table(read("entities", ENTITY_COLUMNS), read("quotes", QUOTE_COLUMNS), read("documents", DOCUMENT_COLUMNS))
