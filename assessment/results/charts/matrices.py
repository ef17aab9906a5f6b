"""Instrument-specific charts: tag matrices as heatmaps, and the facet balance."""

from __future__ import annotations

from typing import Any

from assessment.charting import Chart, Omission
from assessment.charting import style as s
from assessment.results.charts import text as t

Json = dict[str, Any]
Table = tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]

MATRIX_IDS = {("stage", "skill"): "skills-by-stage", ("partner", "stage"): "partners-by-stage"}
# A matrix with only a few filled cells says nothing a short list would not: it is drawn
# when at least this share of its cells has a score.
MATRIX_MIN_FILLED = 1 / 3


def matrices(instrument: Json, lang: str, minimum: int) -> list[Chart | Omission]:
    """One heatmap per tag matrix with enough filled cells, each cell's score written in it."""
    qid = instrument["questionnaire"]
    found = [m for m in instrument["views"].get("matrices") or [] if _filled_enough(m)]
    if not instrument.get("detailed", True):
        # A cell is often a single question: item-level detail.
        reason = t.say(t.NOT_DETAILED, lang, minimum=minimum)
        return [Omission(_matrix_id(m, qid), _matrix_title(m, lang), reason) for m in found]
    return [_heatmap(matrix, qid, lang) for matrix in found]


def _filled_enough(matrix: Json) -> bool:
    cells = matrix["cells"]
    with_score = sum(1 for c in cells if c.get("mean") is not None)
    return bool(cells) and with_score >= MATRIX_MIN_FILLED * len(cells)


def _matrix_id(matrix: Json, qid: str) -> str:
    tags = (matrix["rows_tag"], matrix["columns_tag"])
    return f"{MATRIX_IDS.get(tags, '-by-'.join(tags))}-{qid}"


def _matrix_title(matrix: Json, lang: str) -> str:
    tags = (matrix["rows_tag"], matrix["columns_tag"])
    if tags in t.MATRIX_TITLES:
        return t.MATRIX_TITLES[tags].get(lang)
    names = [t.ROW_TAGS[tag].get(lang) if tag in t.ROW_TAGS else tag for tag in tags]
    return t.say(t.MATRIX_TITLE, lang, rows=names[0], columns=names[1].lower())


def _heatmap(matrix: Json, qid: str, lang: str) -> Chart:
    chart_id, title = _matrix_id(matrix, qid), _matrix_title(matrix, lang)
    tags = (matrix["rows_tag"], matrix["columns_tag"])
    caption = t.MATRIX_CAPTIONS.get(tags, t.MATRIX_CAPTION).get(lang)
    cells = {(c["row"], c["column"]): c for c in matrix["cells"]}
    rows, columns = matrix["rows"], matrix["columns"]
    z = [[cells.get((r["code"], c["code"]), {}).get("mean") for c in columns] for r in rows]
    trace = {
        "type": "heatmap", "z": z,
        "x": [s.wrap(c["label"], 14) for c in columns], "y": [s.wrap(r["label"], 26) for r in rows],
        "zmin": 1, "zmax": 5, "colorscale": s.HEATMAP_SCALE, "xgap": 3, "ygap": 3,
        "hoverongaps": False, "texttemplate": "%{text}", "textfont": {"size": 15},
        "text": [["" if v is None else t.score(v, lang) for v in line] for line in z],
        "colorbar": {"title": {"text": t.SCORE.get(lang), "side": "right"},
                     "tickvals": [1, 2, 3, 4, 5], "thickness": 14},
        "hovertemplate": "%{y}<br>%{x}<br>" + t.SCORE.get(lang) + ": %{z:.2f}<extra></extra>",
    }  # fmt: skip
    layout = s.layout(
        chart_id, title, caption, lang, height=max(380, 190 + 58 * len(rows)),
        xaxis=s.category_axis(side="top", tickangle=0),
        yaxis=s.category_axis(autorange="reversed"),
        margin={"t": 120, "b": 20}, title={"y": 0.98, "yanchor": "top"},
    )  # fmt: skip
    row_tag = t.ROW_TAGS.get(matrix["rows_tag"])
    headers = (row_tag.get(lang) if row_tag else matrix["rows_tag"], *(c["label"] for c in columns))
    table = tuple(
        (r["label"], *(t.NO_CELL_SCORE.get(lang) if v is None else t.score(v, lang) for v in line))
        for r, line in zip(rows, z, strict=True)
    )
    summary = _matrix_summary(rows, columns, z, lang)
    return Chart(chart_id, title, caption, summary, headers, table, s.figure([trace], layout))


