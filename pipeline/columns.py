"""Which column of a corpus (CSV, JSONL, parquet) holds the text, id, title, date, ...

Scraped corpora name their columns as they like (`body`, `headline`, `published_at`, `outlet`).
A column map says which column plays which role: given by the user (`--columns
text=body,title=headline`), else recognised from common names. Every column that plays no role
is kept and travels to the `documents` table under its own name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyarrow as pa

#: The roles a corpus column can play, with the names recognised for each, best first.
COMMON_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc_id", "article_id", "uuid", "guid"),
    "text": ("text", "body", "content", "article", "story", "full_text", "fulltext", "article_text", "body_text"),
    "title": ("title", "headline", "heading", "head"),
    "date": (
        "date",
        "published",
        "published_at",
        "publish_date",
        "published_date",
        "date_published",
        "pubdate",
        "pub_date",
        "datetime",
        "timestamp",
    ),
    "author": ("author", "authors", "byline", "writer"),
    "publisher": ("publisher", "outlet", "publication", "newspaper", "media_outlet", "site_name"),
    "source": ("source",),
}
ROLES = tuple(COMMON_NAMES)
COLUMNS_OPTION = "--columns"


class ColumnSpecError(ValueError):
    """A `--columns` value that cannot be read."""


def parse_columns(spec: str) -> dict[str, str]:
    """'text=body,title=headline' -> {'text': 'body', 'title': 'headline'}; unknown or repeated roles are an error."""
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        role, sep, column = (s.strip() for s in part.partition("="))
        if not sep or not role or not column:
            raise ColumnSpecError(f"{part!r} is not ROLE=COLUMN (for example text=body)")
        if role in mapping:
            raise ColumnSpecError(f"role {role!r} given twice ({mapping[role]!r} and {column!r})")
        mapping[role] = column
    check_roles(mapping)
    return mapping


def check_roles(columns: Mapping[str, str]) -> None:
    """A column map from the Python API checked as the command line checks it."""
    if not isinstance(columns, Mapping):
        raise ColumnSpecError(f"columns must map role to column name, as {{'text': 'body'}}; got {columns!r}")
    for role, column in columns.items():
        if role not in COMMON_NAMES:
            raise ColumnSpecError(f"unknown role {role!r}; roles are {', '.join(ROLES)}")
        if not isinstance(column, str) or not column:
            raise ColumnSpecError(f"the column for {role!r} must be a column name, got {column!r}")


@dataclass(frozen=True)
class ColumnMap:
    """The column playing each role in one corpus file, and the columns kept as they are."""

    roles: dict[str, str]
    kept: tuple[str, ...] = ()
    #: Roles the user named a column for that the file does not have.
    missing: dict[str, str] = field(default_factory=dict)
    #: The file's own column types, when it has them (parquet); else they are read from the values.
    schema: pa.Schema | None = None
    #: The file's text encoding, when the whole file has one (CSV).
    encoding: str | None = None

    @property
    def text(self) -> str | None:
        return self.roles.get("text")

    def describe(self) -> str:
        """'text=body, title=headline; kept: url, section' for the run summary."""
        used = ", ".join(f"{role}={column}" for role, column in self.roles.items())
        kept = f"; kept as they are: {', '.join(self.kept)}" if self.kept else ""
        decoded = f"; not valid UTF-8, decoded as {self.encoding}" if self.encoding and "utf-8" not in self.encoding else ""
        return f"columns {used or '(none)'}{kept}{decoded}"


def map_columns(names: Iterable[str], given: Mapping[str, str] | None = None) -> ColumnMap:
    """The column map of a file with these column names: the user's choices first, then for every
    other role the first common name present (case-insensitive). A column plays one role at most."""
    names = list(names)
    by_lower = {name.lower(): name for name in reversed(names)}
    roles: dict[str, str] = {}
    missing: dict[str, str] = {}
    for role, column in (given or {}).items():
        found = column if column in names else by_lower.get(column.lower())  # 'Story' finds 'story'
        if found is not None:
            roles[role] = found
        else:
            missing[role] = column
    taken = set(roles.values())
    for role, candidates in COMMON_NAMES.items():
        if role in roles or role in missing:
            continue
        for candidate in candidates:
            column = by_lower.get(candidate)
            if column is not None and column not in taken:
                roles[role] = column
                taken.add(column)
                break
    ordered = {role: roles[role] for role in ROLES if role in roles}
    return ColumnMap(ordered, tuple(n for n in names if n not in taken), missing)


def missing_text_message(names: Iterable[str], columns: ColumnMap) -> str:
    """Why a file has no text column, with the columns found and the option to use."""
    found = ", ".join(names) or "(none)"
    if "text" in columns.missing:
        return f"no column {columns.missing['text']!r} (given as text=); columns found: {found}"
    known = ", ".join(COMMON_NAMES["text"])
    return (
        f"no text column (looked for {known}); columns found: {found}. "
        f"Say which column holds the text: {COLUMNS_OPTION} text=COLUMN"
    )
