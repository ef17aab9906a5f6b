"""Inviting people to answer a round, re-sending, reminding and revoking links."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from assessment.accounts.services import normalise_email
from assessment.core import audit, mail
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.survey import links as tokens
from assessment.survey.models import RESPONDENT_ROLES, AssessmentRound, Invitation
from assessment.survey.responses import SUBMITTED, Response


class InvitationError(ValueError):
    """An invitation that cannot be made, with a message for people (in their language)."""


def _link(invitation: Invitation) -> str:
    token = tokens.link_token(invitation.id, invitation.link_nonce)
    # The page opens in the invitation's language whatever the browser prefers (the
    # language switch still offers the others); ?lang= is remembered for the session.
    return url_for("respond.start", token=token, lang=invitation.language, _external=True)


def refuse_if_ended(assessment_round: AssessmentRound) -> None:
    """Raise InvitationError if the round has closed: nobody can be invited to it."""
    if assessment_round.has_ended_at(utcnow()):
        raise InvitationError(
            _("The round is closed: change its closing date to reopen it before inviting anyone.")
        )


@mail.send_check
def _round_still_open(message: mail.OutboxMessage) -> bool:
    """A message about a round leaves only while the round has not closed."""
    if message.round_id is None:
        return True
    assessment_round = db.session.get(AssessmentRound, message.round_id)
    return assessment_round is None or not assessment_round.has_ended_at(utcnow())


def _send(invitation: Invitation, template: str, key: str) -> bool:
    """Write the message to the outbox, in the caller's transaction (sent after commit).

    ``key`` names its reason, so that asking twice writes one message.
    """
    assessment_round = invitation.round
    with force_locale(invitation.language):
        subject, _, body = render_template(
            template,
            invitation=invitation,
            assessment_round=assessment_round,
            link=_link(invitation),
        ).partition("\n")
    written = mail.send(
        mail.Mail(invitation.email, subject.strip(), body.strip() + "\n"),
        organisation_id=assessment_round.organisation_id,
        key=key,
        round_id=assessment_round.id,
    )
    invitation.last_sent_at = utcnow()
    return written is not None


def _link_key(invitation: Invitation) -> str:
    # A new link (a resend) is a new message; the same link is never mailed twice.
    return f"invitation:{invitation.id}:{invitation.link_nonce[:24]}"


def _new_token(invitation: Invitation) -> None:
    invitation.link_nonce = tokens.new_nonce()
    invitation.token_hash = tokens.token_hash(
        tokens.link_token(invitation.id, invitation.link_nonce)
    )


def invite(
    assessment_round: AssessmentRound,
    email: str,
    respondent_role: str,
    *,
    language: str,
    actor_id: int,
) -> Invitation:
    """Invite one person with a role; their personal link expires when the round closes."""
    refuse_if_ended(assessment_round)
    email = normalise_email(email)
    if "@" not in email.strip("@"):
        raise InvitationError(_("%(email)s is not an email address.", email=email))
    if respondent_role not in RESPONDENT_ROLES:
        raise InvitationError(_("%(role)s is not a respondent role.", role=respondent_role))
    exists = db.session.execute(
        db.select(Invitation.id).filter_by(round_id=assessment_round.id, email=email)
    ).first()
    if exists:
        raise InvitationError(_("%(email)s is already invited to this round.", email=email))
    # The hash needs the id, so insert with a placeholder first, in the same transaction.
    invitation = Invitation(
        round_id=assessment_round.id,
        email=email,
        respondent_role=respondent_role,
        language=language,
        link_nonce="",
        token_hash=tokens.new_nonce(),
    )
    db.session.add(invitation)
    db.session.flush()
    _new_token(invitation)
    _send(invitation, "emails/invitation.txt", _link_key(invitation))
    audit.record(
        "invitation.sent",
        actor_id=actor_id,
        organisation_id=assessment_round.organisation_id,
        subject=f"invitation {invitation.id}",
        role=respondent_role,
    )
    return invitation


def already_invited(assessment_round: AssessmentRound, emails: list[str]) -> set[str]:
    """Which of ``emails`` (normalised) have an invitation to the round already."""
    found: set[str] = set()
    for start in range(0, len(emails), 500):  # bounded IN lists on every database
        found.update(
            db.session.execute(
                db.select(Invitation.email).filter(
                    Invitation.round_id == assessment_round.id,
                    Invitation.email.in_(emails[start : start + 500]),
                )
            ).scalars()
        )
    return found


def resend(invitation: Invitation, *, actor_id: int) -> None:
    """Send a new link (the old one stops working) and lift any revocation."""
    refuse_if_ended(invitation.round)
    _new_token(invitation)
    invitation.revoked_at = None
    _send(invitation, "emails/invitation.txt", _link_key(invitation))
    audit.record(
        "invitation.resent",
        actor_id=actor_id,
        organisation_id=invitation.round.organisation_id,
        subject=f"invitation {invitation.id}",
    )


def revoke(invitation: Invitation, *, actor_id: int) -> None:
    """Make the person's link stop working; answers already saved are kept."""
    invitation.revoked_at = utcnow()
    audit.record(
        "invitation.revoked",
        actor_id=actor_id,
        organisation_id=invitation.round.organisation_id,
        subject=f"invitation {invitation.id}",
    )


def waiting(assessment_round: AssessmentRound) -> list[Invitation]:
    """The people with a live link who have not submitted yet."""
    submitted = set(
        db.session.execute(
            db.select(Response.invitation_id).filter_by(
                round_id=assessment_round.id, status=SUBMITTED
            )
        ).scalars()
    )
    return [
        i
        for i in db.session.execute(
            db.select(Invitation).filter_by(round_id=assessment_round.id, revoked_at=None)
        ).scalars()
        if i.id not in submitted
    ]


def send_reminder_once(invitation: Invitation, key: str) -> bool:
    """Write a reminder to the outbox under ``key``, unless one was; True if written."""
    if not _send(invitation, "emails/reminder.txt", key):
        return False
    invitation.reminders_sent += 1
    return True


def remind(assessment_round: AssessmentRound, *, actor_id: int) -> int:
    """Remind everyone who has not submitted (and whose link is live); return how many."""
    refuse_if_ended(assessment_round)
    pending = waiting(assessment_round)
    for invitation in pending:
        send_reminder_once(invitation, f"reminder:{invitation.id}:{invitation.reminders_sent + 1}")
    audit.record(
        "invitation.reminded",
        actor_id=actor_id,
        organisation_id=assessment_round.organisation_id,
        subject=f"round {assessment_round.id}",
        count=len(pending),
    )
    return len(pending)


def was_revoked(token: str) -> bool:
    """Tell whether ``token`` is the current link of an invitation that was revoked."""
    if not token or len(token) > 100:
        return False
    revoked = db.session.execute(
        db.select(Invitation.revoked_at).filter_by(token_hash=tokens.token_hash(token))
    ).scalar_one_or_none()
    return revoked is not None


def find_by_token(token: str) -> Invitation | None:
    """Return the live invitation for a link token, or None (unknown or revoked)."""
    if not token or len(token) > 100:
        return None
    invitation = db.session.execute(
        db.select(Invitation).filter_by(token_hash=tokens.token_hash(token))
    ).scalar_one_or_none()
    if invitation is None or invitation.revoked_at is not None:
        return None
    return invitation
