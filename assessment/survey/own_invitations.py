"""A signed-in person's own invitations to answer: what they can answer, what they sent.

People answer through the personal link of their invitation, and may also have an
account (the demo respondent has one). Their dashboard lists the invitations sent to
their own address, with the state of their own response and their own link; nothing
about anybody else's invitation or answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import url_for

from assessment.accounts.services import normalise_email
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.survey import links as tokens
from assessment.survey.models import Invitation
from assessment.survey.responses import IN_PROGRESS, SUBMITTED, Response

NOT_STARTED = "not_started"


@dataclass(frozen=True)
class OwnInvitation:
    """One invitation of the reader's: its round, the state of their answers, their link.

    ``link`` is the personal link while the round is open and the link not revoked;
    after submitting it leads to the confirmation (their reference, their answers).
    """

    round_title: str
    organisation_name: str
    ends_at: datetime
    time_zone: str
    status: str
    reference: str | None
    link: str | None


def for_email(email: str) -> list[OwnInvitation]:
    """The invitations sent to ``email`` (an account's own address), newest round first."""
    rows = db.session.execute(
        db.select(Invitation, Response.status, Response.reference)
        .outerjoin(Response, Response.invitation_id == Invitation.id)
        .filter(Invitation.email == normalise_email(email))
        .order_by(Invitation.round_id.desc())
    ).all()
    now = utcnow()
    found = []
    for invitation, status, reference in rows:
        assessment_round = invitation.round
        live = invitation.revoked_at is None and not assessment_round.has_ended_at(now)
        state = status if status in (IN_PROGRESS, SUBMITTED) else NOT_STARTED
        token = tokens.link_token(invitation.id, invitation.link_nonce)
        page = "respond.confirmation" if state == SUBMITTED else "respond.start"
        found.append(
            OwnInvitation(
                round_title=assessment_round.title,
                organisation_name=assessment_round.organisation.name,
                ends_at=assessment_round.ends_at,
                time_zone=assessment_round.time_zone,
                status=state,
                reference=reference if state == SUBMITTED else None,
                # No ?lang=: someone signed in reads in the language they chose.
                link=url_for(page, token=token) if live else None,
            )
        )
    return found
