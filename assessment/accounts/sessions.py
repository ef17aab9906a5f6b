"""Sign-in sessions kept on the server, so that ending one takes effect at once.

The session cookie carries only a random session key; the account is found through a
row of ``sign_in_sessions`` that holds the key's SHA-256 digest. Signing out, changing
the password, disabling the account or "sign out everywhere" end rows, and a cookie
whose row has ended signs nobody in on its next request, wherever it was copied to.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask import Flask
from sqlalchemy import ForeignKey, String, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.accounts.models import User
from assessment.core import unavailable
from assessment.core.extensions import db, login_manager
from assessment.core.types import UTCDateTime, utcnow

# Why a session ended, for the audit trail and the account's list of sessions.
SIGNED_OUT = "signed_out"
SIGNED_OUT_EVERYWHERE = "signed_out_everywhere"
PASSWORD_CHANGED = "password_changed"  # noqa: S105 (a reason, not a password)
ACCOUNT_DISABLED = "account_disabled"
ENDED_BY_ADMIN = "ended_by_admin"


class SignInSession(db.Model):  # type: ignore[name-defined]
    __tablename__ = "sign_in_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_reason: Mapped[str] = mapped_column(String(32), default="")

    user: Mapped[User] = relationship(lazy="joined")


def init_app(app: Flask) -> None:
    """Sign people in through their server-side session (Flask-Login's user loader)."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = None  # the sign-in page explains itself
    login_manager.session_protection = "basic"
    login_manager.user_loader(user_for)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def digest_of(key: str | None) -> str | None:
    """The stored form of a session key (None for none), to tell the current session apart."""
    return _digest(key) if key else None


def start(user: User, user_agent: str = "") -> str:
    """Record a new sign-in of ``user`` and return the key its cookie carries."""
    key = secrets.token_urlsafe(32)
    db.session.add(SignInSession(key_digest=_digest(key), user=user, user_agent=user_agent[:200]))
    db.session.flush()
    return key


def user_for(key: str) -> User | None:
    """The enabled account signed in with ``key``, or None once that session has ended."""
    if unavailable.during_outage():
        return None  # the 503 page is drawn as to a visitor, without a query
    row = db.session.execute(
        db.select(SignInSession).filter_by(key_digest=_digest(key), ended_at=None)
    ).scalar_one_or_none()
    if row is None or not row.user.is_enabled:
        return None
    row.user.session_key = key
    return row.user


def end(key: str, reason: str = SIGNED_OUT) -> None:
    """End the session signed in with ``key`` (nothing happens for an unknown key)."""
    db.session.execute(
        update(SignInSession)
        .where(SignInSession.key_digest == _digest(key), SignInSession.ended_at.is_(None))
        .values(ended_at=utcnow(), ended_reason=reason)
    )


def end_row(row: SignInSession, reason: str) -> None:
    """End one session, found by its row (the account page's "end this session")."""
    if row.ended_at is None:
        row.ended_at = utcnow()
        row.ended_reason = reason


def end_all(user: User, reason: str, *, keep: str | None = None) -> int:
    """End every live session of ``user`` except the one signed in with ``keep``.

    Returns how many sessions ended.
    """
    statement = update(SignInSession).where(
        SignInSession.user_id == user.id, SignInSession.ended_at.is_(None)
    )
    if keep is not None:
        statement = statement.where(SignInSession.key_digest != _digest(keep))
    result = db.session.execute(statement.values(ended_at=utcnow(), ended_reason=reason))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def live_sessions(user: User) -> list[SignInSession]:
    """The account's sessions that have not ended, newest first."""
    return list(
        db.session.execute(
            db.select(SignInSession)
            .filter_by(user_id=user.id, ended_at=None)
            .order_by(SignInSession.created_at.desc())
        ).scalars()
    )
