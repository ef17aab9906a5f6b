"""Charts of a benchmark table: a heatmap of medians and the distribution of levels.

Each chart is an ``assessment.results.charts.Chart`` (title, caption, summary, a table holding
every number drawn, and a Plotly figure), so the explorer draws it with the same
script as the results page and a PDF can export the same figure. Charts are built from
the disclosure-controlled table only: a withheld figure is a gap, never a number.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from flask_babel import gettext as _
from flask_babel import ngettext

from assessment.benchmarks.labels import (
    count,
    language,
    level_label,
    number,
    percent,
    points,
    value_label,
)
from assessment.benchmarks.services import Exploration
from assessment.charting import Chart, style
from assessment.charting.heatmap import Grid, heatmaps
from assessment.core.i18n import current_language
from scoring.benchmark import CELL, LEVELS, TOTAL, Cell

# Five ordered shades (cividis), dark to light, with the share written on each bar.
LEVEL_COLOURS = ("#00224e", "#414d6b", "#7c7b78", "#bcaf6f", "#fee838")
LEVEL_TEXT = ("#ffffff", "#ffffff", "#ffffff", "#0b0c0c", "#0b0c0c")


def group_label(exploration: Exploration, cell: Cell) -> str:
    """Return "France · Local", or "All organisations" for the total."""
    fields = exploration.table.group_by
    if cell.kind == TOTAL:
        return _("All organisations")
    return " · ".join(value_label(f, v) for f, v in zip(fields, cell.values, strict=True))


def dimension_title(exploration: Exploration, dimension_id: str) -> str:
    """A dimension's title in the current language (its id when the definition lacks it)."""
    dimension = exploration.questionnaire.dimension(dimension_id)
    return dimension.title.get(language()) if dimension else dimension_id


def dimension_titles(exploration: Exploration) -> list[str]:
    """The titles of the table's dimensions, in table order."""
    return [dimension_title(exploration, d) for d in exploration.dimension_ids]


def charted_cells(exploration: Exploration) -> list[Cell]:
    """The groups drawn: the cells of the breakdown, or the total when there is none."""
    table = exploration.table
    kind = CELL if table.group_by else TOTAL
    return [cell for cell in table.cells if cell.kind == kind]


def _separators() -> str:
    return style.separators(current_language())


def _layout(chart_id: str, title: str, caption: str, height: int) -> dict[str, Any]:
    return {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 18}},
        "font": {"family": style.FONT_FAMILY, "size": 14, "color": style.TEXT_COLOUR},
        "separators": _separators(),
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "height": height,
        "margin": {"l": 20, "r": 20, "t": 60, "b": 40, "autoexpand": True},
        "dragmode": False,
        "hovermode": "closest",
        "meta": {"id": chart_id, "caption": caption, "lang": language()},
    }


def heatmap(exploration: Exploration) -> Chart:
    """Median score per dimension (columns, overall first) and group (rows)."""
    cells = charted_cells(exploration)
    withheld = _("Withheld")
    columns = [_("Overall"), *dimension_titles(exploration)]
    rows_z: list[list[float | None]] = []
    table_rows = []
    for cell in cells:
        medians = _medians(cell, exploration.dimension_ids)
        rows_z.append(medians)
        table_rows.append(
            (group_label(exploration, cell),
             *(withheld if m is None else number(m) for m in medians))
        )  # fmt: skip
    labels = [group_label(exploration, c) for c in cells]
    shown = sum(1 for row in rows_z for value in row if value is not None)
    total = sum(len(row) for row in rows_z)
    title = _("Median score by dimension and group")
    caption = _(
        "Each square is the median score of a dimension in a group; empty squares are withheld."
    )
    text = [[number(v) if v is not None else "" for v in row] for row in rows_z]
    grid = Grid(labels, columns, rows_z, text, _("Median"))
    figure, narrow = heatmaps(
        grid, "benchmark-heatmap", title, caption, language(), row_height=44, gap=2
    )
    return Chart(
        id="benchmark-heatmap",
        title=title,
        caption=caption,
        summary=ngettext(
            "%(shown)s of %(count)s square is shown; empty ones are withheld"
            " by disclosure control.",
            "%(shown)s of %(count)s squares are shown; empty ones are withheld by disclosure"
            " control.",
            total,
            shown=count(shown),
            count=count(total),
        ),
        table_headers=(_("Group"), *columns),
        table_rows=tuple(table_rows),
        figure=figure,
        narrow=narrow,
    )


