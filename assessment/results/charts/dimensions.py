"""Charts per dimension: the score profile (with peers), role groups, and agreement."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from assessment.charting import Chart, Omission
from assessment.charting import style as s
from assessment.core.vocabulary import role_name
from assessment.results import wording as w
from assessment.results.charts.reading import (
    scored,
    shown_groups,
    strongest_and_weakest,
    withheld_groups,
)
from scoring import DimensionResult, RoleGroupView

if TYPE_CHECKING:
    from assessment.results.capability import InstrumentResult, PeerData

Trace = dict[str, Any]  # a Plotly trace or layout, as Plotly takes it
Table = tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]
PeerFigures = dict[str, dict[str, Any]]  # dimension id -> median, p25, p75, n
# A radar needs at least three axes to be a shape; fewer dimensions get bars.
RADAR_MINIMUM = 3

# How the groups are named inside a sentence ("where leaders give 3.20").
GROUP_PLURALS = {"leader": _l("leaders"), "staff": _l("staff"), "partner": _l("partners")}


def _organisation() -> str:
    return _("Your organisation")


def _score_header() -> str:
    return _("Score (1 to 5)")


def _peer_median() -> str:
    return _("Peer median")


def _peer_band() -> str:
    return _("Middle half of peers (25th to 75th percentile)")


def profile(instrument: InstrumentResult, peers: PeerData | None) -> Chart:
    """Score per dimension: a radar (bars below three dimensions), with peers when known."""
    qid, name = instrument.questionnaire, instrument.title
    lang = w.current_language()
    peer = _peer_entries(instrument, peers)
    radar = len(instrument.dimensions) >= RADAR_MINIMUM
    chart_id = f"{'radar' if radar else 'dimensions'}-{qid}"
    title = _("%(questionnaire)s: score per dimension", questionnaire=name)
    count = instrument.result.respondents
    if peer:
        caption = ngettext(
            "Score from 1 to 5 in each dimension of “%(questionnaire)s”, from %(num)d submitted"
            " response, with the peer median and the middle half of peers.",
            "Score from 1 to 5 in each dimension of “%(questionnaire)s”, from %(num)d submitted"
            " responses, with the peer median and the middle half of peers.",
            count,
            questionnaire=name,
        )
    else:
        caption = ngettext(
            "Score from 1 to 5 in each dimension of “%(questionnaire)s”, from %(num)d submitted"
            " response.",
            "Score from 1 to 5 in each dimension of “%(questionnaire)s”, from %(num)d submitted"
            " responses.",
            count,
            questionnaire=name,
        )
    layout = s.layout(chart_id, title, caption, lang)
    traces, extra = (_radar if radar else _bars)(instrument, peer)
    figure = s.figure(traces, s.merge(layout, extra))
    headers, rows = _profile_table(instrument, peer)
    summary = _profile_summary(instrument, peer)
    return Chart(chart_id, title, caption, summary, headers, rows, figure)


def _peer_entries(instrument: InstrumentResult, peers: PeerData | None) -> PeerFigures:
    """The peer figures of this questionnaire by dimension id (empty when none)."""
    found = (peers or {}).get(instrument.questionnaire) or {}
    return {
        d.dimension_id: found[d.dimension_id]
        for d in instrument.dimensions
        if isinstance(found.get(d.dimension_id), dict)
        and found[d.dimension_id].get("median") is not None
    }


def _radar(instrument: InstrumentResult, peer: PeerFigures) -> tuple[list[Trace], Trace]:
    dimensions = instrument.dimensions
    theta = [s.wrap(w.local(d.title), 18) for d in dimensions]
    theta.append(theta[0])  # close the shape

    def around(values: list[Any]) -> list[Any]:
        return [*values, values[0]]

    def peer_values(key: str) -> list[Any]:
        return around([peer.get(d.dimension_id, {}).get(key) for d in dimensions])

    traces: list[Trace] = []
    if peer:
        traces += [
            {"type": "scatterpolar", "r": peer_values("p25"), "theta": theta, "mode": "lines",
             "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"},
            {"type": "scatterpolar", "r": peer_values("p75"), "theta": theta, "mode": "lines",
             "line": {"width": 0}, "fill": "tonext", "fillcolor": s.PEER_FILL,
             "name": _peer_band(), "hoverinfo": "skip"},
            {"type": "scatterpolar", "r": peer_values("median"), "theta": theta,
             "mode": "lines+markers", "name": _peer_median(),
             "line": {"color": s.MUTED, "dash": "dash", "width": 2},
             "marker": {"symbol": "diamond", "size": 9, "color": s.MUTED},
             "hovertemplate": "%{theta}<br>" + _peer_median() + ": %{r:.2f}<extra></extra>"},
        ]  # fmt: skip
    scores = [d.score for d in dimensions]
    look = s.series(0)
    traces.append({
        "type": "scatterpolar", "r": around(scores), "theta": theta,
        "mode": "lines+markers+text", "name": _organisation(),
        "text": [("" if v is None else w.score(v)) for v in scores] + [""],
        "textposition": "top center", "textfont": {"size": 13},
        "line": {"color": look["colour"], "width": 3},
        "marker": {"symbol": look["symbol"], "size": 10, "color": look["colour"]},
        "hovertemplate": "%{theta}<br>" + _score_header() + ": %{r:.2f}<extra></extra>",
    })  # fmt: skip
    layout = {
        "height": 630 if peer else 590,
        "polar": {
            # From 0, so that scores near 1 keep room around the centre to be read.
            # Drawn between the first two spokes, so its numbers do not sit on the data's.
            "radialaxis": {"range": [0, 5], "tickvals": [1, 2, 3, 4, 5],
                           "angle": 90 - 180 / len(dimensions), "tickangle": 0,
                           "gridcolor": s.GRID_COLOUR, "linecolor": s.MUTED,
                           "tickfont": {"color": s.MUTED, "size": 12}},
            "angularaxis": {"direction": "clockwise", "rotation": 90,
                            "gridcolor": s.GRID_COLOUR, "linecolor": s.MUTED},
            "bgcolor": "#ffffff",
        },
        "margin": {"l": 90, "r": 90, "t": 110, "b": 110 if peer else 60},
        "showlegend": bool(peer),
    }  # fmt: skip
    return traces, layout


def _bars(instrument: InstrumentResult, peer: PeerFigures) -> tuple[list[Trace], Trace]:
    dimensions = instrument.dimensions
    lang = w.current_language()
    labels = [s.wrap(w.local(d.title), 28) for d in dimensions]
    scores = [d.score for d in dimensions]
    traces = [s.score_bars(labels, scores, _organisation(), 0, lang, patterned=False)]
    if peer:
        entries = [peer.get(d.dimension_id, {}) for d in dimensions]

        def distance(a: str, b: str) -> list[float | None]:
            return [None if e.get(a) is None or e.get(b) is None else e[a] - e[b] for e in entries]

        traces.append({
            "type": "scatter", "y": labels, "x": [e.get("median") for e in entries],
            "mode": "markers", "name": _peer_median(),
            "marker": {"symbol": "diamond", "size": 12, "color": s.MUTED},
            "error_x": {"type": "data", "symmetric": False, "color": s.MUTED, "thickness": 2,
                        "array": distance("p75", "median"),
                        "arrayminus": distance("median", "p25")},
            "hovertemplate": "%{y}<br>" + _peer_median() + ": %{x:.2f}<extra></extra>",
        })  # fmt: skip
    layout = {
        "height": max(260, 140 + 70 * len(dimensions)) + (60 if peer else 0),
        "xaxis": s.score_axis(_score_header()),
        "yaxis": s.category_axis(autorange="reversed"),
        "margin": {"l": 20, "r": 40, "t": 60, "b": 120 if peer else 60},
        "showlegend": bool(peer),
    }
    return traces, layout


def _profile_table(instrument: InstrumentResult, peer: PeerFigures) -> Table:
    headers = [_("Dimension"), _score_header(), _("Level")]
    if peer:
        headers += [_peer_median(), _peer_band(), _("Peers")]
    rows = []
    for d in instrument.dimensions:
        row = [w.local(d.title), w.score(d.score), w.level(d.level)]
        if peer:
            entry = peer.get(d.dimension_id)
            if entry is None:
                row += [w.NO_VALUE] * 3
            else:
                band = f"{w.score(entry.get('p25'))} – {w.score(entry.get('p75'))}"
                row += [w.score(entry["median"]), band, str(entry.get("n", w.NO_VALUE))]
        rows.append(tuple(row))
    return tuple(headers), tuple(rows)


def _profile_summary(instrument: InstrumentResult, peer: PeerFigures) -> str:
    dimensions = instrument.dimensions
    extremes = strongest_and_weakest(dimensions)
    sentences = []
    if extremes is None:
        sentences.append(_("No dimension has enough answers for a level yet."))
    elif extremes[0].score == extremes[1].score:
        one = extremes[0]
        values = {
            "name": w.local(one.title),
            "score": w.score(one.score),
            "level": w.level_or_not_enough(one.level),
        }
        if len(scored(dimensions)) == 1:
            sentences.append(_("%(name)s: %(score)s (%(level)s).", **values))
        else:
            sentences.append(
                _("Every dimension with a level is at %(score)s (%(level)s).", **values)
            )
    else:
        strong, weak = extremes
        sentences.append(_(
            "Strongest: %(strong)s (%(strong_score)s, %(strong_level)s); weakest: %(weak)s"
            " (%(weak_score)s, %(weak_level)s).",
            strong=w.local(strong.title), strong_score=w.score(strong.score),
            strong_level=w.level_or_not_enough(strong.level),
            weak=w.local(weak.title), weak_score=w.score(weak.score),
            weak_level=w.level_or_not_enough(weak.level),
        ))  # fmt: skip
    missing = [w.local(d.title) for d in dimensions if d.level is None]
    if missing and extremes is not None:
        sentences.append(
            _("Without a level for lack of answers: %(names)s.", names=", ".join(missing))
        )
    compared = [d for d in dimensions if d.dimension_id in peer and d.score is not None]
    if compared:
        above = sum(1 for d in compared if (d.score or 0.0) >= peer[d.dimension_id]["median"])
        sentences.append(ngettext(
            "At or above the peer median in %(above)d of %(num)d dimension.",
            "At or above the peer median in %(above)d of %(num)d dimensions.",
            len(compared), above=above,
        ))  # fmt: skip
    else:
        sentences.append(_("No peer comparison: the peer group is too small or not available yet."))
    return " ".join(sentences)


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


def agreement(instrument: InstrumentResult, minimum: int) -> Chart | Omission:
    """r_wg agreement per dimension, as labelled bars."""
    qid, name = instrument.questionnaire, instrument.title
    lang = w.current_language()
    chart_id = f"agreement-{qid}"
    title = _("%(questionnaire)s: agreement among respondents", questionnaire=name)
    if not instrument.detailed:
        return Omission(chart_id, title, _not_detailed(minimum))
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


def _not_detailed(minimum: int) -> str:
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
