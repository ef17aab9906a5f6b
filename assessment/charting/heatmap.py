"""Heatmaps whose labels fit: one layout for wide screens and print, one for phones.

A heatmap has a label per column side by side: at a fixed width they overlap as soon as
the names are long (French ones are) or the columns many. The wide figure wraps column
labels to the width a column has when drawn ``style.WIDE_WIDTH`` pixels wide (and
writes them upright when a word is wider than a column); both put the longer list down
the side, and the narrow one puts the colour scale underneath.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from assessment.charting import style as s

# Pixels taken by the figure's side margins, and by a colour bar at the right.
_MARGINS = 40
_COLOUR_BAR = 90
# A phone's chart box: the 390 px screen less the page's gutters.
_PHONE_WIDTH = 350


@dataclass(frozen=True)
class Grid:
    """What a heatmap shows: row and column labels, values, and each value as text."""

    rows: list[str]
    columns: list[str]
    z: list[list[float | None]]
    text: list[list[str]]
    scale_title: str  # the colour bar's title, also the value's name when hovered


def heatmaps(
    grid: Grid,
    chart_id: str,
    title: str,
    caption: str,
    lang: str,
    *,
    row_height: int = 58,
    text_size: int = 15,
    gap: int = 3,
) -> tuple[go.Figure, dict[str, Any]]:
    """The wide (screen and print) figure of ``grid``, and its narrow (phone) ``style.spec``."""
    return (
        _wide(grid, chart_id, title, caption, lang, row_height, text_size, gap),
        _narrow(grid, chart_id, title, caption, lang, gap),
    )


def _longer_list_down(grid: Grid) -> tuple[Grid, str]:
    """``grid`` with its longer list as the rows, and the hover text's order of names."""
    if len(grid.columns) <= len(grid.rows):
        return grid, "%{y}<br>%{x}"
    flipped = Grid(
        rows=grid.columns,
        columns=grid.rows,
        z=[list(line) for line in zip(*grid.z, strict=True)],
        text=[list(line) for line in zip(*grid.text, strict=True)],
        scale_title=grid.scale_title,
    )
    return flipped, "%{x}<br>%{y}"


def _column_labels(columns: list[str], per_column: float, font: int) -> tuple[list[str], int]:
    """Column labels wrapped to a column's width, and their angle.

    When a single word is wider than a column, the labels are written upright (their
    lines then stack across the column): tilting them only as far as Plotly judges
    necessary would leave them to run into the row labels or each other.
    """
    fits = s.characters(per_column, font)
    words = [word for label in columns for word in label.split()]
    if all(len(word) <= fits for word in words):
        return [s.wrap(c, fits) for c in columns], 0
    return [s.wrap(c, 18) for c in columns], -90


def _row_height(labels: list[str], font: int, least: int) -> int:
    """A row's height: at least ``least``, and room for the most lines a label has."""
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    return max(least, round(lines * font * 1.3 + 12))


def _trace(grid: Grid, x: list[str], y: list[str], size: int, gap: int) -> dict[str, Any]:
    return {
        "type": "heatmap", "z": grid.z, "x": x, "y": y, "text": grid.text,
        "zmin": 1, "zmax": 5, "colorscale": s.HEATMAP_SCALE, "xgap": gap, "ygap": gap,
        "hoverongaps": False, "texttemplate": "%{text}", "textfont": {"size": size},
        "hovertemplate": "%{y}<br>%{x}<br>" + grid.scale_title + ": %{z:.2f}<extra></extra>",
    }  # fmt: skip


def _wide(
    grid: Grid, chart_id: str, title: str, caption: str, lang: str,
    row_height: int, text_size: int, gap: int,
) -> go.Figure:  # fmt: skip
    grid, hover = _longer_list_down(grid)
    y = [s.wrap(r, 26) for r in grid.rows]
    row_labels = max((s.longest_line(label) for label in y), default=0) * 14 * s.CHARACTER_WIDTH
    plot = s.WIDE_WIDTH - _MARGINS - _COLOUR_BAR - row_labels
    # A few pixels of each column stay free, so that neighbouring labels never touch.
    x, angle = _column_labels(grid.columns, plot / max(len(grid.columns), 1) - 8, 14)
    trace = _trace(grid, x, y, text_size, gap)
    trace["hovertemplate"] = trace["hovertemplate"].replace("%{y}<br>%{x}", hover)
    trace["colorbar"] = {"title": {"text": grid.scale_title, "side": "right"},
                         "tickvals": [1, 2, 3, 4, 5], "thickness": 14}  # fmt: skip
    layout = s.layout(
        chart_id, title, caption, lang,
        height=max(380, 190 + _row_height(y, 14, row_height) * len(y)),
        xaxis=s.category_axis(side="top", tickangle=angle),
        yaxis=s.category_axis(autorange="reversed"),
        margin={"t": 120, "b": 20}, title={"y": 0.98, "yanchor": "top"},
    )  # fmt: skip
    return s.figure([trace], layout)


def _narrow(
    grid: Grid, chart_id: str, title: str, caption: str, lang: str, gap: int
) -> dict[str, Any]:
    # The longer list runs down the side, where labels have the width of the screen.
    grid, hover = _longer_list_down(grid)
    font = s.NARROW_FONT
    y = [s.wrap(r, 14) for r in grid.rows]
    row_labels = max((s.longest_line(label) for label in y), default=0) * font * s.CHARACTER_WIDTH
    per_column = (_PHONE_WIDTH - 20 - row_labels) / max(len(grid.columns), 1)
    x, angle = _column_labels(grid.columns, per_column - 6, font)
    trace = _trace(grid, x, y, font, gap)
    trace["hovertemplate"] = trace["hovertemplate"].replace("%{y}<br>%{x}", hover)
    trace["colorbar"] = {
        "title": {"text": grid.scale_title, "side": "bottom"}, "tickvals": [1, 2, 3, 4, 5],
        "orientation": "h", "thickness": 12, "len": 1, "lenmode": "fraction",
        "x": 0, "xanchor": "left", "xref": "container", "y": 0, "yanchor": "bottom",
        "yref": "container",
    }  # fmt: skip
    layout = s.layout(
        chart_id, title, caption, lang, height=230 + _row_height(y, font, 48) * len(y),
        font={"size": font}, title={"font": {"size": 16}},
        xaxis=s.category_axis(side="top", tickangle=angle),
        yaxis=s.category_axis(autorange="reversed"),
        margin={"l": 10, "r": 10, "t": 60, "b": 90},
    )  # fmt: skip
    return s.spec([trace], layout)
