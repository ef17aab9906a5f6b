"""What the capability report says, as one typed view model: the template only lays it out.

Built from ``CapabilityData`` (never from ORM objects), inside the report's language
(``flask_babel.force_locale``, see ``reports.pipeline``): every word and number here is
already written in it. Where an instrument is not ``detailed`` — too few people answered
for their answers to stay unreadable — nothing at the level of questions or people is
kept: no role groups and no action plan (which names questions), so no template change
can print them by mistake.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import format_date
from flask_babel import gettext as _

from assessment.core.levels import level_label
from assessment.core.vocabulary import principle_name, role_name
from assessment.reports.charts import PrintedEntry
from assessment.reports.questions import QuestionTables, question_tables
from assessment.results import wording as w
from assessment.results.capability import CapabilityData, InstrumentResult, PeerData
from scoring import LEVELS, Citation, DimensionResult, RoleGroupView
from scoring.actions import ActionPlan

# The PDF lists the first actions of each plan; the results page lists them all.
ACTIONS_PER_PLAN = 3
WEAKEST_SHOWN = 3


@dataclass(frozen=True)
class Cited:
    """A dimension that holds the overall level down, with its score."""

    title: str
    value: str


@dataclass(frozen=True)
class AnswerCounts:
    """How the answer slots of a questionnaire or dimension were used."""

    slots: int
    answered: int
    dont_know: int
    not_applicable: int
    missing: int
    answered_share: str
    answered_of: str


@dataclass(frozen=True)
class DimensionLine:
    """One dimension's level and score."""

    title: str
    level: str
    score: str
    agreement: str
    raw_score: float | None


@dataclass(frozen=True)
class GroupLine:
    """A role group's overall level, or why it is withheld."""

    title: str
    shown: bool
    level: str | None
    score: str | None
    reason: str | None


@dataclass(frozen=True)
class TargetLine:
    """A dimension's current and target level."""

    title: str
    current: str
    target: str


@dataclass(frozen=True)
class ActionLine:
    """One step of the action plan."""

    rank: int
    prompt: str
    value: str
    next_level: str
    descriptor: str


@dataclass(frozen=True)
class PlanSection:
    """The targets and the first actions of one questionnaire's plan."""

    targets: tuple[TargetLine, ...]
    actions: tuple[ActionLine, ...]
    more: int  # actions listed on the results page only


@dataclass(frozen=True)
class InstrumentSection:
    """One questionnaire's part of the report."""

    id: str
    title: str
    respondents: int
    detailed: bool
    level: str
    score: str
    summary: str
    requirement: str
    held_down_by: tuple[Cited, ...]
    dimensions: tuple[DimensionLine, ...]
    answers: AnswerCounts
    role_groups: tuple[GroupLine, ...]
    plan: PlanSection | None
    charts: tuple[PrintedEntry, ...]
    questions: QuestionTables | None


@dataclass(frozen=True)
class GradedLine:
    """A principle's level and score."""

    title: str
    level: str
    score: str


@dataclass(frozen=True)
class WeakDimension:
    """A dimension to work on first."""

    instrument: str
    title: str
    level: str
    score: str


@dataclass(frozen=True)
class TrendLine:
    """A questionnaire's overall level in another round."""

    round: str
    questionnaire: str
    level: str
    score: str


@dataclass(frozen=True)
class PeerPosition:
    """Where the organisation stands among peers, or the note saying why it cannot be shown."""

    shown: bool
    note: str = ""
    group: str = ""
    band: str = ""
    interval: str = ""


@dataclass(frozen=True)
class OrganisationLine:
    """The organisation as the cover names it."""

    name: str


@dataclass(frozen=True)
class RoundLine:
    """The round as the cover describes it."""

    title: str
    unit_assessed: str
    period: str


