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
TEXT_PREFIX = f"{EVIDENCE_TEXT}: "
#: Reads columns of a table the run has written: (table name, columns) -> arrow table.
TableReader = Callable[[str, list[str]], pa.Table]


def _names(mentions: pd.DataFrame) -> pd.DataFrame:
    """Per person: the fullest name (most words, then most mentioned, then first alphabetically) and the variants."""
    variants = mentions.groupby(["person_id", "canonical"], sort=False).size().rename("n").reset_index()
    variants["words"] = variants["canonical"].str.count(" ") + 1
    ranked = variants.sort_values(["person_id", "words", "n", "canonical"], ascending=[True, False, False, True])
    name = ranked.drop_duplicates("person_id").set_index("person_id")["canonical"].rename("name")
    by_use = variants.sort_values(["person_id", "n", "canonical"], ascending=[True, False, True])
    return pd.concat([name, by_use.groupby("person_id")["canonical"].agg(list).rename("variants")], axis=1)


def _stated_genders(articles: pd.DataFrame) -> pd.DataFrame:
    """Per person whose gender some article's text states: the gender and its evidence."""
    stated = articles[articles["gender_evidence"].str.startswith(TEXT_PREFIX, na=False)]
    votes = stated.groupby(["person_id", "gender"]).size().unstack(fill_value=0).reindex(columns=[FEMALE, MALE], fill_value=0)
    gender = pd.Series(UNKNOWN, index=votes.index)
    gender[votes[FEMALE] > votes[MALE]] = FEMALE
    gender[votes[MALE] > votes[FEMALE]] = MALE
    total = articles.groupby("person_id").size().reindex(votes.index)
    winning = stated[stated["gender"] == stated["person_id"].map(gender)]
    details = winning.assign(detail=winning["gender_evidence"].str.removeprefix(TEXT_PREFIX))
    details = details.groupby(["person_id", "detail"]).size().rename("n").reset_index()
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


def people_table(entities: pa.Table, quotes: pa.Table, documents: pa.Table) -> pa.Table:
    """One row per person of the corpus, from the entities, quotes and documents tables."""
    mentions = entities.filter(pc.is_valid(entities["person_id"])).to_pandas()
    if mentions.empty:
        return PEOPLE.empty_table()
    mentions["gender"] = mentions["gender"].astype(str)
    mentions["doc_id"] = mentions["doc_id"].astype(str)
    articles = mentions.drop_duplicates(["person_id", "doc_id"])
    people = _names(mentions)
    people["n_documents"] = articles.groupby("person_id").size()
    people["n_mentions"] = mentions.groupby("person_id").size()
    speakers = quotes.column("speaker_person_id").drop_null().to_pandas()
    people["n_quotes"] = speakers.value_counts().reindex(people.index, fill_value=0)
    dates = documents.to_pandas().drop_duplicates("doc_id")
    dated = articles[["person_id", "doc_id"]].merge(dates.astype({"doc_id": str}), on="doc_id").dropna(subset=["date"])
    dated["date"] = pd.to_datetime(dated["date"]).dt.date
    people["first_date"] = dated.groupby("person_id")["date"].min()
    people["last_date"] = dated.groupby("person_id")["date"].max()
    stated = _stated_genders(articles)
    people = people.join(stated)
    unstated = people["gender"].isna()
    by_name = [first_name_gender(name) for name in people.loc[unstated, "name"]]
    people.loc[unstated, "gender"] = [gender for gender, _ in by_name]
    people.loc[unstated, "gender_evidence"] = [evidence for _, evidence in by_name]
    people = people.reset_index(names="person_id")
    people = people.sort_values(["n_documents", "n_mentions", "name", "person_id"], ascending=[False, False, True, True])
    people = people.astype({"n_documents": "int32", "n_mentions": "int32", "n_quotes": "int32"})
    people["first_date"] = people["first_date"].astype(object).where(people["first_date"].notna(), None)
    people["last_date"] = people["last_date"].astype(object).where(people["last_date"].notna(), None)
    return pa.Table.from_pandas(people[PEOPLE.names], schema=PEOPLE, preserve_index=False)


def corpus_people(read: TableReader) -> pa.Table:
    """The people table of a run, reading only the columns it needs."""
    return people_table(read("entities", ENTITY_COLUMNS), read("quotes", QUOTE_COLUMNS), read("documents", DOCUMENT_COLUMNS))
