"""What the dashboards show, gathered in one place so views stay thin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func

from assessment.accounts.models import ORGANISATION_COORDINATOR, RoleAssignment
from assessment.accounts.organisations import Organisation
from assessment.benchmarks.peers import peer_data
from assessment.core.extensions import db
from assessment.core.i18n import current_language
from assessment.core.questionnaire_library import library
from assessment.core.types import utcnow
from assessment.results.summary import ScaleLine, scale_line
from assessment.results.wording import level as level_words
from assessment.results.wording import local
from assessment.survey import scoring as results
from assessment.survey.models import AssessmentRound, Invitation
from assessment.survey.responses import SUBMITTED, Response
from assessment.survey.scores import ScoreSnapshot
from scoring import LEVELS


@dataclass(frozen=True)
class RoundSummary:
    id: int
    title: str
    opens_at: datetime
    closes_at: datetime
    is_open: bool
    instruments: tuple[str, ...]
    invited: int
    submitted: int
    time_zone: str
    levels: tuple[tuple[str, int | None], ...]  # (questionnaire id, overall level)


@dataclass(frozen=True)
class OrganisationSummary:
    rounds: tuple[RoundSummary, ...]
    coordinators: int


def organisation_summary(organisation: Organisation) -> OrganisationSummary:
    """Summarise an organisation's rounds with counts (never anyone's answers)."""
    now = utcnow()
    rounds = db.session.execute(
        db.select(AssessmentRound)
        .filter_by(organisation_id=organisation.id)
        .order_by(AssessmentRound.opens_at.desc())
    ).scalars()
    invited = dict(
        db.session.execute(
            db.select(Invitation.round_id, func.count())
            .join(AssessmentRound)
            .filter(AssessmentRound.organisation_id == organisation.id)
            .group_by(Invitation.round_id)
        ).all()
    )
    submitted = dict(
        db.session.execute(
            db.select(Response.round_id, func.count())
            .join(AssessmentRound)
            .filter(
                AssessmentRound.organisation_id == organisation.id,
                Response.status == SUBMITTED,
            )
            .group_by(Response.round_id)
        ).all()
    )
    levels: dict[int, list[tuple[str, int | None]]] = {}
    for round_id, questionnaire_id, level in db.session.execute(
        db.select(
            ScoreSnapshot.round_id, ScoreSnapshot.questionnaire_id, ScoreSnapshot.overall_level
        )
        .join(AssessmentRound)
        .filter(AssessmentRound.organisation_id == organisation.id)
        .order_by(ScoreSnapshot.questionnaire_id)
    ).all():
        levels.setdefault(round_id, []).append((questionnaire_id, level))
    summaries = tuple(
        RoundSummary(
            id=r.id,
            title=r.title,
            opens_at=r.opens_at,
            closes_at=r.ends_at,  # when answers stopped, for a round closed early
            is_open=r.is_open_at(now),
            instruments=tuple(i.questionnaire_id for i in r.instruments),
            invited=invited.get(r.id, 0),
            submitted=submitted.get(r.id, 0),
            time_zone=r.time_zone,
            levels=tuple(levels.get(r.id, ())),
        )
        for r in rounds
    )
    coordinators = db.session.execute(
        db.select(func.count())
        .select_from(RoleAssignment)
        .filter_by(organisation_id=organisation.id, role=ORGANISATION_COORDINATOR)
    ).scalar_one()
    return OrganisationSummary(rounds=summaries, coordinators=coordinators)


@dataclass(frozen=True)
class LatestResult:
    """The overview's scale for an organisation's latest round with a result."""

    round_id: int
    round_title: str
    scales: tuple[ScaleLine, ...]
    scale_levels: tuple[str, ...]  # "1 – Ad hoc" … "5 – Leading"


def latest_result(organisation: Organisation) -> LatestResult | None:
    """The latest round (by closing date) with a shown result, on the overview's scale.

    Drawn from the round's stored scores, not recomputed from answers, with the peers'
    middle half as the published benchmark discloses it (``benchmarks.peers``). None
    when no round has a result yet.
    """
    found = db.session.execute(
        db.select(AssessmentRound)
        .join(ScoreSnapshot, ScoreSnapshot.round_id == AssessmentRound.id)
        .filter(AssessmentRound.organisation_id == organisation.id, results.shown_snapshot())
        .order_by(AssessmentRound.closes_at.desc(), AssessmentRound.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if found is None:
        return None
    # In the round's order of questionnaires, as on the results page.
    order = {i.questionnaire_id: n for n, i in enumerate(found.instruments)}
    snapshots = sorted(
        db.session.execute(
            db.select(ScoreSnapshot).filter(
                ScoreSnapshot.round_id == found.id, results.shown_snapshot()
            )
        ).scalars(),
        key=lambda s: (order.get(s.questionnaire_id, len(order)), s.questionnaire_id),
    )
    placement = peer_data(organisation, found, current_language()).get("placement") or {}
    definitions = {q.id: q for q in library()}
    scales = []
    for snapshot in snapshots:
        definition = definitions.get(snapshot.questionnaire_id)
        title = local(definition.title) if definition else snapshot.questionnaire_id
        scales.append(
            scale_line(
                snapshot.questionnaire_id,
                title,
                snapshot.overall_score,
                snapshot.overall_level,
                placement.get(snapshot.questionnaire_id) or {},
            )
        )
    return LatestResult(found.id, found.title, tuple(scales), tuple(level_words(n) for n in LEVELS))
