"""One look for every chart: colour-blind-safe colours that are never the only cue.

Colours are the Okabe-Ito set's four that reach 3:1 against white (WCAG 1.4.11); each
series also has its own marker symbol, line dash or bar pattern, and values are written
on the chart. No template is used: the figure carries its whole style, so the web page
and the PDF draw the same thing.
"""

from __future__ import annotations

import textwrap
from typing import Any

import plotly.graph_objects as go
from babel.numbers import get_decimal_symbol, get_group_symbol

from assessment.core.i18n import format_score as score

FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"
MUTED = "#505a5f"

# blue, vermillion, bluish green, reddish purple; contrast 5.2, 3.9, 3.4 and 3.1 on white.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")
SYMBOLS = ("circle", "square", "diamond", "triangle-up")
DASHES = ("solid", "dash", "dot", "dashdot")
PATTERNS = ("", "/", "x", ".")
PEER_FILL = "rgba(80, 90, 95, 0.22)"
# cividis stays ordered for every kind of colour vision; text in cells carries the value.
HEATMAP_SCALE = "Cividis"


def separators(lang: str) -> str:
    """Plotly's number separators for ``lang``: decimal mark, then thousands (Babel's)."""
    return get_decimal_symbol(lang) + get_group_symbol(lang)


def series(position: int) -> dict[str, str]:
    """Colour, symbol, dash and pattern of the ``position``-th series."""
    at = position % len(COLOURS)
    return {
        "colour": COLOURS[at],
        "symbol": SYMBOLS[at],
        "dash": DASHES[at],
        "pattern": PATTERNS[at],
    }


def pattern(position: int) -> dict[str, Any]:
    """White hatching over the series colour, so bars differ without colour too."""
    return {"shape": series(position)["pattern"], "fillmode": "overlay", "fgcolor": "#ffffff",
            "solidity": 0.35, "size": 9}  # fmt: skip


# Below this many pixels of width a page draws a chart's ``narrow`` figure (js/charts.js).
NARROW_WIDTH = 600
# The widest a figure is drawn at in print (reports/charts.py DEFAULT_SIZE) and about the
# narrowest on a wide screen: column labels are wrapped to fit it.
WIDE_WIDTH = 760
# The narrow figures' text size: 12 px and up stays legible on a phone.
NARROW_FONT = 12
# An average character of our sans-serif fonts is about this share of the font's size wide.
CHARACTER_WIDTH = 0.6


def wrap(label: str, width: int = 22) -> str:
    """Break a long axis label over lines (Plotly's ``<br>``), never inside a word."""
    return "<br>".join(textwrap.wrap(label, width, break_long_words=False)) or label


def characters(pixels: float, font_size: float = 14) -> int:
    """About how many characters of ``font_size`` fit in ``pixels`` (at least four)."""
    return max(4, int(pixels / (font_size * CHARACTER_WIDTH)))


def longest_line(label: str) -> int:
    """The length of the longest line of a wrapped label."""
    return max((len(line) for line in label.split("<br>")), default=0)