@dataclass(frozen=True)
class CapabilityReport:
    """Everything the PDF prints, in ``lang``."""

    lang: str
    organisation: OrganisationLine
    round: RoundLine
    produced_on: str
    intro: str  # how to read the levels
    respondents: int
    min_group_size: int
    instruments: tuple[InstrumentSection, ...]
    principles: tuple[GradedLine, ...]
    weakest: tuple[WeakDimension, ...]
    trend: tuple[TrendLine, ...]
    charts: tuple[PrintedEntry, ...]  # the charts of the whole result (the trend)
    peers: PeerPosition
    method: tuple[str, ...]

    def template_context(self) -> dict[str, Any]:
        """The report's parts by name, as the template reads them."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _date(day: date) -> str:
    # Day, month name, year in every language ("29 October 2025", "29 octobre 2025"),
    # rather than English's "long" format, which is the American "October 29, 2025".
    return format_date(day, "d MMMM y")


def _day(moment: datetime, zone: str) -> str:
    return _date(moment.astimezone(ZoneInfo(zone)).date())


def _bare(level: int | None) -> str:
    return w.NO_VALUE if level is None else str(level)


def _answers(shares: Any) -> AnswerCounts:
    return AnswerCounts(
        shares.slots,
        shares.answered,
        shares.dont_know,
        shares.not_applicable,
        shares.missing,
        w.percent(shares.answered_share),
        _("%(count)d of %(total)d", count=shares.answered, total=shares.slots),
    )


def _dimension(dimension: DimensionResult) -> DimensionLine:
    return DimensionLine(
        w.local(dimension.title),
        w.level_or_evidence(dimension.level, dimension.evidence),
        w.score(dimension.score),
        w.agreement(dimension.agreement.label) or w.NO_VALUE,
        dimension.score,
    )


def _role_groups(groups: Sequence[RoleGroupView], minimum: int) -> tuple[GroupLine, ...]:
    lines = []
    for g in groups:
        if g.shown and g.overall is not None:
            level = w.level_or_evidence(g.overall.level, g.overall.evidence)
            lines.append(GroupLine(role_name(g.role), True, level, w.score(g.overall.score), None))
        else:
            reason = w.withheld_group(g.reason, minimum)
            lines.append(GroupLine(role_name(g.role), False, None, None, reason))
    return tuple(lines)


def _plan(plan: ActionPlan) -> PlanSection:
    actions = plan.actions
    return PlanSection(
        tuple(
            TargetLine(w.local(t.title), _bare(t.current_level), _bare(t.target_level))
            for t in plan.targets
        ),
        tuple(
            ActionLine(
                a.rank,
                w.local(a.prompt),
                w.score(a.value),
                w.level(a.next_level),
                w.local(a.descriptor),
            )
            for a in actions[:ACTIONS_PER_PLAN]
        ),  # fmt: skip
        max(0, len(actions) - ACTIONS_PER_PLAN),
    )


def _cited(citation: Citation) -> Cited:
    return Cited("" if citation.title is None else w.local(citation.title), w.score(citation.value))


def _instrument(
    instrument: InstrumentResult,
    charts: Sequence[PrintedEntry],
    questions: QuestionTables | None,
    minimum: int,
) -> InstrumentSection:
    detailed = instrument.detailed
    result = instrument.result
    explanation = instrument.report.overall_explanation
    return InstrumentSection(
        id=instrument.questionnaire,
        title=instrument.title,
        respondents=result.respondents,
        detailed=detailed,
        level=w.level_or_evidence(result.overall.level, result.overall.evidence),
        score=w.score(result.overall.score),
        summary=w.summary(explanation),
        requirement=w.reason(explanation.requirement),
        # The overall result is held down by dimensions, which every reader sees anyway.
        held_down_by=tuple(_cited(c) for c in explanation.held_down_by),
        dimensions=tuple(_dimension(d) for d in result.dimensions),
        answers=_answers(result.shares),
        role_groups=_role_groups(result.role_groups, minimum) if detailed else (),
        plan=_plan(instrument.report.plan) if detailed else None,
        charts=tuple(charts),
        questions=questions if detailed else None,
    )


def _weakest(data: CapabilityData) -> tuple[WeakDimension, ...]:
    scored = [
        (d.score, WeakDimension(i.title, w.local(d.title),
                                w.level_or_evidence(d.level, d.evidence), w.score(d.score)))
        for i in data.instruments
        for d in i.dimensions
        if d.score is not None
    ]  # fmt: skip
    return tuple(line for _score, line in sorted(scored, key=lambda s: s[0])[:WEAKEST_SHOWN])


def _peers(peers: PeerData | None, minimum: int) -> PeerPosition:
    # The most specific peer group that disclosure control lets us show, for the first
    # questionnaire (in id order) that has one.
    placements = (peers or {}).get("placement") or {}
    headline = next(
        (
            placements[q]["headline"]
            for q in sorted(placements)
            if not placements[q]["headline"].get("withheld", True)
        ),
        None,
    )
    if headline is None:
        # A round that is not placed at all (private, superseded, not yet published)
        # says why in the peer data's own note; a small group has the report's sentence.
        first = next((placements[q]["headline"] for q in sorted(placements)), {})
        if first.get("reason") not in (None, "too_few_peers"):
            return PeerPosition(False, note=first.get("note", ""))
        return PeerPosition(
            False,
            note=_(
                "The peer group is too small to show a position: a band appears once at"
                " least %(minimum)d comparable organisations have a result, so that no"
                " organisation can be identified.",
                minimum=minimum,
            ),
        )
    # A band among the peers, never an exact percentile (docs/benchmarks.md).
    low, high = headline.get("band_interval") or (None, None)
    return PeerPosition(
        True,
        group=headline.get("group_label", ""),
        band=w.number(headline["band"], 0),
        interval=f"{w.number(low, 0)}–{w.number(high, 0)}",
    )


def _method(data: CapabilityData) -> tuple[str, ...]:
    if not data.instruments:
        return ()
    rules = data.instruments[0].result.rules
    bands = ", ".join(
        f"{level}: ≥ {w.score(floor)}" for level, floor in enumerate(rules.band_floors, 1)
    )
    gates = []
    if rules.item_gate is not None and rules.dimension_gate is not None:
        gates.append(_(
            "A dimension can be at most %(item_gate)s above its weakest question, and the"
            " overall level at most %(dimension_gate)s above the weakest dimension.",
            item_gate=w.gate_margin(rules.item_gate),
            dimension_gate=w.gate_margin(rules.dimension_gate),
        ))  # fmt: skip
    scoring = _(
        "Each question's value is the median of the answers given. A dimension's score is"
        " the weighted mean of its questions, and its level is the band the score falls in"
        " (%(bands)s).",
        bands=bands,
    )
    return (
        " ".join([scoring, *gates]),
        _(
            "A level is given only when at least %(coverage)s of the applicable questions have"
            " an answer. “I do not know” and “Not applicable” answers are counted, not scored.",
            coverage=w.percent(rules.min_coverage),
        ),
        _(
            "Results by role, by question and the action plan are shown only for groups of at"
            " least %(minimum)d respondents.",
            minimum=data.min_group_size,
        ),
    )


def report_content(
    data: CapabilityData, charts: Sequence[PrintedEntry], produced_on: date
) -> CapabilityReport:
    """Everything the PDF prints, in the language in force.

    ``charts``: the results page's charts and omissions in page order (see
    ``charts.printed_plan``). The appendix lists each ``detailed`` questionnaire's
    questions with ``data.answer_counts``, when they were gathered.
    """
    zone = data.round.time_zone
    minimum = data.min_group_size
    instruments = []
    for instrument in data.instruments:
        qid = instrument.questionnaire
        questions = None
        if qid in data.answer_counts:
            questions = question_tables(
                instrument, data.answer_counts[qid], minimum, data.shared_comments.get(qid)
            )
        own = [entry for entry in charts if entry.questionnaire == qid]
        instruments.append(_instrument(instrument, own, questions, minimum))
    titles = {i.id: i.title for i in instruments}
    return CapabilityReport(
        lang=w.current_language(),
        organisation=OrganisationLine(data.organisation.name),
        round=RoundLine(
            data.round.title,
            data.round.unit_assessed,
            _(
                "%(opens)s to %(closes)s",
                opens=_day(data.round.opens_at, zone),
                closes=_day(data.round.closes_at, zone),
            ),
        ),
        produced_on=_date(produced_on),
        intro=_(
            "Levels run from %(lowest)s to %(highest)s. Each questionnaire gives an overall"
            " level; the Declaration principles combine the questions of every questionnaire.",
            lowest=level_label(LEVELS[0]),
            highest=level_label(LEVELS[-1]),
        ),
        respondents=data.respondents,
        min_group_size=minimum,
        instruments=tuple(instruments),
        principles=tuple(
            GradedLine(
                principle_name(p.principle),
                w.level_or_evidence(p.level, p.evidence),
                w.score(p.score),
            )
            for p in data.principles
        ),
        weakest=_weakest(data),
        trend=tuple(
            TrendLine(
                t.round_title,
                titles.get(t.questionnaire, t.questionnaire),
                _bare(t.level),
                w.score(t.score),
            )
            for t in data.trend
            if t.round_id != data.round.id
        ),  # fmt: skip
        charts=tuple(entry for entry in charts if entry.questionnaire is None),
        peers=_peers(data.peers, minimum),
        method=_method(data),
    )
