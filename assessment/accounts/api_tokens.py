"""Personal API tokens: Bearer secrets for the JSON API, stored only as a hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.accounts.models import User
from assessment.core.extensions import db
from assessment.core.types import UTCDateTime, utcnow


class ApiToken(db.Model):  # type: ignore[name-defined]
    """One token of one user. The secret is shown once; only its SHA-256 is kept.

    A token acts with the roles its user holds at the time of each request, so taking
    a role away also takes it away from the user's tokens.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # The first characters of the secret, so that a person can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")

    def is_live_at(self, moment: datetime) -> bool:
        return self.revoked_at is None and moment < self.expires_at
