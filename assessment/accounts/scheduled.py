"""Scheduled account housekeeping, run by the task queue's scheduler.

Sign-in sessions that ended (or outlived ``SESSION_ABSOLUTE_HOURS``) more than
``SESSION_RECORD_DAYS`` ago are deleted: they sign nobody in, and the account's list
of sessions only shows recent ones. So are e-mailed links (invitations, resets,
address checks) and API tokens that stopped working (used, revoked or expired) as long
ago: they open nothing, and an expired invitation stays listed, to be sent again, for
those days first.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import or_

from assessment.accounts.api_tokens import ApiToken
from assessment.accounts.links import AccountLink
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


@periodic("accounts.prune-dead-links", minute="43", hour="3")
def prune_dead_links_and_tokens() -> int:
    """Delete e-mailed links and API tokens dead for a while; return how many."""
    kept_after = utcnow() - timedelta(days=SESSION_RECORD_DAYS)
    links = db.session.execute(
        db.delete(AccountLink).where(
            or_(
                AccountLink.used_at < kept_after,
                AccountLink.revoked_at < kept_after,
                AccountLink.expires_at < kept_after,
            )
        )
    ).rowcount
    tokens = db.session.execute(
        db.delete(ApiToken).where(
            or_(ApiToken.revoked_at < kept_after, ApiToken.expires_at < kept_after)
        )
    ).rowcount
    db.session.commit()
    return int(links or 0) + int(tokens or 0)
