"""Shared chart rendering: what a chart is, its style, and how a page embeds it.

Used by the results page, the PDF reports and the benchmark pages alike; it knows
nothing of any feature's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go


@dataclass(frozen=True)
class Chart:
    """One chart: its texts in one language, its data as a table, and its figure."""

    id: str  # stable, e.g. "radar-leadership-mindsets"
    title: str  # in the chosen language
    caption: str  # one sentence: what the chart shows
    summary: str  # plain-language reading of the data ("Strongest: …; weakest: …")
    table_headers: tuple[str, ...]
    table_rows: tuple[tuple[str, ...], ...]  # every number shown in the chart, as text
    figure: go.Figure  # defined ONCE, used on the web page and (as static SVG) in the PDF
    # The same data laid out for a narrow screen (a phone), as a ``style.spec`` dict: the
    # page draws it below ``style.NARROW_WIDTH`` pixels; None: ``style.narrowed(figure)``.
    # Never printed.
    narrow: dict[str, Any] | None = None


@dataclass(frozen=True)
class Omission:
    """A chart left out of a result, and the sentence that tells the reader why."""

    id: str
    title: str
    reason: str


__all__ = ["Chart", "Omission"]
