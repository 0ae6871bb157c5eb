"""Dates as data: the day as written, the moment in UTC, the original string."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from pipeline.dates import parse_when


@pytest.mark.parametrize(
    ("value", "day", "moment"),
    [
        ("2024-03-05", date(2024, 3, 5), None),
        ("2024-03-05T14:30:00+01:00", date(2024, 3, 5), datetime(2024, 3, 5, 13, 30, tzinfo=UTC)),
        ("2024-03-05 23:30:00-05:00", date(2024, 3, 5), datetime(2024, 3, 6, 4, 30, tzinfo=UTC)),
        ("Tue, 05 Mar 2024 14:30:00 GMT", date(2024, 3, 5), datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("March 5, 2024 2:30 PM EST", date(2024, 3, 5), datetime(2024, 3, 5, 19, 30, tzinfo=UTC)),
        ("2024-03-05 14:30", date(2024, 3, 5), datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("5 March 2024", date(2024, 3, 5), None),
    ],
)
def test_time_and_zone_are_kept_in_utc(value: str, day: date, moment: datetime | None) -> None:
    when = parse_when(value)
    assert (when.day, when.moment, when.text, when.parsed) == (day, moment, value, True)


@pytest.mark.parametrize("value", ["sometime last week", "June", "3 pm", "2024-13-45"])
def test_an_unreadable_date_is_kept_as_text_and_flagged(value: str) -> None:
    when = parse_when(value)
    assert when.day is None and when.moment is None and when.text == value and not when.parsed


def test_typed_values_from_parquet_keep_their_zone() -> None:
    local = datetime(2024, 3, 5, 9, 0, tzinfo=timezone(timedelta(hours=-5)))
    when = parse_when(local)
    assert when.moment == datetime(2024, 3, 5, 14, 0, tzinfo=UTC) and when.day == date(2024, 3, 5)
    assert parse_when(date(2024, 3, 5)).moment is None


@pytest.mark.parametrize("value", [None, "", float("nan")])
def test_no_date_is_no_warning(value: object) -> None:
    assert parse_when(value).parsed and parse_when(value).day is None


@pytest.mark.parametrize(
    ("value", "moment"),
    [
        ("Mar. 5, 2024, 2:30 p.m. ET", datetime(2024, 3, 5, 19, 30, tzinfo=UTC)),  # standard time in March
        ("July 5, 2024 2:30 PM PT", datetime(2024, 7, 5, 21, 30, tzinfo=UTC)),  # daylight time in July
    ],
)
def test_region_zones_follow_daylight_time(value: str, moment: datetime) -> None:
    assert parse_when(value).moment == moment


def test_an_unknown_zone_keeps_the_day_and_says_so() -> None:
    when = parse_when("Mar. 5, 2024, 2:30 p.m. XYZ")
    assert when.day == date(2024, 3, 5) and when.moment is None
    assert when.problem == "time zone of 'Mar. 5, 2024, 2:30 p.m. XYZ' unknown; the day is kept, the time left empty"


def test_a_year_alone_is_no_date() -> None:
    assert not parse_when("2024").parsed
