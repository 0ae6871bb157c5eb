"""Charts rendered at build time as inline SVG (matplotlib), so the report needs no network.

Honest by construction: a line over time only when there are enough months for a trend
(`time_chart_kind`), shares as 100% stacked bars with their counts in the labels.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from markupsafe import Markup
from matplotlib.ticker import MaxNLocator, PercentFormatter

BAR_COLOR = "#5b7bd5"
WIDTH_INCHES = 7.0
BAR_HEIGHT_INCHES = 0.32
MIN_HEIGHT_INCHES = 1.6
TIME_HEIGHT_INCHES = 2.6
#: Distinct months a line needs to show a trend; fewer get bars, a single month no chart.
MIN_TREND_MONTHS = 6
LINE, BARS = "line", "bars"
#: A share segment is labelled with its percentage only when it is at least this wide.
MIN_LABELLED_SHARE = 0.08
SHARE_COLORS = {"female": "#d9822b", "male": "#3a8f7b", "unknown": "#c8c8c8"}
OTHER_COLOR = "#8a7cc2"
#: matplotlib opens SVG links in a new window; the report's links stay in the same one.
_NEW_WINDOW = ' target="_blank"'


def _svg(figure: plt.Figure) -> Markup:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    svg = buffer.getvalue()
    # drop the XML prologue; matplotlib escapes its text (labels are glyph paths, the text an escaped comment)
    return Markup(svg[svg.index("<svg") :].replace(_NEW_WINDOW, ""))


def _axes(height: float, title: str) -> tuple[plt.Figure, plt.Axes]:
    figure, axes = plt.subplots(figsize=(WIDTH_INCHES, height))
    axes.set_title(title, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _bars_height(n: int) -> float:
    return max(MIN_HEIGHT_INCHES, BAR_HEIGHT_INCHES * n + 0.8)


def bar_chart(labels: Sequence[str], values: Sequence[float], title: str, urls: Sequence[str] | None = None) -> Markup:
    """Horizontal bars, largest on top; with `urls`, each bar and its label link to its page."""
    figure, axes = _axes(_bars_height(len(labels)), title)
    positions = list(range(len(labels)))
    bars = axes.barh(positions, list(values), color=BAR_COLOR)
    axes.set_yticks(positions, [str(label) for label in labels])
    axes.invert_yaxis()
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    for position, value in zip(positions, values, strict=True):
        axes.text(value, position, f" {value:,.0f}", va="center")
    if urls is not None:
        for bar, tick, url in zip(bars, axes.get_yticklabels(), urls, strict=True):
            bar.set_url(url)
            tick.set_url(url)
    return _svg(figure)


def column_chart(labels: Sequence[str], values: Sequence[float], title: str) -> Markup:
    """Vertical bars, one per label in order: counts for a few periods, where a line would invent a trend."""
    figure, axes = _axes(TIME_HEIGHT_INCHES, title)
    positions = list(range(len(labels)))
    axes.bar(positions, list(values), color=BAR_COLOR, width=0.6)
    axes.set_xticks(positions, [str(label) for label in labels])
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    for position, value in zip(positions, values, strict=True):
        axes.text(position, value, f"{value:,.0f}", ha="center", va="bottom")
    return _svg(figure)


def line_chart(labels: Sequence[str], values: Sequence[float], title: str) -> Markup:
    """Counts over time."""
    figure, axes = _axes(TIME_HEIGHT_INCHES, title)
    axes.plot(list(labels), list(values), marker="o", color=BAR_COLOR)
    axes.tick_params(axis="x", labelrotation=45)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=24))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0)
    return _svg(figure)


def time_chart_kind(n_months: int) -> str | None:
    """Which chart `n_months` distinct months of data support: a line (a trend), bars (a few months) or none."""
    if n_months >= MIN_TREND_MONTHS:
        return LINE
    return BARS if n_months >= 2 else None


def every_month(counts: pd.Series) -> pd.Series:
    """Counts indexed by 'YYYY-MM', with every month from the first to the last (0 where none): a line's x axis."""
    span = pd.period_range(min(counts.index), max(counts.index), freq="M").strftime("%Y-%m")
    return counts.reindex(span, fill_value=0)


def time_chart(months: pd.Series, title: str) -> Markup | None:
    """Counts per month ('YYYY-MM' values, '' undated) as the chart `time_chart_kind` allows, or None."""
    counts = months[months != ""].value_counts().sort_index()
    kind = time_chart_kind(len(counts))
    if kind == LINE:
        counts = every_month(counts)
        return line_chart(list(counts.index), list(counts.values), title)
    if kind == BARS:
        return column_chart(list(counts.index), list(counts.values), title)
    return None


def share_chart(labels: Sequence[str], shares: Mapping[str, Sequence[float]], title: str) -> Markup:
    """100% stacked horizontal bars: one bar per label, one segment per key of `shares` (a share in 0..1)."""
    figure, axes = _axes(_bars_height(len(labels)) + 0.3, title)
    positions = list(range(len(labels)))
    left = [0.0] * len(labels)
    for name, values in shares.items():
        axes.barh(positions, list(values), left=left, color=SHARE_COLORS.get(name, OTHER_COLOR), label=name)
        for position, (start, value) in enumerate(zip(left, values, strict=True)):
            if value >= MIN_LABELLED_SHARE:
                axes.text(start + value / 2, position, f"{value:.0%}", ha="center", va="center", fontsize=8)
        left = [start + value for start, value in zip(left, values, strict=True)]
    axes.set_yticks(positions, [str(label) for label in labels])
    axes.invert_yaxis()
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_formatter(PercentFormatter(1.0))
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    return _svg(figure)