def layout(
    chart_id: str, chart_title: str, caption: str, lang: str, *, height: int = 460, **extra: Any
) -> dict[str, Any]:
    """Our fonts, title, margins and ``meta``, with ``extra`` merged in (nested keys too)."""
    base: dict[str, Any] = {
        "title": {"text": chart_title, "x": 0, "xanchor": "left", "font": {"size": 18}},
        "font": {"family": FONT_FAMILY, "size": 14, "color": TEXT_COLOUR},
        "separators": separators(lang),
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "height": height,
        "margin": {"l": 20, "r": 20, "t": 60, "b": 90, "autoexpand": True},
        # At the foot of the whole figure, below any axis title.
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "yref": "container", "y": 0,
                   "yanchor": "bottom", "itemclick": False, "itemdoubleclick": False},
        "dragmode": False,
        "hovermode": "closest",
        "meta": {"id": chart_id, "caption": caption, "lang": lang},
    }  # fmt: skip
    return merge(base, extra)


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` updated with ``extra``, nested dictionaries merged key by key."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def figure(traces: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """Build the figure once from plain dicts (Plotly validates them here).

    No template: the figure carries its whole style. Building from dicts in one call is
    far quicker than adding traces and updating the layout step by step.
    """
    return go.Figure(data=traces, layout={"template": "none", **layout})


def spec(traces: list[dict[str, Any]], layout: dict[str, Any]) -> dict[str, Any]:
    """A figure as Plotly's JSON-ready dict, not validated.

    For the layouts only a page draws (a phone's): building them as figures would make
    every page slower.
    """
    return {"data": traces, "layout": {"template": "none", **layout}}


def score_axis(title: str) -> dict[str, Any]:
    """A fixed 1-5 axis with one tick per level."""
    return {
        "title": {"text": title},
        "range": [1, 5.35],
        "tickvals": [1, 2, 3, 4, 5],
        "gridcolor": GRID_COLOUR,
        "zeroline": False,
        "fixedrange": True,
        "automargin": True,
    }


def category_axis(**extra: Any) -> dict[str, Any]:
    """An axis of labels, never zoomed."""
    return {"fixedrange": True, "automargin": True, "showgrid": False, **extra}


def score_bars(
    labels: list[str],
    scores: list[float | None],
    name: str,
    position: int,
    lang: str,
    *,
    patterned: bool = True,
) -> dict[str, Any]:
    """Horizontal bars of 1-5 scores that start at 1, each labelled with its score."""
    look = series(position)
    marker: dict[str, Any] = {
        "color": look["colour"],
        "line": {"color": look["colour"], "width": 1},
    }
    if patterned:
        marker["pattern"] = pattern(position)
    return {
        "type": "bar", "orientation": "h", "y": labels, "base": 1, "name": name,
        "x": [None if v is None else round(v - 1, 2) for v in scores],
        "customdata": scores, "text": [score(v, lang) for v in scores],
        "textposition": "outside", "cliponaxis": False, "marker": marker,
        "hovertemplate": "%{y}<br>" + name + ": %{customdata:.2f}<extra></extra>",
    }  # fmt: skip


# A phone's chart box (a 390 px screen less the page's gutters), less a y axis' labels.
_PHONE_PLOT = 290
# A figure's height outside its plot: margins, axis title, legend.
_FRAME = 240


def rewrap(label: str, width: int) -> str:
    """A label already wrapped for a wide figure, wrapped again to ``width`` characters."""
    return wrap(label.replace("<br>", " "), width)


def narrowed(figure: go.Figure) -> dict[str, Any]:
    """``figure`` laid out for a phone, as Plotly's JSON-ready dict.

    A smaller font, labels and legend wrapped shorter (a dict: validating a new figure
    would slow every page).
    Category labels that cannot share the width (a word longer than a category's share)
    are written upright. Heatmaps and radars have narrow figures of their own
    (``charting.heatmap``, the score profile's bars).
    """
    spec = figure.to_plotly_json()
    layout = merge(spec.get("layout", {}), {"font": {"size": NARROW_FONT}})
    margin = layout.get("margin", {})
    # Values written past a bar's end need room at the right.
    layout["margin"] = {**margin, "l": 10, "r": 44}
    upright = False
    for trace in spec.get("data", []):
        if trace.get("name"):
            trace["name"] = rewrap(str(trace["name"]), 40)
        horizontal = trace.get("orientation") == "h"
        labels_on = "y" if horizontal else "x"
        values = trace.get(labels_on)
        if values is None or not all(isinstance(v, str) for v in values):
            continue
        if horizontal:
            trace["y"] = [rewrap(v, 18) for v in values]
            # Each category gets the height of its label's lines, so they never touch.
            lines = max((v.count("<br>") + 1 for v in trace["y"]), default=1)
            needed = len(set(values)) * (lines * NARROW_FONT * 1.3 + 12)
            layout["height"] = max(layout.get("height", 0), needed + _FRAME)
            continue
        share = _PHONE_PLOT / max(len(set(values)), 1) - 6
        fits = characters(share, NARROW_FONT)
        words = [word for v in values for word in v.replace("<br>", " ").split()]
        upright = upright or any(len(word) > fits for word in words)
        trace["x"] = [rewrap(v, 18 if upright else fits) for v in values]
    if upright:
        layout["xaxis"] = {**layout.get("xaxis", {}), "tickangle": -90}
    spec["layout"] = layout
    return spec
