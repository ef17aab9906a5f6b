"""Privacy operations: an organisation's own data export, deletion, and the audit log.

The export holds what the organisation may see: its rounds, invitations and progress,
and aggregated results. Individual answers stay out: nobody but the respondent sees them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_

from assessment.accounts.models import User
from assessment.accounts.organisations import Organisation
from assessment.core import audit
from assessment.core.audit_events import AuditEvent
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.reports import jobs
from assessment.results.targets import DimensionTarget
from assessment.survey.models import AssessmentRound, Invitation
from assessment.survey.responses import Response
from assessment.survey.scores import ScoreSnapshot
from assessment.survey.scoring import shown_snapshot, stored_result

Json = dict[str, Any]


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def organisation_export(organisation: Organisation) -> Json:
    """Everything the organisation may see about itself, as JSON-ready data."""
    rounds = db.session.execute(
        db.select(AssessmentRound)
        .filter_by(organisation_id=organisation.id)
        .order_by(AssessmentRound.id)
    ).scalars()
    exported_rounds = []
    for assessment_round in rounds:
        invitations = db.session.execute(
            db.select(Invitation).filter_by(round_id=assessment_round.id).order_by(Invitation.id)
        ).scalars()
        statuses = dict(
            db.session.execute(
                db.select(Response.invitation_id, Response.status).filter_by(
                    round_id=assessment_round.id
                )
            ).all()
        )
        snapshots = db.session.execute(
            db.select(ScoreSnapshot).filter(
                ScoreSnapshot.round_id == assessment_round.id, shown_snapshot()
            )
        ).scalars()
        targets = db.session.execute(
            db.select(DimensionTarget).filter_by(round_id=assessment_round.id)
        ).scalars()
        exported_rounds.append(
            {
                "id": assessment_round.id,
                "title": assessment_round.title,
                "unit_assessed": assessment_round.unit_assessed,
                "opens_at": _iso(assessment_round.opens_at),
                "closes_at": _iso(assessment_round.closes_at),
                "time_zone": assessment_round.time_zone,
                "consent": assessment_round.consent,
                "instruments": [
                    {"questionnaire": i.questionnaire_id, "version": i.questionnaire_version}
                    for i in assessment_round.instruments
                ],
                "invitations": [
                    {
                        "email": i.email,
                        "role": i.respondent_role,
                        "status": statuses.get(i.id, "not_started"),
                        "revoked": i.revoked_at is not None,
                    }
                    for i in invitations
                ],
                "results": [stored_result(s.result) for s in snapshots],
                "targets": [
                    {
                        "questionnaire": t.questionnaire_id,
                        "dimension": t.dimension_id,
                        "level": t.target_level,
                    }
                    for t in targets
                ],  # fmt: skip
            }
        )
    events = db.session.execute(
        db.select(AuditEvent).filter_by(organisation_id=organisation.id).order_by(AuditEvent.id)
    ).scalars()
    return {
        "organisation": {
            "name": organisation.name,
            "slug": organisation.slug,
            "country": organisation.country,
            "government_level": organisation.government_level,
            "sector": organisation.sector,
            "size_band": organisation.size_band,
        },
        "rounds": exported_rounds,
        "audit_log": [
            {"at": _iso(e.occurred_at), "action": e.action, "subject": e.subject} for e in events
        ],
        "exported_at": utcnow().isoformat(),
        "note": "Individual answers are not included: only each respondent sees their own.",
    }


def request_deletion(organisation: Organisation, *, actor_id: int) -> None:
    """Take the organisation out of every benchmark, and ask administrators to erase it.

    It leaves the published benchmarks at their next refresh.
    """
    if organisation.deletion_requested_at is None:
        organisation.deletion_requested_at = utcnow()
    audit.record(
        "organisation.deletion_requested",
        actor_id=actor_id,
        organisation_id=organisation.id,
        subject=organisation.slug,
    )


def erase(organisation: Organisation, *, actor_id: int) -> None:
    """Delete the organisation and everything that belongs to it.

    Rounds, answers and scores go with the organisation's row; rendered reports are files
    as well as rows, so they are deleted first.
    """
    slug = organisation.slug
    reports = jobs.delete_reports_of(organisation.id)
    audit.record("organisation.erased", actor_id=actor_id, subject=slug, reports=reports)
    # Audit events keep their text but lose the link to the erased organisation.
    db.session.execute(
        db.update(AuditEvent)
        .where(AuditEvent.organisation_id == organisation.id)
        .values(organisation_id=None)
    )
    db.session.delete(organisation)


def audit_events(
    limit: int = 500,
    action: str | None = None,
    *,
    person: User | None = None,
    person_email: str | None = None,
    organisation: Organisation | None = None,
) -> list[AuditEvent]:
    """The latest audit events, newest first.

    ``person`` keeps what the person did or what was done to their address
    (``person_email``, which also finds events about an address without an account);
    ``organisation`` keeps the events of one agency.
    """
    query = db.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if action:
        query = query.filter(AuditEvent.action.startswith(action))
    if person is not None or person_email:
        about = [AuditEvent.subject == (person_email or (person.email if person else ""))]
        if person is not None:
            about.append(AuditEvent.actor_id == person.id)
        query = query.filter(or_(*about))
    if organisation is not None:
        query = query.filter(AuditEvent.organisation_id == organisation.id)
    return list(db.session.execute(query).scalars())


def deletion_requests() -> list[Organisation]:
    """Organisations waiting to be erased."""
    return list(
        db.session.execute(
            db.select(Organisation)
            .filter(Organisation.deletion_requested_at.is_not(None))
            .order_by(Organisation.deletion_requested_at)
        ).scalars()
    )
