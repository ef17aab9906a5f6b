"""Assessment rounds: opening, extending and closing them, and their progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import update

from assessment.accounts.organisations import Organisation
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.questionnaire_library import questionnaire
from assessment.core.types import utcnow
from assessment.survey.models import AssessmentRound, Invitation, RoundInstrument
from assessment.survey.responses import IN_PROGRESS, SUBMITTED, Response


class RoundError(ValueError):
    """A change to a round that cannot be made, with a message for people."""


@dataclass(frozen=True)
class RoundDraft:
    title: str
    unit_assessed: str
    questionnaire_ids: tuple[str, ...]
    opens_at: datetime
    closes_at: datetime
    time_zone: str


def create_round(
    organisation: Organisation, draft: RoundDraft, *, actor_id: int
) -> AssessmentRound:
    """Open a round with the latest version of each chosen questionnaire."""
    if draft.closes_at <= draft.opens_at:
        raise RoundError(_("The closing date must be after the opening date."))
    if not draft.questionnaire_ids:
        raise RoundError(_("Choose at least one questionnaire."))
    assessment_round = AssessmentRound(
        organisation_id=organisation.id,
        title=draft.title,
        unit_assessed=draft.unit_assessed,
        opens_at=draft.opens_at,
        closes_at=draft.closes_at,
        time_zone=draft.time_zone,
        created_by_id=actor_id,
    )
    for position, questionnaire_id in enumerate(draft.questionnaire_ids):
        definition = questionnaire(questionnaire_id)
        assessment_round.instruments.append(
            RoundInstrument(
                questionnaire_id=definition.id,
                questionnaire_version=definition.version,
                position=position,
            )
        )
    db.session.add(assessment_round)
    db.session.flush()
    audit.record(
        "round.created",
        actor_id=actor_id,
        organisation_id=organisation.id,
        subject=f"round {assessment_round.id}",
        instruments=list(draft.questionnaire_ids),
    )
    return assessment_round


def _change(assessment_round: AssessmentRound, expected_version: int, **values: object) -> None:
    # Compare-and-set as the first statement: a coordinator acting on a stale page is
    # told so instead of undoing a colleague's change.
    result = db.session.execute(
        update(AssessmentRound)
        .where(AssessmentRound.id == assessment_round.id)
        .where(AssessmentRound.version == expected_version)
        .values(version=AssessmentRound.version + 1, **values)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise RoundError(
            _("Someone else changed this round meanwhile. Reload the page and try again.")
        )
    db.session.refresh(assessment_round)


def extend_round(
    assessment_round: AssessmentRound, closes_at: datetime, *, expected_version: int, actor_id: int
) -> None:
    """Move the closing date later (and reopen a round closed early)."""
    if closes_at <= utcnow() or closes_at <= assessment_round.opens_at:
        raise RoundError(_("The new closing date must be in the future."))
    _change(assessment_round, expected_version, closes_at=closes_at, closed_early_at=None)
    audit.record(
        "round.extended",
        actor_id=actor_id,
        organisation_id=assessment_round.organisation_id,
        subject=f"round {assessment_round.id}",
        closes_at=closes_at.isoformat(),
    )


def close_round(assessment_round: AssessmentRound, *, expected_version: int, actor_id: int) -> None:
    """Close the round now: answers can no longer change."""
    _change(assessment_round, expected_version, closed_early_at=utcnow())
    audit.record(
        "round.closed",
        actor_id=actor_id,
        organisation_id=assessment_round.organisation_id,
        subject=f"round {assessment_round.id}",
    )


NOT_STARTED = "not_started"


@dataclass(frozen=True)
class PersonProgress:
    invitation_id: int
    email: str
    respondent_role: str
    revoked: bool
    status: str  # not_started | in_progress | submitted
    sections: dict[str, str]  # questionnaire id -> not_started | in_progress | completed
    reminders_sent: int


def progress(assessment_round: AssessmentRound) -> list[PersonProgress]:
    """Progress per person and per section; counts of answers only, never their content."""
    from assessment.survey.responding import section_statuses

    invitations = db.session.execute(
        db.select(Invitation).filter_by(round_id=assessment_round.id).order_by(Invitation.email)
    ).scalars()
    responses = {
        r.invitation_id: r
        for r in db.session.execute(
            db.select(Response).filter_by(round_id=assessment_round.id)
        ).scalars()
    }
    people = []
    for invitation in invitations:
        response = responses.get(invitation.id)
        status = NOT_STARTED if response is None else response.status
        sections = section_statuses(assessment_round, invitation.respondent_role, response)
        if (
            response is not None
            and response.status == IN_PROGRESS
            and all(s == NOT_STARTED for s in sections.values())
        ):
            status = NOT_STARTED
        people.append(
            PersonProgress(
                invitation_id=invitation.id,
                email=invitation.email,
                respondent_role=invitation.respondent_role,
                revoked=invitation.revoked_at is not None,
                status=status if status in (NOT_STARTED, SUBMITTED) else IN_PROGRESS,
                sections=sections,
                reminders_sent=invitation.reminders_sent,
            )
        )
    return people


def round_or_404(organisation: Organisation, round_id: int) -> AssessmentRound:
    """The round, only if it belongs to this organisation (404 otherwise)."""
    assessment_round = db.session.get(AssessmentRound, round_id)
    if assessment_round is None or assessment_round.organisation_id != organisation.id:
        abort(404)
    return assessment_round


def report_round(organisation: Organisation) -> AssessmentRound | None:
    """The round a report shows by default: the latest closed round with a submitted response.

    A round still open is shown only when no closed round has results yet (its result
    can still change, so it is never preferred to a finished one).
    """
    now = utcnow()
    closed = db.or_(
        AssessmentRound.closes_at <= now,
        db.and_(
            AssessmentRound.closed_early_at.is_not(None), AssessmentRound.closed_early_at <= now
        ),
    )
    with_results = (
        db.select(AssessmentRound)
        .filter(
            AssessmentRound.organisation_id == organisation.id,
            db.exists().where(
                Response.round_id == AssessmentRound.id, Response.status == SUBMITTED
            ),
        )
        .order_by(AssessmentRound.closes_at.desc(), AssessmentRound.id.desc())
        .limit(1)
    )
    found = db.session.execute(with_results.filter(closed)).scalar_one_or_none()
    if found is None:
        found = db.session.execute(with_results).scalar_one_or_none()
    return found
