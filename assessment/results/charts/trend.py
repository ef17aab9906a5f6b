"""The overall score of each questionnaire across the organisation's rounds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _

from assessment.charting import Chart, Omission
from assessment.charting import style as s
from assessment.results import wording as w
from assessment.results.charts.reading import rounds_up_to

if TYPE_CHECKING:
    from assessment.results.capability import CapabilityData, TrendPoint

CHART_ID = "trend"


def trend(data: CapabilityData) -> Chart | Omission:
    """Lines per questionnaire over the rounds that closed up to this one."""
    title = _("Overall score across rounds")
    titles = {i.questionnaire: i.title for i in data.instruments}
    # The questionnaires of this round, in this round and the earlier ones.
    entries = [
        e for e in rounds_up_to(data.trend, data.round.closes_at) if e.questionnaire in titles
    ]
    rounds: dict[int, TrendPoint] = {}
    for entry in sorted(entries, key=lambda e: (e.closes_at, e.round_id)):
        rounds.setdefault(entry.round_id, entry)
    if len(rounds) < 2:
        return Omission(
            CHART_ID,
            title,
            _("The trend appears once an earlier round of this organisation has a result."),
        )
    caption = _(
        "Overall score from 1 to 5 of each questionnaire in this round and the earlier ones."
    )
    x = [s.wrap(r.round_title, 20) for r in rounds.values()]
    by_questionnaire = {
        qid: {e.round_id: e for e in entries if e.questionnaire == qid} for qid in titles
    }
    lines = {
        qid: [found[rid].score if rid in found else None for rid in rounds]
        for qid, found in by_questionnaire.items()
        if found
    }
    # Tall enough that the labels of scores a fifth of a point apart do not touch.
    places = _label_places(list(lines.values()))
    traces: list[dict[str, Any]] = []
    rows: list[tuple[str, ...]] = []
    changes: list[str] = []
    for position, (qid, scores) in enumerate(lines.items()):
        name = titles[qid]
        look = s.series(position)
        traces.append({
            "type": "scatter", "x": x, "y": scores, "mode": "lines+markers+text", "name": name,
            "connectgaps": True, "textposition": places[position],
            "text": ["" if v is None else w.score(v) for v in scores],
            "line": {"color": look["colour"], "dash": look["dash"], "width": 3},
            "marker": {"symbol": look["symbol"], "size": 11, "color": look["colour"]},
            "hovertemplate": "%{x}<br>" + name + ": %{y:.2f}<extra></extra>",
        })  # fmt: skip
        for rid, round_entry in rounds.items():
            if rid in by_questionnaire[qid]:
                found = by_questionnaire[qid][rid]
                rows.append((
                    round_entry.round_title, round_entry.closes_at.date().isoformat(), name,
                    w.score(found.score), w.level(found.level),
                ))  # fmt: skip
        changes.append(_change(name, [v for v in scores if v is not None]))
    score_header, round_header = _("Score (1 to 5)"), _("Round")
    layout = s.layout(
        CHART_ID, title, caption, w.current_language(), height=560,
        # Each round in the middle of an equal share: the first one's label then stays
        # clear of the score axis' numbers.
        xaxis=s.category_axis(title={"text": round_header}, range=[-0.5, len(x) - 0.5]),
        yaxis=s.score_axis(score_header), margin={"b": 110},
    )  # fmt: skip
    headers = (round_header, _("Closes"), _("Questionnaire"), score_header, _("Level"))
    # Translators: what separates the questionnaires in the trend's summary.
    summary = _("; ").join(changes) + "."
    return Chart(CHART_ID, title, caption, summary, headers, tuple(rows), s.figure(traces, layout))


def _label_places(lines: list[list[float | None]]) -> list[list[str]]:
    """Where each value's label goes: above or below its point, or beside it.

    Above the round's highest point, below its lowest, to the right then the left of
    the points between. Close lines then keep their labels apart instead of writing them
    over each other (scores a twentieth of a point apart would share a place).
    """
    places = [["bottom center"] * len(line) for line in lines]
    for at in range(max((len(line) for line in lines), default=0)):
        ranked = sorted(
            (n for n, line in enumerate(lines) if line[at] is not None),
            key=lambda n: -(lines[n][at] or 0.0),
        )
        for rank, n in enumerate(ranked):
            if rank == 0:
                places[n][at] = "top center"
            elif rank == len(ranked) - 1:
                places[n][at] = "bottom center"
            else:
                places[n][at] = "middle right" if rank % 2 else "middle left"
    return places


def _change(name: str, scores: list[float]) -> str:
    if len(scores) < 2:
        return _("%(questionnaire)s: %(last)s", questionnaire=name, last=w.score(scores[-1]))
    return _(
        "%(questionnaire)s: from %(first)s to %(last)s (%(change)s)",
        questionnaire=name, first=w.score(scores[0]), last=w.score(scores[-1]),
        change=w.signed(scores[-1] - scores[0]),
    )  # fmt: skip
