"""The capability report's executive summary: one page a board member can read alone.

Worded in the language in force (the report's, see ``reports.pipeline``), from
``CapabilityData`` only: the overall level of each questionnaire on a 1-5 scale with the
peers' middle half where the benchmark may publish it, what that level means, the
three strongest and the three weakest dimensions with the reason for each, and what
changed since the organisation's previous round.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from assessment.results import wording as w
from assessment.results.capability import CapabilityData, InstrumentResult, TrendPoint
from scoring import LEVELS, DimensionResult

SHOWN = 3  # strengths, and priorities

# What each level means, in one sentence a reader new to the scale understands.
MEANINGS = {
    1: _l(
        "Innovation depends on individual initiative, without shared methods, support or resources."
    ),
    2: _l(
        "Innovation is tried in places, but its practices are not yet shared or supported"
        " across the organisation."
    ),
    3: _l(
        "Innovation has defined methods, roles and support, applied in most of the organisation."
    ),
    4: _l(
        "Innovation is part of how the organisation plans, funds and works, and its results"
        " are measured."
    ),
    5: _l(
        "Innovation is systematic and keeps improving, and the organisation helps others"
        " learn from it."
    ),
}


@dataclass(frozen=True)
class ScaleLine:
    """A questionnaire's overall level on the 1-5 scale, with the peers' band if shown.

    Positions are percentages of the scale's width (score 1 at 10, score 5 at 90).
    """

    title: str
    level: str
    score: str
    meaning: str
    position: float | None
    band: tuple[float, float] | None
    peers: str  # the peer band in words, or why it is not shown


@dataclass(frozen=True)
class Finding:
    """A strength or a priority: a dimension, its questionnaire and the reason."""

    title: str
    questionnaire: str
    level: str
    reason: str


@dataclass(frozen=True)
class ExecutiveSummary:
    """The executive summary's parts, worded."""

    scales: tuple[ScaleLine, ...]
    strengths: tuple[Finding, ...]
    priorities: tuple[Finding, ...]
    changes: tuple[str, ...]
    scale_levels: tuple[str, ...]  # "1 – Ad hoc" … "5 – Leading", the scale's marks


def _position(score: float | None) -> float | None:
    # The scale draws each level as an equal segment with the whole score at its
    # middle: score 1 at 10 %, score 5 at 90 % of the width.
    if score is None:
        return None
    low, high = LEVELS[0], LEVELS[-1]
    segment = 100 / len(LEVELS)
    return round((min(max(score, low), high) - low + 0.5) * segment, 1)


def _placement(data: CapabilityData, questionnaire: str) -> dict[str, Any]:
    placement: dict[str, Any] = ((data.peers or {}).get("placement") or {}).get(questionnaire)
    return placement or {}


def _scale(data: CapabilityData, instrument: InstrumentResult) -> ScaleLine:
    overall = instrument.result.overall
    placement = _placement(data, instrument.questionnaire)
    band = placement.get("band")
    headline = placement.get("headline") or {}
    shown_band = None
    if band and band.get("p25") is not None and band.get("p75") is not None:
        low, high = _position(band["p25"]), _position(band["p75"])
        shown_band = (low or 0.0, high or 0.0)
        peers = _(
            "Middle half of %(count)s peers: %(low)s to %(high)s (median %(median)s).",
            count=w.whole(band.get("n")),
            low=w.score(band["p25"]),
            high=w.score(band["p75"]),
            median=w.score(band.get("median")),
        )
    elif headline and not headline.get("withheld", True):
        peers = _(
            "Among peers (%(group)s): %(position)s",
            group=headline.get("group_label", ""),
            position=headline.get("position", ""),
        )
    else:
        peers = _("No peer band yet: too few comparable organisations have a result.")
    return ScaleLine(
        title=instrument.title,
        level=w.level_or_evidence(overall.level, overall.evidence),
        score=w.score(overall.score),
        meaning=str(MEANINGS[overall.level])
        if overall.level is not None
        else _("There are not yet enough answers to give this questionnaire a level."),
        position=_position(overall.score),
        band=shown_band,
        peers=peers,
    )


