"""What the capability report says, as one typed view model: the template only lays it out.

Built from ``CapabilityData`` (never from ORM objects), inside the report's language
(``flask_babel.force_locale``, see ``reports.pipeline``): every word and number here is
already written in it. Where an instrument is not ``detailed`` — too few people answered
for their answers to stay unreadable — no action plan (which names questions) is kept,
so no template change can print it by mistake. Answers per question and results by role
are the technical annex's (``reports.annex``), not this report's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import format_date
from flask_babel import gettext as _

from assessment.core.levels import level_label
from assessment.core.vocabulary import principle_name
from assessment.reports.charts import PrintedEntry
from assessment.reports.peer_section import PeerSection, peer_section
from assessment.results import wording as w
from assessment.results.capability import ActionOwner, CapabilityData, InstrumentResult
from assessment.results.summary import ExecutiveSummary, executive_summary
from scoring import LEVELS, Citation, DimensionResult
from scoring.actions import ActionPlan

# The PDF lists the first actions of each plan; the results page lists them all.
ACTIONS_PER_PLAN = 3


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
class TargetLine:
    """A dimension's current and target level."""

    title: str
    current: str
    target: str


@dataclass(frozen=True)
class ActionLine:
    """One step of the action plan; ``owner`` and ``due`` are empty until someone sets them."""

    rank: int
    prompt: str
    value: str
    next_level: str
    descriptor: str
    dimension: str = ""
    target: str = ""
    owner: str = ""
    due: str = ""


@dataclass(frozen=True)
class PlanSection:
    """The targets and the first actions of one questionnaire's plan."""

    targets: tuple[TargetLine, ...]
    actions: tuple[ActionLine, ...]
    more: int  # actions listed on the results page only

    @property
    def has_owners(self) -> bool:
        """Whether any action names its owner (the PDF then prints the column)."""
        return any(a.owner for a in self.actions)

    @property
    def has_due_dates(self) -> bool:
        """Whether any action has a due date (the PDF then prints the column)."""
        return any(a.due for a in self.actions)


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
    plan: PlanSection | None
    charts: tuple[PrintedEntry, ...]


@dataclass(frozen=True)
class GradedLine:
    """A principle's level and score."""

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
    summary: ExecutiveSummary
    respondents: int
    min_group_size: int
    instruments: tuple[InstrumentSection, ...]
    principles: tuple[GradedLine, ...]
    trend: tuple[TrendLine, ...]
    charts: tuple[PrintedEntry, ...]  # the charts of the whole result (the trend)
    peers: PeerSection
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


def _plan(plan: ActionPlan, owners: Mapping[str, ActionOwner]) -> PlanSection:
    actions = plan.actions
    dimensions = {t.dimension_id: t for t in plan.targets}
    return PlanSection(
        tuple(
            TargetLine(w.local(t.title), w.level(t.current_level), w.level(t.target_level))
            for t in plan.targets
        ),
        tuple(
            ActionLine(
                a.rank,
                w.local(a.prompt),
                w.score(a.value),
                w.level(a.next_level),
                w.local(a.descriptor),
                dimension=w.local(dimensions[a.dimension_id].title)
                if a.dimension_id in dimensions
                else "",
                target=w.level(a.target_level),
                owner=owned.owner if (owned := owners.get(a.dimension_id)) else "",
                due=_date(owned.due_on) if owned and owned.due_on else "",
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
    owners: Mapping[str, ActionOwner],
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
        plan=_plan(instrument.report.plan, owners) if detailed else None,
        charts=tuple(charts),
    )


def _other_title(questionnaire: str) -> str:
    # A questionnaire answered in another round only: its title from the library.
    from assessment.core.questionnaire_library import library
    from questionnaires import UnknownQuestionnaireError

    try:
        return w.local(library().get(questionnaire).title)
    except UnknownQuestionnaireError:
        return _("Another questionnaire")


def _method(data: CapabilityData) -> tuple[str, ...]:
    if not data.instruments:
        return ()
    rules = data.instruments[0].result.rules
    # Translators: separates the levels' score bands in the methodology.
    bands = _("; ").join(
        _("%(level)s from %(score)s", level=w.level(level), score=w.score(floor))
        for level, floor in enumerate(rules.band_floors, 1)
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

    ``charts``: the charts and omissions the report prints, in page order (see
    ``charts.printed_plan``).
    """
    zone = data.round.time_zone
    minimum = data.min_group_size
    instruments = []
    for instrument in data.instruments:
        qid = instrument.questionnaire
        own = [entry for entry in charts if entry.questionnaire == qid]
        instruments.append(_instrument(instrument, own, data.owners.get(qid, {})))
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
        summary=executive_summary(data),
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
        trend=tuple(
            TrendLine(
                t.round_title,
                titles.get(t.questionnaire) or _other_title(t.questionnaire),
                w.level(t.level),
                w.score(t.score),
            )
            for t in data.trend
            if t.round_id != data.round.id
        ),  # fmt: skip
        charts=tuple(entry for entry in charts if entry.questionnaire is None),
        peers=peer_section(data),
        method=_method(data),
    )
