"""Instrument-specific charts: tag matrices as heatmaps, and the facet balance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from assessment.charting import Chart, Omission
from assessment.charting import style as s
from assessment.charting.heatmap import Grid, heatmaps
from assessment.core.vocabulary import facet_name, tag_value_name
from assessment.results import wording as w
from assessment.results.charts.respondents import not_detailed
from scoring import BalanceEntry, FacetProfile, TagMatrix

if TYPE_CHECKING:
    from assessment.results.capability import InstrumentResult

Table = tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]

MATRIX_IDS = {("stage", "skill"): "skills-by-stage", ("partner", "stage"): "partners-by-stage"}
# A matrix with only a few filled cells says nothing a short list would not: it is drawn
# when at least this share of its cells has a score.
MATRIX_MIN_FILLED = 1 / 3

MATRIX_TITLES = {
    ("stage", "skill"): _l("Skills at each stage of the innovation process"),
    ("partner", "stage"): _l("Partners at each stage of the innovation process"),
}
MATRIX_CAPTIONS = {
    ("stage", "skill"): _l(
        "Mean score (1 to 5) of the questions on each skill at each stage of the innovation"
        " process; each cell shows its score, and an empty cell has none."
    ),
    ("partner", "stage"): _l(
        "Mean score (1 to 5) of the questions on working with each kind of partner at each"
        " stage of the innovation process; each cell shows its score, and an empty cell has"
        " none."
    ),
}
TAG_NAMES = {"stage": _l("Stage"), "skill": _l("Skill"), "partner": _l("Partner")}


def matrices(instrument: InstrumentResult, minimum: int) -> list[Chart | Omission]:
    """One heatmap per tag matrix with enough filled cells, each cell's score written in it."""
    qid = instrument.questionnaire
    found = [m for m in instrument.result.matrices if _filled_enough(m)]
    if not instrument.detailed:
        # A cell is often a single question: item-level detail.
        reason = not_detailed(minimum)
        return [Omission(_matrix_id(m, qid), _matrix_title(m), reason) for m in found]
    return [_heatmap(matrix, qid) for matrix in found]


def _filled_enough(matrix: TagMatrix) -> bool:
    cells = matrix.cells
    with_score = sum(1 for c in cells if c.mean is not None)
    return bool(cells) and with_score >= MATRIX_MIN_FILLED * len(cells)


def _matrix_id(matrix: TagMatrix, qid: str) -> str:
    tags = (matrix.row_tag, matrix.column_tag)
    return f"{MATRIX_IDS.get(tags, '-by-'.join(tags))}-{qid}"


def _tag_name(tag: str) -> str:
    return str(TAG_NAMES[tag]) if tag in TAG_NAMES else tag


def _matrix_title(matrix: TagMatrix) -> str:
    tags = (matrix.row_tag, matrix.column_tag)
    if tags in MATRIX_TITLES:
        return str(MATRIX_TITLES[tags])
    return _(
        "%(rows)s by %(columns)s",
        rows=_tag_name(matrix.row_tag),
        columns=_tag_name(matrix.column_tag).lower(),
    )


def _label(tag: str, code: str) -> str:
    """A row's or column's label: the tag value's name in the questionnaires' vocabulary."""
    try:
        return tag_value_name(tag, code)
    except KeyError:
        return code


def _heatmap(matrix: TagMatrix, qid: str) -> Chart:
    chart_id, title = _matrix_id(matrix, qid), _matrix_title(matrix)
    tags = (matrix.row_tag, matrix.column_tag)
    caption = str(
        MATRIX_CAPTIONS.get(tags)
        or _("Mean score (1 to 5) of the questions in each cell; each cell shows its score.")
    )
    rows = [_label(matrix.row_tag, r) for r in matrix.rows]
    columns = [_label(matrix.column_tag, c) for c in matrix.columns]
    z = [
        [(cell.mean if (cell := matrix.cell(r, c)) else None) for c in matrix.columns]
        for r in matrix.rows
    ]
    text = [["" if v is None else w.score(v) for v in line] for line in z]
    grid = Grid(rows, columns, z, text, _("Score (1 to 5)"))
    wide, narrow = heatmaps(grid, chart_id, title, caption, w.current_language())
    headers = (_tag_name(matrix.row_tag), *columns)
    table = tuple(
        (r, *(_("no score") if v is None else w.score(v) for v in line))
        for r, line in zip(rows, z, strict=True)
    )
    summary = _matrix_summary(rows, columns, z)
    return Chart(chart_id, title, caption, summary, headers, table, wide, narrow)


