"""Who gets quoted: shares of quotes and of sources (distinct people quoted) by gender.

Counted over quotes by named people only (descriptions and organisations have no gender), with the
gender estimate of the `people` table; a person it lacks counts as unknown. Overall, per outlet and
per month, so a reader can compare outlets and see a trend. The estimate serves these aggregates,
never a claim about one person.
"""

from __future__ import annotations

import pandas as pd

UNKNOWN = "unknown"
#: Genders in the order charts and tables show them; others the table may hold follow.
GENDER_ORDER = ("female", "male", UNKNOWN)
ALL = "all"
SCOPES = {"all": "all quotes", "outlet": "outlet", "month": "month"}
NO_OUTLET = "(no outlet)"


def genders_present(values: pd.Series) -> list[str]:
    """The genders to show: the usual three in order, then any other value found."""
    found = set(values.dropna().astype(str))
    return [*GENDER_ORDER, *sorted(found - set(GENDER_ORDER))]


def person_quotes(quotes: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Quotes by named people with key, gender ('unknown' when not estimated), outlet and month."""
    quoted = quotes.loc[quotes["key"].notna(), ["key", "outlet", "month"]]
    gender = quoted["key"].map(people["gender"]).astype(object).fillna(UNKNOWN).astype(str)
    return quoted.assign(gender=gender, outlet=quoted["outlet"].replace("", NO_OUTLET))


def _shares(counts: pd.DataFrame, genders: list[str]) -> pd.DataFrame:
    """Counts per group and gender -> total and share per gender."""
    counts = counts.reindex(columns=genders, fill_value=0)
    total = counts.sum(axis=1)
    return pd.concat([total.rename("n"), counts.div(total.where(total > 0), axis=0).fillna(0.0)], axis=1)


def gender_shares(quoted: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """Per group of `by` (None: one row 'all'): quotes and their share per gender, sources and theirs.

    Columns: quotes, quotes_<gender>..., sources, sources_<gender>...; sorted by quotes (months by month).
    """
    genders = genders_present(quoted["gender"])
    frame = quoted.assign(group=ALL) if by is None else quoted[quoted[by] != ""].assign(group=quoted[by])
    per_quote = frame.groupby(["group", "gender"]).size().unstack(fill_value=0)
    per_source = frame.drop_duplicates(["group", "key"]).groupby(["group", "gender"]).size().unstack(fill_value=0)
    table = pd.concat(
        [_shares(per_quote, genders).add_prefix("quotes_"), _shares(per_source, genders).add_prefix("sources_")], axis=1
    )
    table = table.rename(columns={"quotes_n": "quotes", "sources_n": "sources"})
    return table.sort_index() if by == "month" else table.sort_values("quotes", ascending=False, kind="stable")


def share_rows(quoted: pd.DataFrame) -> list[dict[str, object]]:
    """The table of the report: one row per scope and group (all, each outlet, each month)."""
    rows = []
    for scope, by in (("all", None), ("outlet", "outlet"), ("month", "month")):
        for group, row in gender_shares(quoted, by).iterrows():
            rows.append({"scope": SCOPES[scope], "group": group, **row.to_dict()})
    return rows
