"""Scheduled survey work, run by the task queue's scheduler, never by a page visit.

Reminders: a few days before a round closes (``REMINDER_DAYS_BEFORE_CLOSE``), everyone
with a live link who has not submitted gets one reminder. Every worker's scheduler runs
this each hour, on every host: the outbox key ``auto-reminder:<round>:<invitation>:
<closing time>`` makes a second run (or a second host) write nothing, and a round that
is extended gets a reminder before its new date.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app

from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.survey import invitations
from assessment.survey.models import AssessmentRound
from assessment.tasks import periodic

log = logging.getLogger(__name__)


@periodic("survey.reminders-before-closing", minute="7", hour="*")
def remind_before_closing() -> int:
    """Remind the people who have not answered rounds closing soon; return how many."""
    if not current_app.config.get("SERVER_NAME"):
        # A reminder carries a full link, which needs the public host name.
        log.warning("reminders before closing need SERVER_NAME; none sent")
        return 0
    now = utcnow()
    horizon = now + timedelta(days=int(current_app.config["REMINDER_DAYS_BEFORE_CLOSE"]))
    closing = db.session.execute(
        db.select(AssessmentRound).filter(
            AssessmentRound.closed_early_at.is_(None),
            AssessmentRound.opens_at <= now,
            AssessmentRound.closes_at > now,
            AssessmentRound.closes_at <= horizon,
        )
    ).scalars().all()  # fmt: skip
    sent = 0
    for assessment_round in closing:
        stamp = f"{assessment_round.closes_at:%Y%m%d%H%M}"
        for invitation in invitations.waiting(assessment_round):
            key = f"auto-reminder:{assessment_round.id}:{invitation.id}:{stamp}"
            if invitations.send_reminder_once(invitation, key):
                sent += 1
        db.session.commit()  # one round at a time: a failure keeps what was written
    if sent:
        log.info("%s reminder(s) before closing written to the outbox", sent)
    return sent
