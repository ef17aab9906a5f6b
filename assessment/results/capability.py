"""The capability result of one round, typed, for the results page, exports and the PDF.

Reports are rendered from this data, never from ORM objects: the engine's own frozen
results (``scoring.Report``) with the questionnaire they were scored on, and a few facts
about the organisation and the round. Nothing here is worded: every page, export and
report words it in its language (``assessment.results.wording``). Item-level detail
(explanations citing items, the action plan, role groups) is shown only when enough
people submitted for no one's answers to be readable from it (``detailed``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from assessment.accounts.organisations import Organisation
from assessment.benchmarks.peers import peer_data
from assessment.core.extensions import db
from assessment.results.targets import DimensionTarget
from assessment.results.wording import current_language, local
from assessment.survey import scoring as results
from assessment.survey.models import AssessmentRound
from assessment.survey.responses import SUBMITTED, Answer, Response
from assessment.survey.scores import ScoreSnapshot
from questionnaires.model import Questionnaire
from scoring import (
    AssessmentResult,
    DimensionResult,
    Explanation,
    PrincipleResult,
    Report,
    combine_principles,
)

# Peer placement as the benchmarks feature gives it (``benchmarks.peers.peer_data``).
PeerData = dict[str, Any]


@dataclass(frozen=True)
class OrganisationFacts:
    """Who the result is for."""

    name: str
    slug: str
    country: str
    government_level: str
    sector: str
    size_band: str


@dataclass(frozen=True)
class RoundFacts:
    """The round the result is of."""

    id: int
    title: str
    unit_assessed: str
    opens_at: datetime
    closes_at: datetime
    time_zone: str


@dataclass(frozen=True)
class TrendPoint:
    """One questionnaire's stored overall result in one of the organisation's rounds."""

    round_id: int
    round_title: str
    closes_at: datetime
    questionnaire: str
    level: int | None
    score: float | None


@dataclass(frozen=True)
class InstrumentResult:
    """One questionnaire's report, with its definition (for its texts) and privacy rule.

    ``detailed``: enough people submitted for item-level detail to be shown.
    """

    definition: Questionnaire
    report: Report
    detailed: bool

    @property
    def questionnaire(self) -> str:
        """The questionnaire's id."""
        return self.definition.id

    @property
    def version(self) -> str:
        """The questionnaire version the answers were given to."""
        return self.definition.version

    @property
    def title(self) -> str:
        """The questionnaire's title in the language in force."""
        return local(self.definition.title)

    @property
    def result(self) -> AssessmentResult:
        """The engine's result."""
        return self.report.result

    @property
    def dimensions(self) -> tuple[DimensionResult, ...]:
        """The maturity dimensions' results, in definition order."""
        return self.report.result.dimensions

    @property
    def explained(self) -> list[tuple[DimensionResult, Explanation]]:
        """Each dimension with its explanation."""
        return list(zip(self.report.result.dimensions, self.report.explanations, strict=True))

    @property
    def targets(self) -> dict[str, int]:
        """The action plan's target level per dimension id."""
        return {t.dimension_id: t.target_level for t in self.report.plan.targets}


@dataclass(frozen=True)
class QuotedQuestion:
    """A question and the comments its respondents agreed may be quoted."""

    prompt: str
    comments: tuple[str, ...]


@dataclass(frozen=True)
class ActionOwner:
    """Who carries one dimension's actions and by when (either may be unset)."""

    owner: str
    due_on: date | None


@dataclass(frozen=True)
class CapabilityData:
    """Everything a capability result page, export or report shows."""

    organisation: OrganisationFacts
    round: RoundFacts
    instruments: tuple[InstrumentResult, ...]  # one per questionnaire with a response
    principles: tuple[PrincipleResult, ...]  # the Declaration principles across them
    trend: tuple[TrendPoint, ...]  # overall level per questionnaire in every round
    peers: PeerData | None  # peer placement, worded in the language it was gathered in
    min_group_size: int
    respondents: int
    # questionnaire -> question -> answer code -> how many chose it; only for
    # ``detailed`` instruments, and only when asked for (the PDF's appendix).
    answer_counts: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    # questionnaire -> question -> the comments people agreed may be quoted, without
    # names and in alphabetical order; same instruments and occasions as the counts.
    shared_comments: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # questionnaire -> dimension -> the owner and due date set with its target.
    owners: dict[str, dict[str, ActionOwner]] = field(default_factory=dict)

    def owner_of(self, questionnaire_id: str, dimension_id: str) -> ActionOwner | None:
        """The owner and due date of a dimension's actions, if any was set."""
        return self.owners.get(questionnaire_id, {}).get(dimension_id)


def action_owners(assessment_round: AssessmentRound) -> dict[str, dict[str, ActionOwner]]:
    """Owners and due dates of the round's plan: questionnaire -> dimension -> owner.

    Only dimensions with an owner or a due date are listed.
    """
    owners: dict[str, dict[str, ActionOwner]] = {}
    for row in db.session.execute(
        db.select(DimensionTarget).filter_by(round_id=assessment_round.id)
    ).scalars():
        if row.owner or row.due_on is not None:
            owners.setdefault(row.questionnaire_id, {})[row.dimension_id] = ActionOwner(
                row.owner, row.due_on
            )
    return owners


def targets_of(assessment_round: AssessmentRound) -> dict[str, dict[str, int]]:
    """Targets set by the coordinator: questionnaire id -> dimension id -> level."""
    targets: dict[str, dict[str, int]] = {}
    for row in db.session.execute(
        db.select(DimensionTarget).filter_by(round_id=assessment_round.id)
    ).scalars():
        targets.setdefault(row.questionnaire_id, {})[row.dimension_id] = row.target_level
    return targets