def _peer_median(data: CapabilityData, questionnaire: str, dimension: str) -> float | None:
    entry = ((data.peers or {}).get(questionnaire) or {}).get(dimension) or {}
    median = entry.get("median")
    return None if median is None else float(median)


def _graded(data: CapabilityData) -> list[tuple[InstrumentResult, DimensionResult]]:
    return [
        (i, d)
        for i in data.instruments
        for d in i.dimensions
        if d.score is not None and d.level is not None
    ]


def _strength(data: CapabilityData, i: InstrumentResult, d: DimensionResult) -> Finding:
    values = {"level": w.level(d.level), "score": w.score(d.score)}
    median = _peer_median(data, i.questionnaire, d.dimension_id)
    overall = i.result.overall.score
    if median is not None and (d.score or 0.0) >= median:
        reason = _(
            "%(level)s (score %(score)s), at or above the peer median of %(median)s.",
            median=w.score(median),
            **values,
        )
    elif overall is not None and (d.score or 0.0) > overall:
        reason = _(
            "%(level)s (score %(score)s), above the questionnaire's overall score of %(overall)s.",
            overall=w.score(overall),
            **values,
        )
    else:
        reason = _("%(level)s (score %(score)s), among the highest scores of this round.", **values)
    return Finding(w.local(d.title), i.title, w.level(d.level), reason)


def _priority(data: CapabilityData, i: InstrumentResult, d: DimensionResult) -> Finding:
    values = {"level": w.level(d.level), "score": w.score(d.score)}
    holding = {c.ref for c in i.report.overall_explanation.held_down_by}
    median = _peer_median(data, i.questionnaire, d.dimension_id)
    if d.dimension_id in holding:
        reason = _(
            "%(level)s (score %(score)s): it holds the questionnaire's overall level down.",
            **values,
        )
    elif median is not None and (d.score or 0.0) < median:
        reason = _(
            "%(level)s (score %(score)s), below the peer median of %(median)s.",
            median=w.score(median),
            **values,
        )
    else:
        reason = _("%(level)s (score %(score)s), among the lowest scores of this round.", **values)
    return Finding(w.local(d.title), i.title, w.level(d.level), reason)


def _change(instrument: InstrumentResult, before: TrendPoint) -> str:
    now = instrument.result.overall
    values = {
        "questionnaire": instrument.title,
        "round": before.round_title,
        "before": w.level(before.level),
        "now": w.level(now.level),
    }
    if now.score is None or before.score is None:
        return _("%(questionnaire)s: %(before)s in %(round)s, now %(now)s.", **values)
    difference = now.score - before.score
    if now.level == before.level:
        return _(
            "%(questionnaire)s: still %(now)s, score %(change)s since %(round)s.",
            change=w.signed(difference),
            **values,
        )
    return _(
        "%(questionnaire)s: from %(before)s in %(round)s to %(now)s (score %(change)s).",
        change=w.signed(difference),
        **values,
    )


def _changes(data: CapabilityData) -> tuple[str, ...]:
    current = next((t for t in data.trend if t.round_id == data.round.id), None)
    lines = []
    for instrument in data.instruments:
        earlier = [
            t
            for t in data.trend
            if t.questionnaire == instrument.questionnaire
            and t.round_id != data.round.id
            and (current is None or t.closes_at <= current.closes_at)
        ]
        if earlier:
            lines.append(_change(instrument, max(earlier, key=lambda t: t.closes_at)))
    if not lines:
        return (
            _(
                "This is the organisation's first round with results: the next round's report"
                " will show what changed."
            ),
        )
    return tuple(lines)


def executive_summary(data: CapabilityData) -> ExecutiveSummary:
    """The executive summary of ``data``, in the language in force."""
    graded = _graded(data)
    by_score = sorted(graded, key=lambda pair: pair[1].score or 0.0)
    weakest = by_score[:SHOWN]
    strongest = [pair for pair in reversed(by_score) if pair not in weakest][:SHOWN]
    return ExecutiveSummary(
        scales=tuple(_scale(data, i) for i in data.instruments),
        strengths=tuple(_strength(data, i, d) for i, d in strongest),
        priorities=tuple(_priority(data, i, d) for i, d in weakest),
        changes=_changes(data) if data.instruments else (),
        scale_levels=tuple(w.level(level) for level in LEVELS),
    )
