"""Charts per dimension: the score profile (with peers), role groups, and agreement."""

from __future__ import annotations

from typing import Any

from assessment.charting import Chart, Omission
from assessment.charting import style as s
from assessment.results.charts import text as t
from assessment.results.charts.reading import (
    scored,
    shown_groups,
    strongest_and_weakest,
    withheld_groups,
)

Json = dict[str, Any]
Table = tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]
# A radar needs at least three axes to be a shape; fewer dimensions get bars.
RADAR_MINIMUM = 3


def profile(instrument: Json, peers: Json | None, lang: str) -> Chart:
    """Score per dimension: a radar (bars below three dimensions), with peers when known."""
    qid, name = instrument["questionnaire"], instrument["title"]
    peer = _peer_entries(instrument, peers)
    radar = len(instrument["dimensions"]) >= RADAR_MINIMUM
    chart_id = f"{'radar' if radar else 'dimensions'}-{qid}"
    title = t.say(t.RADAR_TITLE, lang, questionnaire=name)
    caption = t.say(t.RADAR_CAPTION, lang, questionnaire=name,
                    responses=t.responses(instrument["respondents"], lang),
                    peers=t.RADAR_PEERS.get(lang) if peer else "")  # fmt: skip
    layout = s.layout(chart_id, title, caption, lang)
    traces, extra = (_radar if radar else _bars)(instrument, peer, lang)
    figure = s.figure(traces, s.merge(layout, extra))
    headers, rows = _profile_table(instrument, peer, lang)
    summary = _profile_summary(instrument, peer, lang)
    return Chart(chart_id, title, caption, summary, headers, rows, figure)


def _peer_entries(instrument: Json, peers: Json | None) -> dict[str, Json]:
    """The peer figures of this questionnaire by dimension id (empty when none)."""
    found = (peers or {}).get(instrument["questionnaire"]) or {}
    return {
        d["id"]: found[d["id"]]
        for d in instrument["dimensions"]
        if isinstance(found.get(d["id"]), dict) and found[d["id"]].get("median") is not None
    }


