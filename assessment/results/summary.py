"""The summary of a round's result: the results page's overview and the report's page 2.

Worded in the language in force (the page's, or the report's inside
``reports.pipeline``), from ``CapabilityData`` only: the overall level of each
questionnaire on a 1-5 scale with the peers' middle half where the published benchmark
discloses it (or why it does not), what that level means, the three strongest and the
three weakest dimensions with the reason for each, and what changed since the
organisation's previous round. The organisation dashboard draws the same scale from a
round's stored scores through :func:`scale_line`.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    ``sentence`` says in words what the drawing shows (score, level, the peers' middle
    half or why it is not shown), so that the drawing itself can be hidden from screen
    readers.
    """

    questionnaire: str
    title: str
    level: str
    score: str
    meaning: str
    position: float | None
    band: tuple[float, float] | None
    peers: str  # the peer band in words, or why it is not shown
    sentence: str


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


def _peers(placement: Mapping[str, Any]) -> tuple[tuple[float, float] | None, str, str]:
    # The band as the published snapshot discloses it (``benchmarks.peers``), or the
    # disclosure engine's reason in words: nothing is decided here. Returns the band's
    # positions, the report's sentence and the page's clause.
    band = placement.get("band")
    if band and band.get("p25") is not None and band.get("p75") is not None:
        low, high = _position(band["p25"]), _position(band["p75"])
        values = {
            "low": w.score(band["p25"]),
            "high": w.score(band["p75"]),
            "median": w.score(band.get("median")),
            "count": w.whole(band.get("n")),
        }
        worded = _("Middle half of %(count)s peers: %(low)s to %(high)s (median %(median)s).",
                   **values)  # fmt: skip
        clause = _(
            "peers' middle half %(low)s to %(high)s (median %(median)s, %(count)s organisations).",
            **values,
        )
        return (low or 0.0, high or 0.0), worded, clause
    withheld = placement.get("band_withheld") or {}
    why = withheld.get("note") or _(
        "No benchmark has been published yet: figures appear after the next scheduled refresh."
    )
    worded = _("Peers' middle half not shown: %(reason)s", reason=why)
    headline = placement.get("headline") or {}
    if headline and not headline.get("withheld", True):
        worded += " " + _(
            "Among peers (%(group)s): %(position)s",
            group=headline.get("group_label", ""),
            position=headline.get("position", ""),
        )
    return None, worded, _("peers' middle half not shown: %(reason)s", reason=why)


def scale_line(
    questionnaire: str,
    title: str,
    score: float | None,
    level: int | None,
    placement: Mapping[str, Any],
    evidence: str | None = None,
) -> ScaleLine:
    """One questionnaire's overall result on the scale, worded, with the peers' band.

    ``placement``: the questionnaire's entry under ``"placement"`` in
    ``benchmarks.peers.peer_data`` (empty when there is none); ``evidence``: the
    engine's evidence state, which says why there is no level when ``level`` is None.
    """
    band, peers, clause = _peers(placement)
    named = w.level_or_evidence(level, evidence)
    own = named if level is None else _("Score %(score)s, level %(level)s", score=w.score(score),
                                          level=named)  # fmt: skip
    return ScaleLine(
        questionnaire=questionnaire,
        title=title,
        level=named,
        score=w.score(score),
        meaning=str(MEANINGS[level])
        if level is not None
        else _("There are not yet enough answers to give this questionnaire a level."),
        position=_position(score),
        band=band,
        peers=peers,
        sentence=_("%(own)s; %(peers)s", own=own, peers=clause),
    )


def _scale(data: CapabilityData, instrument: InstrumentResult) -> ScaleLine:
    overall = instrument.result.overall
    return scale_line(
        instrument.questionnaire,
        instrument.title,
        overall.score,
        overall.level,
        _placement(data, instrument.questionnaire),
        overall.evidence,
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
