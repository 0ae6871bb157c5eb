"""The people of the report: one row and one page per person quoted.

People come from the corpus-level `people` table (`quotes.speaker_person_id` links to
`people.person_id`); a quote resolved to a person the table lacks (the table missing or empty, or
an older run) is gathered under its resolved name instead. A person page's file name is a hash of
that key: never the name's text, which is input and may hold anything.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from pipeline.report.speakers import PERSON

PAGE_PREFIX = "person-"
#: Hex digits of the key's SHA-256 in a page name: unique for millions of people.
HASH_DIGITS = 16
NAME_KEY = "name:"
PEOPLE_COLUMNS = ["name", "variants", "gender", "gender_evidence", "n_documents", "n_mentions"]


def person_page_name(key: str) -> str:
    """A person page's file name, from a hash of the person's key (their person_id, or 'name:' + name)."""
    return f"{PAGE_PREFIX}{hashlib.sha256(key.encode('utf-8')).hexdigest()[:HASH_DIGITS]}.html"


def person_keys(quotes: pd.DataFrame, types: pd.Series, names: pd.Series) -> pd.Series:
    """Each quote's person key: its speaker_person_id, else 'name:' + resolved name; None when no named person spoke."""
    person = types == PERSON
    ids = quotes["speaker_person_id"].astype(object)
    keys = ids.where(person & ids.notna(), None)
    by_name = person & ids.isna()
    keys[by_name] = NAME_KEY + names[by_name]
    return keys


def _quoted_names(quoted: pd.DataFrame) -> pd.Series:
    """Per key, the name its quotes resolve to most often (the fallback when the people table lacks it)."""
    counts = quoted.groupby(["key", "name"]).size().rename("n").reset_index()
    return counts.sort_values(["key", "n", "name"], ascending=[True, False, True]).drop_duplicates("key").set_index("key")["name"]


def _other_names(variants: object, name: str) -> list[str]:
    """The forms of the name other than the one shown (variants is a list, an array, or missing)."""
    return [str(v) for v in variants if str(v) != name] if isinstance(variants, list | tuple | np.ndarray) else []


def person_frame(quotes: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """One row per quoted person (index: key), most quoted first: name, gender and evidence, counts, dates, page.

    `quotes` needs the columns key, name, article and date (the report's quote frame).
    """
    quoted = quotes[quotes["key"].notna()]
    groups = quoted.groupby("key")
    dates = quoted.loc[quoted["date"] != "", ["key", "date"]].groupby("key")["date"]
    frame = pd.DataFrame(
        {
            "n_quotes": groups.size(),
            "n_articles": groups["article"].nunique(),
            "first_quoted": dates.min(),
            "last_quoted": dates.max(),
        }
    )
    known = people.drop_duplicates("person_id").set_index("person_id")[PEOPLE_COLUMNS]
    frame = frame.join(known.astype({"gender": object}), how="left")
    frame["name"] = frame["name"].fillna(_quoted_names(quoted))
    frame["other_names"] = [_other_names(variants, name) for variants, name in zip(frame["variants"], frame["name"], strict=True)]
    frame[["first_quoted", "last_quoted"]] = frame[["first_quoted", "last_quoted"]].fillna("")
    frame["page"] = [person_page_name(key) for key in frame.index]
    return frame.sort_values(["n_quotes", "n_articles", "name"], ascending=[False, False, True], kind="stable")


def has_genders(people: pd.DataFrame) -> bool:
    """Whether any person has a gender estimate: the gender shares are shown only then."""
    return bool(len(people)) and bool(people["gender"].notna().any())
