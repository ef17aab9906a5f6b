"""Charts of who answered: the role groups side by side, and how far respondents agree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from assessment.charting import Chart, Omission
from assessment.charting import style as s
from assessment.core.vocabulary import role_name
from assessment.results import wording as w
from assessment.results.charts.reading import shown_groups, withheld_groups
from scoring import DimensionResult, RoleGroupView

if TYPE_CHECKING:
    from assessment.results.capability import InstrumentResult

# How the groups are named inside a sentence ("where leaders give 3.20").
GROUP_PLURALS = {"leader": _l("leaders"), "staff": _l("staff"), "partner": _l("partners")}


def _score_header() -> str:
    return _("Score (1 to 5)")


def role_groups(instrument: InstrumentResult, minimum: int) -> Chart | Omission:
    """Leaders, staff and partners side by side, only for groups the engine shows."""
    qid, name = instrument.questionnaire, instrument.title
    lang = w.current_language()
    chart_id = f"groups-{qid}"
    title = _("%(questionnaire)s: leaders, staff and partners", questionnaire=name)
    groups = shown_groups(instrument)
    withheld = [
        f"{role_name(g.role)}: {w.withheld_group(g.reason, minimum)}"
        for g in withheld_groups(instrument)
    ]
    if not instrument.detailed or len(groups) < 2:
        reason = _(
            "The comparison of leaders, staff and partners is not shown: fewer than two"
            " groups can be shown without revealing individual answers."
        )
        return Omission(chart_id, title, " ".join([reason, *withheld]))
    caption = _(
        "Score from 1 to 5 in each dimension of %(questionnaire)s as each group of"
        " respondents sees it.",
        questionnaire=name,
    )
    dimensions = instrument.dimensions
    labels = [s.wrap(w.local(d.title), 28) for d in dimensions]
    by_group = [{d.dimension_id: d.score for d in g.dimensions} for g in groups]
    traces = [
        s.score_bars(
            labels, [scores.get(d.dimension_id) for d in dimensions], role_name(group.role), n, lang
        )
        for n, (group, scores) in enumerate(zip(groups, by_group, strict=True))
    ]
    layout = s.layout(
        chart_id, title, caption, lang,
        height=max(300, 150 + 26 * len(groups) * len(dimensions)),
        barmode="group", xaxis=s.score_axis(_score_header()),
        yaxis=s.category_axis(autorange="reversed"), legend={"traceorder": "normal"},
    )  # fmt: skip
    headers = (_("Dimension"), *(role_name(g.role) for g in groups))
    rows = tuple(
        (w.local(d.title), *(w.score(scores.get(d.dimension_id)) for scores in by_group))
        for d in dimensions
    )
    summary = " ".join([_groups_summary(dimensions, groups, by_group), *withheld])
    return Chart(chart_id, title, caption, summary, headers, rows, s.figure(traces, layout))


def _groups_summary(
    dimensions: tuple[DimensionResult, ...],
    groups: list[RoleGroupView],
    by_group: list[dict[str, float | None]],
) -> str:
    widest: tuple[float, DimensionResult, int, int] | None = None
    for d in dimensions:
        values = [
            (v, n)
            for n, scores in enumerate(by_group)
            if (v := scores.get(d.dimension_id)) is not None
        ]
        if len(values) < 2:
            continue
        (high, high_at), (low, low_at) = max(values), min(values)
        if widest is None or high - low > widest[0]:
            widest = (high - low, d, high_at, low_at)
    if widest is None or widest[0] == 0:
        return _("The groups give the same scores in every dimension.")
    gap, dimension, high_at, low_at = widest
    return _(
        "Largest difference: %(dimension)s, where %(high_group)s give %(high)s and"
        " %(low_group)s %(low)s (%(gap)s apart).",
        dimension=w.local(dimension.title),
        high_group=_group_name(groups[high_at]),
        high=w.score(by_group[high_at][dimension.dimension_id]),
        low_group=_group_name(groups[low_at]),
        low=w.score(by_group[low_at][dimension.dimension_id]),
        gap=w.points(gap),
    )


def _group_name(group: RoleGroupView) -> str:
    plural = GROUP_PLURALS.get(group.role)
    return str(plural) if plural is not None else role_name(group.role)


# The agreement chart's id starts so: the annex prints its numbers in its agreement part.
AGREEMENT_CHART_PREFIX = "agreement-"


def agreement(instrument: InstrumentResult, minimum: int) -> Chart | Omission:
    """r_wg agreement per dimension, as labelled bars."""
    qid, name = instrument.questionnaire, instrument.title
    lang = w.current_language()
    chart_id = f"{AGREEMENT_CHART_PREFIX}{qid}"
    title = _("%(questionnaire)s: agreement among respondents", questionnaire=name)
    if not instrument.detailed:
        return Omission(chart_id, title, not_detailed(minimum))
    dimensions = instrument.dimensions
    values = [d.agreement.rwg for d in dimensions]
    if all(v is None for v in values):
        return Omission(
            chart_id,
            title,
            _(
                "Agreement needs at least two answers to the same questions; there are not"
                " enough yet."
            ),
        )
    caption = _(
        "How far respondents agree in each dimension of “%(questionnaire)s”, from 0 (no"
        " agreement) to 1 (full agreement), measured by the r_wg index.",
        questionnaire=name,
    )
    readings = [w.agreement(d.agreement.label) or _("not enough answers") for d in dimensions]
    rwg = _("Agreement (r_wg)")
    look = s.series(0)
    trace = {
        "type": "bar", "orientation": "h", "y": [s.wrap(w.local(d.title), 28) for d in dimensions],
        "x": values, "name": rwg, "text": [w.score(v) for v in values],
        "textposition": "outside", "cliponaxis": False, "customdata": readings,
        "marker": {"color": look["colour"]},
        "hovertemplate": "%{y}<br>r_wg: %{x:.2f} (%{customdata})<extra></extra>",
    }  # fmt: skip
    layout = s.layout(
        chart_id, title, caption, lang, height=max(240, 130 + 46 * len(dimensions)),
        xaxis={"title": {"text": rwg}, "range": [0, 1.12],
               "tickvals": [0, 0.2, 0.4, 0.6, 0.8, 1], "gridcolor": s.GRID_COLOUR,
               "fixedrange": True, "zeroline": False},
        yaxis=s.category_axis(autorange="reversed"), showlegend=False,
    )  # fmt: skip
    headers = (_("Dimension"), rwg, _("Reading"))
    rows = tuple(
        (w.local(d.title), w.score(v), reading)
        for d, v, reading in zip(dimensions, values, readings, strict=True)
    )
    summary = _agreement_summary(dimensions)
    return Chart(chart_id, title, caption, summary, headers, rows, s.figure([trace], layout))


def not_detailed(minimum: int) -> str:
    """Why a chart of individual answers waits for more submissions."""
    return _(
        "Shown once at least %(minimum)d people have submitted, so that no one's answers can"
        " be read from it.",
        minimum=minimum,
    )


def _agreement_summary(dimensions: tuple[DimensionResult, ...]) -> str:
    rated = [d for d in dimensions if d.agreement.rwg is not None]

    def rwg(d: DimensionResult) -> float:
        return d.agreement.rwg or 0.0

    low, high = min(rated, key=rwg), max(rated, key=rwg)

    def reading(d: DimensionResult) -> str:
        return (w.agreement(d.agreement.label) or "").lower()

    if rwg(low) == rwg(high):
        values = {"name": w.local(low.title), "score": w.score(rwg(low)), "level": reading(low)}
        if len(rated) == 1:
            return _("%(name)s: %(score)s (%(level)s).", **values)
        return _("Every dimension with a level is at %(score)s (%(level)s).", **values)
    return _(
        "Lowest agreement: %(low)s (%(low_value)s, %(low_label)s); highest: %(high)s"
        " (%(high_value)s, %(high_label)s).",
        low=w.local(low.title), low_value=w.score(rwg(low)), low_label=reading(low),
        high=w.local(high.title), high_value=w.score(rwg(high)), high_label=reading(high),
    )  # fmt: skip
