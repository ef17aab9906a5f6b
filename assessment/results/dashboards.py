"""What the dashboards show, gathered in one place so views stay thin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func

from assessment.accounts.models import ORGANISATION_COORDINATOR, RoleAssignment
from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.survey.models import AssessmentRound, Invitation
from assessment.survey.responses import SUBMITTED, Response
from assessment.survey.scores import ScoreSnapshot


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
