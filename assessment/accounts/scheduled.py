"""Scheduled account housekeeping, run by the task queue's scheduler.

Sign-in sessions that ended (or outlived ``SESSION_ABSOLUTE_HOURS``) more than
``SESSION_RECORD_DAYS`` ago are deleted: they sign nobody in, and the account's list
of sessions only shows recent ones.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import or_

from assessment.accounts.sessions import SignInSession
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.tasks import periodic

SESSION_RECORD_DAYS = 30


@periodic("accounts.prune-sessions", minute="41", hour="3")
def prune_sign_in_sessions() -> int:
    """Delete long-finished sign-in sessions; return how many."""
    now = utcnow()
    kept_after = now - timedelta(days=SESSION_RECORD_DAYS)
    lifetime = timedelta(hours=int(current_app.config["SESSION_ABSOLUTE_HOURS"]))
    deleted = db.session.execute(
        db.delete(SignInSession).where(
            or_(
                SignInSession.ended_at < kept_after,
                SignInSession.created_at < kept_after - lifetime,
            )
        )
    ).rowcount
    db.session.commit()
    return int(deleted or 0)
