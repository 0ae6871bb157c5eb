"""Honest charts: a line only for a trend of six months or more, bars for a few months, none for one."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.report import charts
from pipeline.report.charts import BARS, LINE, MIN_TREND_MONTHS, bar_chart, every_month, time_chart, time_chart_kind


@pytest.mark.parametrize(
    ("months", "kind"), [(0, None), (1, None), (2, BARS), (MIN_TREND_MONTHS - 1, BARS), (MIN_TREND_MONTHS, LINE), (40, LINE)]
)
def test_the_number_of_months_chooses_the_chart(months: int, kind: str | None) -> None:
    assert time_chart_kind(months) == kind


def test_a_single_month_or_no_dates_give_no_time_chart() -> None:
    assert time_chart(pd.Series(["2025-02", "2025-02", ""]), "Quotes per month") is None
    assert time_chart(pd.Series(["", ""]), "Quotes per month") is None


def test_two_dates_are_bars_not_a_line(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(charts, "column_chart", lambda labels, values, title: drawn.append((BARS, list(labels))))
    monkeypatch.setattr(charts, "line_chart", lambda labels, values, title: drawn.append((LINE, list(labels))))
    time_chart(pd.Series(["2025-01", "2025-02", "2025-02", "2024-01"]), "Quotes per month")
    assert drawn == [(BARS, ["2024-01", "2025-01", "2025-02"])]  # months with quotes only: no line across a gap
    time_chart(pd.Series([f"2024-{m:02d}" for m in (1, 2, 3, 4, 5, 9)]), "Quotes per month")
    assert drawn[1] == (LINE, [f"2024-{m:02d}" for m in range(1, 10)])


def test_a_trend_line_has_every_month_between_first_and_last() -> None:
    counts = pd.Series([3, 1], index=["2024-11", "2025-02"])
    assert every_month(counts).to_dict() == {"2024-11": 3, "2024-12": 0, "2025-01": 0, "2025-02": 1}
    months = pd.Series([f"2024-{m:02d}" for m in range(1, 8)])
    assert "<svg" in str(time_chart(months, "Quotes per month"))


def test_linked_bars_open_in_the_same_window_and_labels_are_escaped() -> None:
    svg = str(
        bar_chart(["<img src=x onerror=alert(1)>", "B"], [2, 1], "Most quoted people", urls=["report/person-1.html", "b.html"])
    )
    assert svg.count('xlink:href="report/person-1.html"') == 2  # the bar and its label
    assert 'target="_blank"' not in svg and "<img" not in svg
