"""Charts rendered at build time as inline SVG (matplotlib), so the report needs no network."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from markupsafe import Markup
from matplotlib.ticker import MaxNLocator

BAR_COLOR = "#5b7bd5"
WIDTH_INCHES = 7.0
BAR_HEIGHT_INCHES = 0.32
MIN_HEIGHT_INCHES = 1.6


def _svg(figure: plt.Figure) -> Markup:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    svg = buffer.getvalue()
    return Markup(svg[svg.index("<svg") :])  # drop the XML prologue; matplotlib escapes its text


def bar_chart(labels: Sequence[str], values: Sequence[float], title: str) -> Markup:
    """Horizontal bars, largest on top."""
    height = max(MIN_HEIGHT_INCHES, BAR_HEIGHT_INCHES * len(labels) + 0.8)
    figure, axes = plt.subplots(figsize=(WIDTH_INCHES, height))
    positions = range(len(labels))
    axes.barh(list(positions), list(values), color=BAR_COLOR)
    axes.set_yticks(list(positions), [str(label) for label in labels])
    axes.invert_yaxis()
    axes.set_title(title, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    for position, value in zip(positions, values, strict=True):
        axes.text(value, position, f" {value:,.0f}", va="center")
    return _svg(figure)


def line_chart(labels: Sequence[str], values: Sequence[float], title: str) -> Markup:
    """Counts over time."""
    figure, axes = plt.subplots(figsize=(WIDTH_INCHES, 2.6))
    axes.plot(list(labels), list(values), marker="o", color=BAR_COLOR)
    axes.set_title(title, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="x", labelrotation=45)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    return _svg(figure)