def _matrix_summary(rows: list[Json], columns: list[Json], z: list[list[Any]], lang: str) -> str:
    filled = [
        (value, r["label"], c["label"])
        for r, line in zip(rows, z, strict=True)
        for c, value in zip(columns, line, strict=True)
        if value is not None
    ]
    if not filled:
        return t.MATRIX_EMPTY.get(lang)
    # max and min keep the first cell in reading order on a tie.
    high = max(filled, key=lambda cell: cell[0])
    low = min(filled, key=lambda cell: cell[0])
    return t.say(
        t.MATRIX_SUMMARY, lang,
        high_row=high[1], high_column=high[2], high=t.score(high[0], lang),
        low_row=low[1], low_column=low[2], low=t.score(low[0], lang),
        empty=len(rows) * len(columns) - len(filled), cells=len(rows) * len(columns),
    )  # fmt: skip


def facets(instrument: Json, lang: str) -> Chart | None:
    """Kinds of innovation today next to the intended balance, as labelled bars."""
    profile = instrument["views"].get("facet_profile")
    if not profile or not profile.get("answers"):
        return None
    chart_id = f"facets-{instrument['questionnaire']}"
    title = t.FACET_TITLE.get(lang)
    codes = [share["facet"] for share in profile["shares"]]
    balance = {b["facet"]: b for b in instrument["views"].get("portfolio_balance") or []}
    intended = any(balance.get(f, {}).get("intended") is not None for f in codes)
    caption = (t.FACET_CAPTION if intended else t.FACET_CAPTION_TODAY).get(lang)
    x = [s.wrap(share["label"], 16) for share in profile["shares"]]
    series = [(t.TODAY.get(lang), [share["percent"] for share in profile["shares"]])]
    if intended:
        series.append((t.INTENDED.get(lang), [balance.get(f, {}).get("intended") for f in codes]))
    traces = []
    for position, (name, values) in enumerate(series):
        look = s.series(position)
        traces.append({
            "type": "bar", "x": x, "y": values, "name": name,
            "text": ["" if v is None else t.percent(v, lang) + "\u00a0%" for v in values],
            "textposition": "outside", "cliponaxis": False,
            "marker": {"color": look["colour"], "line": {"color": look["colour"], "width": 1},
                       "pattern": s.pattern(position)},
            "hovertemplate": "%{x}<br>" + name + ": %{y:.0f}\u00a0%<extra></extra>",
        })  # fmt: skip
    top = max([v for _, values in series for v in values if v is not None] or [0])
    layout = s.layout(
        chart_id, title, caption, lang, height=440, barmode="group", xaxis=s.category_axis(),
        yaxis={"title": {"text": t.SHARE.get(lang)}, "range": [0, max(50, top * 1.2)],
               "gridcolor": s.GRID_COLOUR, "fixedrange": True, "zeroline": False,
               "automargin": True},
    )  # fmt: skip
    headers, rows = _facet_table(profile, balance, intended, lang)
    summary = _facet_summary(profile, balance, intended, lang)
    return Chart(chart_id, title, caption, summary, headers, rows, s.figure(traces, layout))


def _gap(value: float | None) -> str:
    return t.NO_VALUE if value is None else f"{value:+.0f}".replace("-", "−")


def _facet_table(profile: Json, balance: dict[str, Json], intended: bool, lang: str) -> Table:
    if not intended:
        return (t.FACET.get(lang), t.TODAY.get(lang)), tuple(
            (share["label"], t.percent(share["percent"], lang)) for share in profile["shares"]
        )
    headers = (t.FACET.get(lang), t.TODAY.get(lang), t.INTENDED.get(lang), t.GAP.get(lang))
    rows = tuple(
        (share["label"], t.percent(share["percent"], lang),
         t.percent(balance.get(share["facet"], {}).get("intended"), lang),
         _gap(balance.get(share["facet"], {}).get("gap")))
        for share in profile["shares"]
    )  # fmt: skip
    return headers, rows


def _facet_summary(profile: Json, balance: dict[str, Json], intended: bool, lang: str) -> str:
    labels = {share["facet"]: share["label"] for share in profile["shares"]}
    change = profile.get("change_type_text") or ""
    gaps = [b for f, b in balance.items() if f in labels and b.get("gap") is not None]
    if intended and gaps:
        widest = max(gaps, key=lambda b: abs(b["gap"]))
        return t.say(
            t.FACET_SUMMARY, lang, facet=labels[widest["facet"]],
            actual=t.percent(widest["actual"], lang), intended=t.percent(widest["intended"], lang),
            gap=_gap(widest["gap"]), change_type=change,
        )  # fmt: skip
    top = max(profile["shares"], key=lambda share: share["percent"])
    return t.say(t.FACET_SUMMARY_TODAY, lang, facet=top["label"],
                 actual=t.percent(top["percent"], lang), change_type=change)  # fmt: skip
