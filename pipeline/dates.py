"""Dates of articles as data: the day, the moment in UTC, and the string as the input gave it.

A corpus `date` column holds anything from '2024-03-05' to '2024-03-05T14:30:00+01:00' or
'Tue, 05 Mar 2024 14:30:00 GMT'. pandas parses them; the day is the calendar day as written (the
day the outlet dated the story), the moment is kept in UTC when the value has a time of day, and a
time without a zone is read as UTC. An unparseable value is a warning, never an error.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd
from dateutil import parser as dateutil_parser
from dateutil import tz as dateutil_tz

#: Zone abbreviations common in English-language news, as UTC offsets in hours (dateutil knows
#: only UTC/GMT by name).
ZONE_HOURS = {
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
    "AST": -4,
    "ADT": -3,
    "NST": -3.5,
    "NDT": -2.5,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "IST": 5.5,
    "JST": 9,
    "AEST": 10,
    "AEDT": 11,
}
#: Zones news names without saying standard or daylight time: the offset depends on the date.
REGION_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles"}
TZINFOS = {name: int(hours * 3600) for name, hours in ZONE_HOURS.items()} | {
    name: dateutil_tz.gettz(zone) for name, zone in REGION_ZONES.items()
}
#: A year alone ('2024') is too little to date an article.
_YEAR_ONLY = re.compile(r"\s*\d{4}\s*")
#: A year (or a numeric date with a two-digit one): parsers fill missing parts from today or year 1,
#: so a value without one ('June', '3 pm') is no date.
_YEAR = re.compile(r"\b\d{4}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b")
#: A time of day in a date string ('14:30', 'T09:05:00').
_TIME = re.compile(r"\d{1,2}:\d{2}")


@dataclass(frozen=True)
class When:
    """A parsed date value: its calendar day, its moment in UTC (when it has a time of day) and
    the original string."""

    day: date | None
    moment: datetime | None
    text: str | None
    #: A time was given in a zone no parser knows: the day is kept, the moment left empty.
    unknown_zone: bool = False

    @property
    def parsed(self) -> bool:
        return self.text is None or self.day is not None

    @property
    def problem(self) -> str | None:
        """What could not be read, for a warning; None when all of it was."""
        if not self.parsed:
            return f"date {self.text!r} could not be read; left empty"
        if self.unknown_zone:
            return f"time zone of {self.text!r} unknown; the day is kept, the time left empty"
        return None


NOT_GIVEN = When(None, None, None)


def _to_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _from_timestamp(value: datetime | date) -> When:
    """A value that is already a date or datetime (parquet, pandas)."""
    if isinstance(value, datetime):
        return When(value.date(), _to_utc(value), value.isoformat())
    return When(value, None, value.isoformat())


def parse_when(value: object) -> When:
    """Parse a date cell; `When.parsed` is False when it could not be read (the text is kept)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return NOT_GIVEN
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime | date):
        return _from_timestamp(value)
    text = str(value).strip()
    if not text:
        return NOT_GIVEN
    moment, zone_known = _parse_text(text)
    if moment is None:
        return When(None, None, text)
    if not zone_known:
        return When(moment.date(), None, text, unknown_zone=True)
    return When(moment.date(), _to_utc(moment) if _TIME.search(text) else None, text)


def _parse_text(text: str) -> tuple[datetime | None, bool]:
    """pandas' parser (ISO 8601 and the common forms), then dateutil's with news zone names; and
    whether the zone, if any, was understood."""
    if not _YEAR.search(text) or _YEAR_ONLY.fullmatch(text):
        return None, True
    with warnings.catch_warnings():  # pandas warns when it falls back to dateutil; the result is what we want
        warnings.simplefilter("ignore")
        try:
            stamp = pd.Timestamp(text)
            if not pd.isna(stamp):
                return stamp.to_pydatetime(), True
        except (ValueError, TypeError, OverflowError):
            pass
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", dateutil_parser.UnknownTimezoneWarning)
        try:
            moment = dateutil_parser.parse(text, tzinfos=TZINFOS)
        except (ValueError, OverflowError, TypeError):
            return None, True
    return moment, not any(issubclass(w.category, dateutil_parser.UnknownTimezoneWarning) for w in caught)