def _radar(instrument: Json, peer: dict[str, Json], lang: str) -> tuple[list[Json], Json]:
    dimensions = instrument["dimensions"]
    theta = [s.wrap(d["title"], 18) for d in dimensions]
    theta.append(theta[0])  # close the shape

    def around(values: list[Any]) -> list[Any]:
        return [*values, values[0]]

    def peer_values(key: str) -> list[Any]:
        return around([peer.get(d["id"], {}).get(key) for d in dimensions])

    traces: list[Json] = []
    if peer:
        traces += [
            {"type": "scatterpolar", "r": peer_values("p25"), "theta": theta, "mode": "lines",
             "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"},
            {"type": "scatterpolar", "r": peer_values("p75"), "theta": theta, "mode": "lines",
             "line": {"width": 0}, "fill": "tonext", "fillcolor": s.PEER_FILL,
             "name": t.PEER_BAND.get(lang), "hoverinfo": "skip"},
            {"type": "scatterpolar", "r": peer_values("median"), "theta": theta,
             "mode": "lines+markers", "name": t.PEER_MEDIAN.get(lang),
             "line": {"color": s.MUTED, "dash": "dash", "width": 2},
             "marker": {"symbol": "diamond", "size": 9, "color": s.MUTED},
             "hovertemplate": "%{theta}<br>" + t.PEER_MEDIAN.get(lang) + ": %{r:.2f}"
                              "<extra></extra>"},
        ]  # fmt: skip
    scores = [d.get("score") for d in dimensions]
    look = s.series(0)
    traces.append({
        "type": "scatterpolar", "r": around(scores), "theta": theta,
        "mode": "lines+markers+text", "name": t.ORGANISATION.get(lang),
        "text": [("" if v is None else t.score(v, lang)) for v in scores] + [""],
        "textposition": "top center", "textfont": {"size": 13},
        "line": {"color": look["colour"], "width": 3},
        "marker": {"symbol": look["symbol"], "size": 10, "color": look["colour"]},
        "hovertemplate": "%{theta}<br>" + t.SCORE.get(lang) + ": %{r:.2f}<extra></extra>",
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


def _bars(instrument: Json, peer: dict[str, Json], lang: str) -> tuple[list[Json], Json]:
    dimensions = instrument["dimensions"]
    labels = [s.wrap(d["title"], 28) for d in dimensions]
    scores = [d.get("score") for d in dimensions]
    traces = [s.score_bars(labels, scores, t.ORGANISATION.get(lang), 0, lang, patterned=False)]
    if peer:
        entries = [peer.get(d["id"], {}) for d in dimensions]

        def distance(a: str, b: str) -> list[float | None]:
            return [None if e.get(a) is None or e.get(b) is None else e[a] - e[b] for e in entries]

        traces.append({
            "type": "scatter", "y": labels, "x": [e.get("median") for e in entries],
            "mode": "markers", "name": t.PEER_MEDIAN.get(lang),
            "marker": {"symbol": "diamond", "size": 12, "color": s.MUTED},
            "error_x": {"type": "data", "symmetric": False, "color": s.MUTED, "thickness": 2,
                        "array": distance("p75", "median"),
                        "arrayminus": distance("median", "p25")},
            "hovertemplate": "%{y}<br>" + t.PEER_MEDIAN.get(lang) + ": %{x:.2f}<extra></extra>",
        })  # fmt: skip
    layout = {
        "height": max(260, 140 + 70 * len(dimensions)) + (60 if peer else 0),
        "xaxis": s.score_axis(t.SCORE.get(lang)),
        "yaxis": s.category_axis(autorange="reversed"),
        "margin": {"l": 20, "r": 40, "t": 60, "b": 120 if peer else 60},
        "showlegend": bool(peer),
    }
    return traces, layout


def _profile_table(instrument: Json, peer: dict[str, Json], lang: str) -> Table:
    headers = [t.DIMENSION.get(lang), t.SCORE.get(lang), t.LEVEL.get(lang)]
    if peer:
        headers += [t.PEER_MEDIAN.get(lang), t.PEER_BAND.get(lang), t.PEER_COUNT.get(lang)]
    rows = []
    for d in instrument["dimensions"]:
        row = [d["title"], t.score(d.get("score"), lang), t.level(d.get("level"), lang)]
        if peer:
            entry = peer.get(d["id"])
            if entry is None:
                row += [t.NO_VALUE] * 3
            else:
                band = f"{t.score(entry.get('p25'), lang)} – {t.score(entry.get('p75'), lang)}"
                row += [t.score(entry["median"], lang), band, str(entry.get("n", t.NO_VALUE))]
        rows.append(tuple(row))
    return tuple(headers), tuple(rows)


def _profile_summary(instrument: Json, peer: dict[str, Json], lang: str) -> str:
    dimensions = instrument["dimensions"]
    extremes = strongest_and_weakest(dimensions)
    sentences = []
    if extremes is None:
        sentences.append(t.NO_SCORE.get(lang))
    elif extremes[0]["score"] == extremes[1]["score"]:
        one = extremes[0]
        same = t.ONLY_ONE if len(scored(dimensions)) == 1 else t.ALL_SAME
        sentences.append(t.say(same, lang, name=one["title"], score=t.score(one["score"], lang),
                               level=t.level_name(one["level"], lang)))  # fmt: skip
    else:
        strong, weak = extremes
        sentences.append(t.say(
            t.STRONGEST_WEAKEST, lang,
            strong=strong["title"], strong_score=t.score(strong["score"], lang),
            strong_level=t.level_name(strong["level"], lang),
            weak=weak["title"], weak_score=t.score(weak["score"], lang),
            weak_level=t.level_name(weak["level"], lang),
        ))  # fmt: skip
    missing = [d["title"] for d in dimensions if d.get("level") is None]
    if missing and extremes is not None:
        sentences.append(t.say(t.WITHOUT_SCORE, lang, names=", ".join(missing)))
    compared = [d for d in dimensions if d["id"] in peer and d.get("score") is not None]
    if compared:
        above = sum(1 for d in compared if d["score"] >= peer[d["id"]]["median"])
        sentences.append(t.say(t.PEERS_ABOVE, lang, above=above, compared=len(compared)))
    else:
        sentences.append(t.PEERS_MISSING.get(lang))
    return " ".join(sentences)


def role_groups(instrument: Json, lang: str, minimum: int) -> Chart | Omission:
    """Leaders, staff and partners side by side, only for groups the engine shows."""
    qid, name = instrument["questionnaire"], instrument["title"]
    chart_id = f"groups-{qid}"
    title = t.say(t.GROUPS_TITLE, lang, questionnaire=name)
    groups = shown_groups(instrument)
    withheld = [f"{g['title']}: {g['reason_text']}" for g in withheld_groups(instrument)]
    if not instrument.get("detailed", True) or len(groups) < 2:
        return Omission(chart_id, title, " ".join([t.GROUPS_WITHHELD.get(lang), *withheld]))
    caption = t.say(t.GROUPS_CAPTION, lang, questionnaire=name)
    dimensions = instrument["dimensions"]
    labels = [s.wrap(d["title"], 28) for d in dimensions]
    by_group = [{d["id"]: d.get("score") for d in g["dimensions"]} for g in groups]
    traces = [
        s.score_bars(labels, [scores.get(d["id"]) for d in dimensions], group["title"], n, lang)
        for n, (group, scores) in enumerate(zip(groups, by_group, strict=True))
    ]
    layout = s.layout(
        chart_id, title, caption, lang,
        height=max(300, 150 + 26 * len(groups) * len(dimensions)),
        barmode="group", xaxis=s.score_axis(t.SCORE.get(lang)),
        yaxis=s.category_axis(autorange="reversed"), legend={"traceorder": "normal"},
    )  # fmt: skip
    headers = (t.DIMENSION.get(lang), *(g["title"] for g in groups))
    rows = tuple(
        (d["title"], *(t.score(scores.get(d["id"]), lang) for scores in by_group))
        for d in dimensions
    )
    summary = " ".join([_groups_summary(dimensions, groups, by_group, lang), *withheld])
    return Chart(chart_id, title, caption, summary, headers, rows, s.figure(traces, layout))


def _groups_summary(
    dimensions: list[Json], groups: list[Json], by_group: list[dict[str, Any]], lang: str
) -> str:
    widest: tuple[float, Json, int, int] | None = None
    for d in dimensions:
        values = [
            (v, n) for n, scores in enumerate(by_group) if (v := scores.get(d["id"])) is not None
        ]
        if len(values) < 2:
            continue
        (high, high_at), (low, low_at) = max(values), min(values)
        if widest is None or high - low > widest[0]:
            widest = (high - low, d, high_at, low_at)
    if widest is None or widest[0] == 0:
        return t.GROUPS_SAME.get(lang)
    gap, dimension, high_at, low_at = widest
    return t.say(
        t.GROUPS_SUMMARY, lang, dimension=dimension["title"],
        high_group=_group_name(groups[high_at], lang),
        high=t.score(by_group[high_at][dimension["id"]], lang),
        low_group=_group_name(groups[low_at], lang),
        low=t.score(by_group[low_at][dimension["id"]], lang),
        gap=t.points(gap, lang),
    )  # fmt: skip


def _group_name(group: Json, lang: str) -> str:
    plural = t.GROUP_PLURALS.get(group["role"])
    return plural.get(lang) if plural else str(group["title"])


def agreement(instrument: Json, lang: str, minimum: int) -> Chart | Omission:
    """r_wg agreement per dimension, as labelled bars."""
    qid, name = instrument["questionnaire"], instrument["title"]
    chart_id = f"agreement-{qid}"
    title = t.say(t.AGREEMENT_TITLE, lang, questionnaire=name)
    if not instrument.get("detailed", True):
        return Omission(chart_id, title, t.say(t.NOT_DETAILED, lang, minimum=minimum))
    dimensions = instrument["dimensions"]
    values = [d["agreement"].get("rwg") for d in dimensions]
    if all(v is None for v in values):
        return Omission(chart_id, title, t.NO_AGREEMENT.get(lang))
    caption = t.say(t.AGREEMENT_CAPTION, lang, questionnaire=name)
    readings = [d["agreement"].get("label_text") or t.NOT_ENOUGH.get(lang) for d in dimensions]
    look = s.series(0)
    trace = {
        "type": "bar", "orientation": "h", "y": [s.wrap(d["title"], 28) for d in dimensions],
        "x": values, "name": t.RWG.get(lang), "text": [t.score(v, lang) for v in values],
        "textposition": "outside", "cliponaxis": False, "customdata": readings,
        "marker": {"color": look["colour"]},
        "hovertemplate": "%{y}<br>r_wg: %{x:.2f} (%{customdata})<extra></extra>",
    }  # fmt: skip
    layout = s.layout(
        chart_id, title, caption, lang, height=max(240, 130 + 46 * len(dimensions)),
        xaxis={"title": {"text": t.RWG.get(lang)}, "range": [0, 1.12],
               "tickvals": [0, 0.2, 0.4, 0.6, 0.8, 1], "gridcolor": s.GRID_COLOUR,
               "fixedrange": True, "zeroline": False},
        yaxis=s.category_axis(autorange="reversed"), showlegend=False,
    )  # fmt: skip
    headers = (t.DIMENSION.get(lang), t.RWG.get(lang), t.READING.get(lang))
    rows = tuple(
        (d["title"], t.score(v, lang), reading)
        for d, v, reading in zip(dimensions, values, readings, strict=True)
    )
    summary = _agreement_summary(dimensions, lang)
    return Chart(chart_id, title, caption, summary, headers, rows, s.figure([trace], layout))


def _agreement_summary(dimensions: list[Json], lang: str) -> str:
    rated = [d for d in dimensions if d["agreement"].get("rwg") is not None]
    low = min(rated, key=lambda d: d["agreement"]["rwg"])
    high = max(rated, key=lambda d: d["agreement"]["rwg"])

    def reading(d: Json) -> str:
        return str(d["agreement"].get("label_text") or "").lower()

    if low["agreement"]["rwg"] == high["agreement"]["rwg"]:
        same = t.ONLY_ONE if len(rated) == 1 else t.ALL_SAME
        return t.say(same, lang, name=low["title"],
                     score=t.score(low["agreement"]["rwg"], lang), level=reading(low))  # fmt: skip
    return t.say(
        t.AGREEMENT_SUMMARY, lang,
        low=low["title"], low_value=t.score(low["agreement"]["rwg"], lang), low_label=reading(low),
        high=high["title"], high_value=t.score(high["agreement"]["rwg"], lang),
        high_label=reading(high),
    )  # fmt: skip