def _trend(organisation: Organisation) -> tuple[TrendPoint, ...]:
    rows = db.session.execute(
        db.select(
            AssessmentRound.id,
            AssessmentRound.title,
            AssessmentRound.closes_at,
            ScoreSnapshot.questionnaire_id,
            ScoreSnapshot.overall_level,
            ScoreSnapshot.overall_score,
        )
        .join(ScoreSnapshot, ScoreSnapshot.round_id == AssessmentRound.id)
        .filter(AssessmentRound.organisation_id == organisation.id, results.shown_snapshot())
        .order_by(AssessmentRound.closes_at, ScoreSnapshot.questionnaire_id)
    ).all()
    return tuple(TrendPoint(*row) for row in rows)


def answer_counts(
    assessment_round: AssessmentRound, questionnaire_ids: list[str]
) -> dict[str, dict[str, dict[str, int]]]:
    """How many submitted responses chose each answer code, per question (counted in SQL).

    Totals over everyone who answered, never who answered what.
    """
    counts: dict[str, dict[str, dict[str, int]]] = {qid: {} for qid in questionnaire_ids}
    if not questionnaire_ids:
        return counts
    rows = db.session.execute(
        db.select(Answer.questionnaire_id, Answer.item_id, Answer.code, db.func.count())
        .join(Response, Response.id == Answer.response_id)
        .filter(
            Response.round_id == assessment_round.id,
            Response.status == SUBMITTED,
            Answer.questionnaire_id.in_(questionnaire_ids),
        )
        .group_by(Answer.questionnaire_id, Answer.item_id, Answer.code)
    ).all()
    for questionnaire_id, item_id, code, count in rows:
        counts[questionnaire_id].setdefault(item_id, {})[code] = count
    return counts


def shared_comments(
    assessment_round: AssessmentRound, questionnaire_ids: list[str]
) -> dict[str, dict[str, list[str]]]:
    """The comments of submitted responses whose authors agreed they may be quoted.

    No name, no answer and no order of respondents comes with them: they are sorted
    alphabetically, so that nothing links one person's comments to each other.
    """
    comments: dict[str, dict[str, list[str]]] = {qid: {} for qid in questionnaire_ids}
    if not questionnaire_ids:
        return comments
    rows = db.session.execute(
        db.select(Answer.questionnaire_id, Answer.item_id, Answer.comment)
        .join(Response, Response.id == Answer.response_id)
        .filter(
            Response.round_id == assessment_round.id,
            Response.status == SUBMITTED,
            Response.comments_quotable.is_(True),
            Answer.questionnaire_id.in_(questionnaire_ids),
            Answer.comment != "",
        )
    ).all()
    for questionnaire_id, item_id, comment in rows:
        comments[questionnaire_id].setdefault(item_id, []).append(comment)
    for by_item in comments.values():
        for listed in by_item.values():
            listed.sort(key=lambda text: (text.casefold(), text))
    return comments


def quoted_comments(
    instrument: InstrumentResult, comments: Mapping[str, list[str]], min_group_size: int
) -> list[QuotedQuestion]:
    """The shared comments of one instrument, per question in the questionnaire's order.

    ``instrument``: a ``detailed`` instrument of :func:`capability_data`; ``comments``:
    its item → comments, from :func:`shared_comments`. A question asked of fewer than
    ``min_group_size`` people is left out, as its answers are: there, a comment could
    be told apart from its few colleagues.
    """
    results_by_item = {item.item_id: item for item in instrument.result.items}
    quoted = []
    for item in instrument.definition.items:
        result = results_by_item.get(item.id)
        shared = comments.get(item.id)
        if not shared or result is None or result.status == "not_asked":
            continue
        if result.asked >= min_group_size:
            quoted.append(QuotedQuestion(local(item.prompt), tuple(shared)))
    return quoted


def capability_data(
    organisation: Organisation,
    assessment_round: AssessmentRound,
    *,
    with_answer_counts: bool = False,
) -> CapabilityData:
    """Gather the round's result.

    ``with_answer_counts``: also count the answers per question of the ``detailed``
    instruments, and gather the comments people agreed to share (what the PDF's appendix
    prints). The peer placement is worded in the language in force, so a PDF in another
    language gathers its data inside ``force_locale``.
    """
    targets = targets_of(assessment_round)
    reports = results.round_reports(assessment_round, targets)
    min_group = results.rules().min_group_size
    instruments = tuple(
        InstrumentResult(definition, report, report.result.respondents >= min_group)
        for definition, report in reports
    )
    detailed = [i.questionnaire for i in instruments if i.detailed]
    return CapabilityData(
        organisation=OrganisationFacts(
            organisation.name, organisation.slug, organisation.country,
            organisation.government_level, organisation.sector, organisation.size_band,
        ),
        round=RoundFacts(
            assessment_round.id, assessment_round.title, assessment_round.unit_assessed,
            assessment_round.opens_at, assessment_round.closes_at, assessment_round.time_zone,
        ),
        instruments=instruments,
        principles=combine_principles([r.result for _, r in reports]),
        trend=_trend(organisation),
        peers=peer_data(organisation, assessment_round, current_language()),
        min_group_size=min_group,
        respondents=results.submitted_count(assessment_round),
        answer_counts=answer_counts(assessment_round, detailed) if with_answer_counts else {},
        shared_comments=shared_comments(assessment_round, detailed) if with_answer_counts else {},
        owners=action_owners(assessment_round),
    )  # fmt: skip