def _matrix_summary(rows: list[str], columns: list[str], z: list[list[float | None]]) -> str:
    filled = [
        (value, r, c)
        for r, line in zip(rows, z, strict=True)
        for c, value in zip(columns, line, strict=True)
        if value is not None
    ]
    if not filled:
        return _("No cell has a score yet.")
    # max and min keep the first cell in reading order on a tie.
    high = max(filled, key=lambda cell: cell[0])
    low = min(filled, key=lambda cell: cell[0])
    return _(
        "Highest: %(high_row)s, %(high_column)s (%(high)s); lowest: %(low_row)s,"
        " %(low_column)s (%(low)s). %(empty)d of %(cells)d cells have no score.",
        high_row=high[1], high_column=high[2], high=w.score(high[0]),
        low_row=low[1], low_column=low[2], low=w.score(low[0]),
        empty=len(rows) * len(columns) - len(filled), cells=len(rows) * len(columns),
    )  # fmt: skip


def facets(instrument: InstrumentResult) -> Chart | None:
    """Kinds of innovation today next to the intended balance, as labelled bars."""
    profile = instrument.result.facet_profile
    if profile is None or not profile.answers:
        return None
    chart_id = f"facets-{instrument.questionnaire}"
    title = _("Kinds of innovation today and as intended")
    codes = [share.facet for share in profile.shares]
    balance = {b.facet: b for b in instrument.result.balance}
    intended = any(f in balance and balance[f].intended is not None for f in codes)
    if intended:
        caption = _(
            "Share of answers pointing to each kind of innovation today, next to the share"
            " intended from leadership's emphasis, in percent."
        )
    else:
        caption = _("Share of answers pointing to each kind of innovation today, in percent.")
    x = [s.wrap(facet_name(code), 16) for code in codes]
    today, wanted = _("Today (%)"), _("Intended (%)")
    series: list[tuple[str, list[float | None]]] = [
        (today, [share.percent for share in profile.shares])
    ]
    if intended:
        series.append((wanted, [_intended(balance, f) for f in codes]))
    traces = []
    for position, (name, values) in enumerate(series):
        look = s.series(position)
        traces.append({
            "type": "bar", "x": x, "y": values, "name": name,
            "text": ["" if v is None else w.whole(v) + "\u00a0%" for v in values],
            "textposition": "outside", "cliponaxis": False,
            "marker": {"color": look["colour"], "line": {"color": look["colour"], "width": 1},
                       "pattern": s.pattern(position)},
            "hovertemplate": "%{x}<br>" + name + ": %{y:.0f}\u00a0%<extra></extra>",
        })  # fmt: skip
    top = max([v for _name, values in series for v in values if v is not None] or [0])
    layout = s.layout(
        chart_id, title, caption, w.current_language(), height=440, barmode="group",
        xaxis=s.category_axis(),
        yaxis={"title": {"text": _("Share of answers (%)")}, "range": [0, max(50, top * 1.2)],
               "gridcolor": s.GRID_COLOUR, "fixedrange": True, "zeroline": False,
               "automargin": True},
    )  # fmt: skip
    headers, rows = _facet_table(profile, balance, intended)
    summary = _facet_summary(profile, balance, intended)
    return Chart(chart_id, title, caption, summary, headers, rows, s.figure(traces, layout))


def _intended(balance: dict[str, BalanceEntry], facet: str) -> float | None:
    entry = balance.get(facet)
    return None if entry is None else entry.intended


def _gap(value: float | None) -> str:
    if value is None:
        return w.NO_VALUE
    return ("+" if round(value) >= 0 else "−") + w.whole(abs(value))


def _facet_table(profile: FacetProfile, balance: dict[str, BalanceEntry], intended: bool) -> Table:
    kind, today = _("Kind of innovation"), _("Today (%)")
    if not intended:
        return (kind, today), tuple(
            (facet_name(share.facet), w.whole(share.percent)) for share in profile.shares
        )
    headers = (kind, today, _("Intended (%)"), _("Gap (points)"))
    rows = tuple(
        (facet_name(share.facet), w.whole(share.percent),
         w.whole(_intended(balance, share.facet)),
         _gap(balance[share.facet].gap if share.facet in balance else None))
        for share in profile.shares
    )  # fmt: skip
    return headers, rows


def _facet_summary(profile: FacetProfile, balance: dict[str, BalanceEntry], intended: bool) -> str:
    change = w.change_type(profile.change_type)
    shown = {share.facet for share in profile.shares}
    gaps = [b for f, b in balance.items() if b.gap is not None and f in shown]
    if intended and gaps:
        widest = max(gaps, key=lambda b: abs(b.gap or 0.0))
        return _(
            "Largest gap: %(facet)s, %(actual)s\u00a0%% today against %(intended)s\u00a0%% intended"
            " (%(gap)s points). %(change_type)s.",
            facet=facet_name(widest.facet), actual=w.whole(widest.actual),
            intended=w.whole(widest.intended), gap=_gap(widest.gap), change_type=change,
        )  # fmt: skip
    top = max(profile.shares, key=lambda share: share.percent)
    return _(
        "Most chosen: %(facet)s (%(actual)s\u00a0%%). %(change_type)s.",
        facet=facet_name(top.facet), actual=w.whole(top.percent), change_type=change,
    )  # fmt: skip