def _medians(cell: Cell, dimension_ids: tuple[str, ...]) -> list[float | None]:
    if cell.suppressed or cell.overall is None:
        return [None] * (1 + len(dimension_ids))
    summaries = [cell.overall, *(cell.dimension(d) for d in dimension_ids)]
    return [None if s is None or s.suppressed else s.median for s in summaries]


def levels(exploration: Exploration) -> Chart:
    """Share of organisations at each overall level, per group with a published distribution."""
    cells = charted_cells(exploration)
    drawn = [c for c in cells if c.overall is not None and c.overall.level_shares is not None]
    labels = [group_label(exploration, c) for c in drawn]
    withheld = _("Withheld")
    traces = []
    for index, level in enumerate(LEVELS):
        shares = [_share(c, index) for c in drawn]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": level_label(level),
                "x": shares,
                "y": labels,
                "marker": {"color": LEVEL_COLOURS[index], "line": {"color": "#ffffff", "width": 1}},
                "text": [percent(s / 100, 0) if s else "" for s in shares],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "textfont": {"color": LEVEL_TEXT[index]},
                "hovertemplate": "%{y}: %{x:.0f} %<extra>" + level_label(level) + "</extra>",
            }
        )
    title = _("Overall level: distribution of organisations")
    minimum = exploration.table.rules.distribution_threshold
    caption = ngettext(
        "Share of the organisations of each group at each maturity level, rounded to"
        " %(points)s points (groups of at least %(count)s organisation).",
        "Share of the organisations of each group at each maturity level, rounded to"
        " %(points)s points (groups of at least %(count)s organisations).",
        minimum,
        count=count(minimum),
        points=points(exploration.table.rules.share_base),
    )
    figure = go.Figure(
        data=traces,
        layout={
            "template": "none",
            **_layout("benchmark-levels", title, caption, 260 + 40 * max(len(drawn), 1)),
            "barmode": "stack",
            "xaxis": {"range": [0, 100], "title": {"text": _("Share of organisations (%)")},
                      "fixedrange": True, "gridcolor": style.GRID_COLOUR},
            "yaxis": {"autorange": "reversed", "fixedrange": True, "automargin": True},
            "legend": {"orientation": "h", "x": 0, "y": -0.3, "yanchor": "top",
                       "traceorder": "normal", "itemclick": False, "itemdoubleclick": False},
            "margin": {"l": 20, "r": 20, "t": 60, "b": 110, "autoexpand": True},
        },
    )  # fmt: skip
    table_rows = []
    for cell in cells:
        summary = cell.overall
        if summary is None or summary.level_shares is None:
            table_rows.append((group_label(exploration, cell), *([withheld] * 6)))
            continue
        table_rows.append(
            (group_label(exploration, cell), count(summary.n),
             *(percent(share / 100, 0) for share in summary.level_shares))
        )  # fmt: skip
    return Chart(
        id="benchmark-levels",
        title=title,
        caption=caption,
        summary=ngettext(
            "Distributions are shown for %(shown)s of %(count)s group.",
            "Distributions are shown for %(shown)s of %(count)s groups.",
            len(cells),
            shown=count(len(drawn)),
            count=count(len(cells)),
        ),
        table_headers=(
            _("Group"),
            _("Organisations"),
            *(level_label(level) for level in LEVELS),
        ),
        table_rows=tuple(table_rows),
        figure=figure,
    )


def _share(cell: Cell, index: int) -> float:
    # The published share itself (percent, already rounded): the chart adds nothing.
    assert cell.overall is not None and cell.overall.level_shares is not None
    return cell.overall.level_shares[index]


def explorer_charts(exploration: Exploration) -> list[Chart]:
    """The explorer's charts, in page order, in the current language."""
    return [heatmap(exploration), levels(exploration)]
