"""Single-use, expiring links sent by e-mail: invitations, password resets, address checks.

A link carries 256 random bits (``secrets.token_urlsafe(32)``); only their SHA-256 digest
is stored, so a copy of the database opens no account. A fast hash is enough for a
secret of that strength, and it finds the row in one indexed look-up. A link works once,
until it expires, and not after it was revoked or replaced by a new one (resending).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.accounts.models import User
from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.types import UTCDateTime, utcnow

INVITATION = "invitation"
PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose, not a password
EMAIL_CHANGE = "email_change"
PURPOSES = (INVITATION, PASSWORD_RESET, EMAIL_CHANGE)

# How long each kind of link works. A reset link opens the account to whoever reads the
# mailbox, so it lives shortest; an invitation waits for someone back from leave.
LIFETIMES = {
    INVITATION: timedelta(days=7),
    PASSWORD_RESET: timedelta(hours=1),
    EMAIL_CHANGE: timedelta(hours=24),
}
SECRET_BYTES = 32
MAX_SECRET_LENGTH = 100  # longer is no link of ours: refused before hashing


class AccountLink(db.Model):  # type: ignore[name-defined]
    """One link sent to one address, for one purpose.

    Invitations carry the role and its scope (organisation or country) granted when the
    link is used; a reset or address check carries the account it acts on.
    """

    __tablename__ = "account_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    # Where the link was sent: the invited person, the account, or the new address.
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str | None] = mapped_column(String(32))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    country: Mapped[str | None] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(5), default="en")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    def is_live_at(self, moment: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and moment < self.expires_at

    @property
    def status(self) -> str:
        """``used``, ``revoked``, ``expired`` or ``pending``."""
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        return "pending" if utcnow() < self.expires_at else "expired"


def digest(secret: str) -> str:
    """The stored form of a link's secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> tuple[str, str]:
    """A fresh secret and its digest."""
    secret = secrets.token_urlsafe(SECRET_BYTES)
    return secret, digest(secret)


def issue(link: AccountLink) -> str:
    """Give ``link`` a new secret and lifetime, starting now; return the secret.

    Used to create a link and to resend one: the previous secret stops working.
    """
    secret, link.token_digest = new_secret()
    now = utcnow()
    link.sent_at = now
    link.expires_at = now + LIFETIMES[link.purpose]
    link.revoked_at = None
    return secret


def live_link(secret: str, purpose: str) -> AccountLink | None:
    """The link with this secret if it is for ``purpose`` and still works, else None.

    Unknown, used, revoked and expired links all answer None: the page says the same
    thing for each, so a guess learns nothing.
    """
    if not secret or len(secret) > MAX_SECRET_LENGTH:
        return None
    link = db.session.execute(
        db.select(AccountLink).filter_by(token_digest=digest(secret))
    ).scalar_one_or_none()
    if link is None or link.purpose != purpose or not link.is_live_at(utcnow()):
        return None
    return link


def use(link: AccountLink) -> None:
    """Mark ``link`` used: it never works again."""
    link.used_at = utcnow()
