"""The overall score of each questionnaire across the organisation's rounds."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from assessment.charting import Chart, Omission
from assessment.charting import style as s
from assessment.results.charts import text as t
from assessment.results.charts.reading import rounds_up_to

if TYPE_CHECKING:
    from assessment.results.capability import CapabilityData

Json = dict[str, Any]
CHART_ID = "trend"


def trend(data: CapabilityData) -> Chart | Omission:
    """Lines per questionnaire over the rounds that closed up to this one."""
    lang = data.lang
    title = t.TREND_TITLE.get(lang)
    titles = {i["questionnaire"]: i["title"] for i in data.instruments}
    # The questionnaires of this round, in this round and the earlier ones.
    entries = [
        e for e in rounds_up_to(data.trend, data.round["closes_at"]) if e["questionnaire"] in titles
    ]
    rounds: dict[int, Json] = {}
    for entry in sorted(entries, key=lambda e: (e["closes_at"], e["round_id"])):
        rounds.setdefault(entry["round_id"], entry)
    if len(rounds) < 2:
        return Omission(CHART_ID, title, t.ONE_ROUND.get(lang))
    caption = t.TREND_CAPTION.get(lang)
    x = [s.wrap(r["round_title"], 20) for r in rounds.values()]
    by_questionnaire = {
        qid: {e["round_id"]: e for e in entries if e["questionnaire"] == qid} for qid in titles
    }
    lines = {
        qid: [found.get(rid, {}).get("score") for rid in rounds]
        for qid, found in by_questionnaire.items()
        if found
    }
    places = _label_places(list(lines.values()))
    traces: list[Json] = []
    rows: list[tuple[str, ...]] = []
    changes: list[str] = []
    for position, (qid, scores) in enumerate(lines.items()):
        name = titles[qid]
        look = s.series(position)
        traces.append({
            "type": "scatter", "x": x, "y": scores, "mode": "lines+markers+text", "name": name,
            "connectgaps": True, "textposition": places[position],
            "text": ["" if v is None else t.score(v, lang) for v in scores],
            "line": {"color": look["colour"], "dash": look["dash"], "width": 3},
            "marker": {"symbol": look["symbol"], "size": 11, "color": look["colour"]},
            "hovertemplate": "%{x}<br>" + name + ": %{y:.2f}<extra></extra>",
        })  # fmt: skip
        for rid, round_entry in rounds.items():
            if rid in by_questionnaire[qid]:
                found = by_questionnaire[qid][rid]
                rows.append((
                    round_entry["round_title"], _date(round_entry["closes_at"]), name,
                    t.score(found["score"], lang), t.level(found["level"], lang),
                ))  # fmt: skip
        changes.append(_change(name, [v for v in scores if v is not None], lang))
    layout = s.layout(
        CHART_ID, title, caption, lang, height=480,
        xaxis=s.category_axis(title={"text": t.ROUND.get(lang)}),
        yaxis=s.score_axis(t.SCORE.get(lang)), margin={"b": 110},
    )  # fmt: skip
    headers = (t.ROUND.get(lang), t.CLOSES.get(lang), t.QUESTIONNAIRE.get(lang),
               t.SCORE.get(lang), t.LEVEL.get(lang))  # fmt: skip
    summary = (" ; " if lang == "fr" else "; ").join(changes) + "."
    return Chart(CHART_ID, title, caption, summary, headers, tuple(rows), s.figure(traces, layout))


def _label_places(lines: list[list[float | None]]) -> list[list[str]]:
    """Each value's label above its point when it is the highest of its round, else below.

    Close lines then keep their labels apart instead of writing them over each other.
    """
    places = []
    for line in lines:
        row = []
        for at, value in enumerate(line):
            others = [other[at] for other in lines if other is not line and other[at] is not None]
            highest = value is not None and all(value >= other for other in others)
            row.append("top center" if highest else "bottom center")
        places.append(row)
    return places


def _date(closes_at: str) -> str:
    return datetime.fromisoformat(closes_at).date().isoformat()


def _change(name: str, scores: list[float], lang: str) -> str:
    if len(scores) < 2:
        return t.say(t.TREND_SINGLE, lang, questionnaire=name, last=t.score(scores[-1], lang))
    return t.say(
        t.TREND_CHANGE, lang, questionnaire=name, first=t.score(scores[0], lang),
        last=t.score(scores[-1], lang), change=t.signed(scores[-1] - scores[0], lang),
    )  # fmt: skip
