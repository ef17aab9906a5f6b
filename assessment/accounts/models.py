"""User accounts and the roles they hold."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.types import UTCDateTime, utcnow

RESPONDENT = "respondent"
ORGANISATION_COORDINATOR = "organisation_coordinator"
# Reads the organisation's results and reports; opens no round and invites nobody.
ORGANISATION_LEADER = "organisation_leader"
NATIONAL_COORDINATOR = "national_coordinator"
ANALYST = "analyst"
ADMIN = "admin"
ROLES = (
    RESPONDENT,
    ORGANISATION_COORDINATOR,
    ORGANISATION_LEADER,
    NATIONAL_COORDINATOR,
    ANALYST,
    ADMIN,
)

# Which scope each role is held in: an organisation, a country, or the whole platform.
ORGANISATION_ROLES = frozenset({RESPONDENT, ORGANISATION_COORDINATOR, ORGANISATION_LEADER})
COUNTRY_ROLES = frozenset({NATIONAL_COORDINATOR})


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Failed sign-ins in a row, from any address; past a limit, signing in pauses until
    # ``sign_ins_paused_until`` (accounts/services.py).
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    sign_ins_paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    preferred_language: Mapped[str] = mapped_column(String(5), default="en")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    role_assignments: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.is_enabled

    # The key of the sign-in session this object was loaded through (accounts/sessions.py).
    session_key = None  # set per request; not a column

    def get_id(self) -> str | None:
        # What the session cookie keeps is the sign-in session's key, never the user's id:
        # a cookie stops working as soon as its session ends on the server.
        return self.session_key

    def has_role(self, role: str) -> bool:
        return any(a.role == role for a in self.role_assignments)

    def organisations_with_role(self, role: str) -> list[Organisation]:
        return [
            a.organisation
            for a in self.role_assignments
            if a.role == role and a.organisation is not None
        ]

    def countries_with_role(self, role: str) -> list[str]:
        return [a.country for a in self.role_assignments if a.role == role and a.country]

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class RoleAssignment(db.Model):  # type: ignore[name-defined]
    """A role a user holds, scoped to an organisation, a country, or nothing (platform)."""

    __tablename__ = "role_assignments"
    __table_args__ = (UniqueConstraint("user_id", "role", "organisation_id", "country"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    country: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="role_assignments")
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
