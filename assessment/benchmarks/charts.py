"""Charts of a benchmark table: a heatmap of medians and the distribution of levels.

Each chart is an ``assessment.results.charts.Chart`` (title, caption, summary, a table holding
every number drawn, and a Plotly figure), so the explorer draws it with the same
script as the results page and a PDF can export the same figure. Charts are built from
the disclosure-controlled table only: a withheld figure is a gap, never a number.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from assessment.benchmarks.labels import level_label, number, value_label
from assessment.benchmarks.services import Exploration
from assessment.benchmarks.wording import word
from assessment.charting import Chart, style
from scoring.benchmark import CELL, TOTAL, Cell

# Five ordered shades (cividis), dark to light, with the share written on each bar.
LEVEL_COLOURS = ("#00224e", "#414d6b", "#7c7b78", "#bcaf6f", "#fee838")
LEVEL_TEXT = ("#ffffff", "#ffffff", "#ffffff", "#0b0c0c", "#0b0c0c")


def group_label(exploration: Exploration, cell: Cell, lang: str) -> str:
    """Return "France · Local", or "All organisations" for the total."""
    fields = exploration.table.group_by
    if cell.kind == TOTAL:
        return word("all_organisations", lang)
    return " · ".join(value_label(f, v, lang) for f, v in zip(fields, cell.values, strict=True))


def dimension_titles(exploration: Exploration, lang: str) -> list[str]:
    definition = exploration.questionnaire
    titles = []
    for dimension_id in exploration.dimension_ids:
        dimension = definition.dimension(dimension_id)
        titles.append(dimension.title.get(lang) if dimension else dimension_id)
    return titles


def charted_cells(exploration: Exploration) -> list[Cell]:
    """The groups drawn: the cells of the breakdown, or the total when there is none."""
    table = exploration.table
    kind = CELL if table.group_by else TOTAL
    return [cell for cell in table.cells if cell.kind == kind]


def _layout(chart_id: str, title: str, caption: str, lang: str, height: int) -> dict[str, Any]:
    return {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 18}},
        "font": {"family": style.FONT_FAMILY, "size": 14, "color": style.TEXT_COLOUR},
        "separators": ", " if lang == "fr" else ".,",
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "height": height,
        "margin": {"l": 20, "r": 20, "t": 60, "b": 40, "autoexpand": True},
        "dragmode": False,
        "hovermode": "closest",
        "meta": {"id": chart_id, "caption": caption, "lang": lang},
    }


def heatmap(exploration: Exploration, lang: str) -> Chart:
    """Median score per dimension (columns, overall first) and group (rows)."""
    cells = charted_cells(exploration)
    columns = [word("overall", lang), *dimension_titles(exploration, lang)]
    rows_z: list[list[float | None]] = []
    table_rows = []
    for cell in cells:
        medians = _medians(cell, exploration.dimension_ids)
        rows_z.append(medians)
        table_rows.append(
            (group_label(exploration, cell, lang),
             *(word("withheld", lang) if m is None else number(m, lang) for m in medians))
        )  # fmt: skip
    labels = [group_label(exploration, c, lang) for c in cells]
    shown = sum(1 for row in rows_z for value in row if value is not None)
    total = sum(len(row) for row in rows_z)
    title = word("heatmap_title", lang)
    caption = word("heatmap_caption", lang)
    figure = go.Figure(
        data=[
            {
                "type": "heatmap",
                "z": rows_z,
                "x": [style.wrap(c, 14) for c in columns],
                "y": labels,
                "zmin": 1,
                "zmax": 5,
                "colorscale": style.HEATMAP_SCALE,
                "colorbar": {"title": {"text": word("median", lang)}, "tickvals": [1, 2, 3, 4, 5]},
                "text": [[number(v, lang) if v is not None else "" for v in row] for row in rows_z],
                "texttemplate": "%{text}",
                "hoverongaps": False,
                "xgap": 2,
                "ygap": 2,
            }
        ],
        layout={
            "template": "none",
            **_layout("benchmark-heatmap", title, caption, lang, 220 + 44 * max(len(cells), 1)),
            "xaxis": {"side": "top", "tickangle": 0, "fixedrange": True, "automargin": True},
            "yaxis": {"autorange": "reversed", "fixedrange": True, "automargin": True},
        },
    )
    return Chart(
        id="benchmark-heatmap",
        title=title,
        caption=caption,
        summary=word("heatmap_summary", lang, shown=shown, total=total),
        table_headers=(word("group", lang), *columns),
        table_rows=tuple(table_rows),
        figure=figure,
    )


def _medians(cell: Cell, dimension_ids: tuple[str, ...]) -> list[float | None]:
    if cell.suppressed or cell.overall is None:
        return [None] * (1 + len(dimension_ids))
    summaries = [cell.overall, *(cell.dimension(d) for d in dimension_ids)]
    return [None if s is None or s.suppressed else s.median for s in summaries]


def levels(exploration: Exploration, lang: str) -> Chart:
    """Share of organisations at each overall level, per group with a published distribution."""
    cells = charted_cells(exploration)
    drawn = [c for c in cells if c.overall is not None and c.overall.levels is not None]
    labels = [group_label(exploration, c, lang) for c in drawn]
    traces = []
    for index, level in enumerate((1, 2, 3, 4, 5)):
        shares = [_share(c, index) for c in drawn]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": level_label(level, lang),
                "x": shares,
                "y": labels,
                "marker": {"color": LEVEL_COLOURS[index], "line": {"color": "#ffffff", "width": 1}},
                "text": [f"{number(s, lang, 0)} %" if s else "" for s in shares],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "textfont": {"color": LEVEL_TEXT[index]},
                "hovertemplate": "%{y}: %{x:.0f} %<extra>" + level_label(level, lang) + "</extra>",
            }
        )
    title = word("distribution_title", lang)
    caption = word(
        "distribution_caption", lang, minimum=exploration.table.rules.distribution_threshold
    )
    figure = go.Figure(
        data=traces,
        layout={
            "template": "none",
            **_layout("benchmark-levels", title, caption, lang, 260 + 40 * max(len(drawn), 1)),
            "barmode": "stack",
            "xaxis": {"range": [0, 100], "title": {"text": word("share_of_organisations", lang)},
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
        if summary is None or summary.levels is None:
            table_rows.append(
                (group_label(exploration, cell, lang), *([word("withheld", lang)] * 6))
            )
            continue
        table_rows.append(
            (group_label(exploration, cell, lang), str(summary.n),
             *(str(count) for count in summary.levels))
        )  # fmt: skip
    return Chart(
        id="benchmark-levels",
        title=title,
        caption=caption,
        summary=word("distribution_summary", lang, shown=len(drawn), total=len(cells)),
        table_headers=(
            word("group", lang),
            word("organisations", lang),
            *(level_label(level, lang) for level in (1, 2, 3, 4, 5)),
        ),
        table_rows=tuple(table_rows),
        figure=figure,
    )


def _share(cell: Cell, index: int) -> float:
    assert cell.overall is not None and cell.overall.levels is not None
    counts = cell.overall.levels
    total = sum(counts)
    return round(100 * counts[index] / total, 1) if total else 0.0


def explorer_charts(exploration: Exploration, lang: str) -> list[Chart]:
    """The explorer's charts, in page order."""
    return [heatmap(exploration, lang), levels(exploration, lang)]
