"""The score profile of each questionnaire's dimensions, beside its peers."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import ngettext

from assessment.charting import Chart
from assessment.charting import style as s
from assessment.results import wording as w
from assessment.results.charts.reading import (
    scored,
    strongest_and_weakest,
)

if TYPE_CHECKING:
    from assessment.results.capability import InstrumentResult, PeerData

Trace = dict[str, Any]  # a Plotly trace or layout, as Plotly takes it
Table = tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]
PeerFigures = dict[str, dict[str, Any]]  # dimension id -> median, p25, p75, n
# A radar needs at least three axes to be a shape; fewer dimensions get bars.
RADAR_MINIMUM = 3


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
    # On a phone a radar's names have no room around it: the same scores as bars.
    narrow_traces, narrow_extra = _bars(instrument, peer, narrow=True)
    narrow = s.spec(narrow_traces, s.merge(layout, narrow_extra))
    headers, rows = _profile_table(instrument, peer)
    summary = _profile_summary(instrument, peer)
    return Chart(chart_id, title, caption, summary, headers, rows, figure, narrow)


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
        "textposition": _label_places(scores), "textfont": {"size": 13},
        "line": {"color": look["colour"], "width": 3},
        "marker": {"symbol": look["symbol"], "size": 10, "color": look["colour"]},
        "hovertemplate": "%{theta}<br>" + _score_header() + ": %{r:.2f}<extra></extra>",
    })  # fmt: skip
    layout = {
        "height": 630 if peer else 590,
        "polar": {
            # From 0, so that scores near 1 keep room around the centre to be read; past
            # 5, so that the label outside a point at 5 stays clear of the spoke's name.
            # Drawn between the first two spokes, so its numbers do not sit on the data's.
            "radialaxis": {"range": [0, 5.7], "tickvals": [1, 2, 3, 4, 5],
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


# From this score on, a radar value's label goes beside its point: outside, it would
# touch the spoke's name printed just beyond the outer ring, and inside, the shape's
# two edges meeting at the point would cross it.
_BESIDE_FROM = 4.0


def _label_places(scores: list[float | None]) -> list[str]:
    """Each radar value's label beside its point along its spoke, clear of other text.

    Labels all above their points ran into each other near the centre, where spokes
    are close ("2.001.25"): low and middle scores are labelled on the outer side, where
    the spokes spread. High scores are labelled beside their point, a quarter turn
    clockwise from the spoke, away from the names.
    """
    count = len(scores)
    places = []
    for at, score in enumerate([*scores, scores[0]]):  # the shape's closing point too
        angle = math.radians(90 - 360 * at / count)  # clockwise from the top
        if score is not None and score >= _BESIDE_FROM:
            angle -= math.pi / 2
        dx, dy = math.cos(angle), math.sin(angle)
        vertical = "top" if dy > 0.38 else "bottom" if dy < -0.38 else "middle"
        horizontal = "right" if dx > 0.38 else "left" if dx < -0.38 else "center"
        places.append(f"{vertical} {horizontal}")
    return places


def _bars(
    instrument: InstrumentResult, peer: PeerFigures, *, narrow: bool = False
) -> tuple[list[Trace], Trace]:
    """Horizontal bars; ``narrow``: names wrapped shorter and a smaller font, for a phone."""
    dimensions = instrument.dimensions
    lang = w.current_language()
    labels = [s.wrap(w.local(d.title), 16 if narrow else 28) for d in dimensions]
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
    if narrow:
        layout["font"] = {"size": s.NARROW_FONT}
        layout["margin"] = {"l": 10, "r": 44, "t": 60, "b": 140 if peer else 60}
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
