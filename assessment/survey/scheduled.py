"""Scheduled survey work, run by the task queue's scheduler, never by a page visit.

Reminders before closing: the coordinator schedules them per round, as days before the
closing date ("7, 2"); a round without a schedule gets one reminder
``REMINDER_DAYS_BEFORE_CLOSE`` days before; an empty schedule sends none. At each
moment, everyone with a live link who has not submitted gets one reminder. Every
worker's scheduler runs this each hour, on every host: the outbox key
``auto-reminder:<round>:<invitation>:<closing time>[:<days>]`` makes a second run (or a
second host) write nothing, and a round that is extended gets its reminders again
before its new date. A schedule set late sends only the latest reminder that fell due,
never several at once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app

from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.survey import invitations
from assessment.survey.models import AssessmentRound
from assessment.survey.reminder_days import MAX_DAYS, parse_days
from assessment.tasks import periodic

log = logging.getLogger(__name__)


def _due(assessment_round: AssessmentRound, now: datetime) -> int | None:
    """The number of days before closing of the reminder due now, or None."""
    if assessment_round.reminder_days is None:
        days = [int(current_app.config["REMINDER_DAYS_BEFORE_CLOSE"])]
    else:
        days = parse_days(assessment_round.reminder_days)
    passed = [d for d in days if assessment_round.closes_at - timedelta(days=d) <= now]
    return min(passed) if passed else None


@periodic("survey.reminders-before-closing", minute="7", hour="*")
def remind_before_closing() -> int:
    """Remind the people who have not answered rounds whose reminder is due; how many."""
    if not current_app.config.get("SERVER_NAME"):
        # A reminder carries a full link, which needs the public host name.
        log.warning("reminders before closing need SERVER_NAME; none sent")
        return 0
    now = utcnow()
    horizon = now + timedelta(days=MAX_DAYS)
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
        days = _due(assessment_round, now)
        if days is None:
            continue
        stamp = f"{assessment_round.closes_at:%Y%m%d%H%M}"
        if assessment_round.reminder_days is not None:
            stamp = f"{stamp}:{days}"
        for invitation in invitations.waiting(assessment_round):
            key = f"auto-reminder:{assessment_round.id}:{invitation.id}:{stamp}"
            if invitations.send_reminder_once(invitation, key):
                sent += 1
        db.session.commit()  # one round at a time: a failure keeps what was written
    if sent:
        log.info("%s reminder(s) before closing written to the outbox", sent)
    return sent
