"""Assessment rounds, the instruments they use, and the invitations to answer them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.types import UTCDateTime, utcnow

# Consent for benchmark use, chosen per round by the organisation's coordinator.
CONSENT_PRIVATE = "private"
CONSENT_ANONYMOUS = "anonymous"
CONSENT_NAMED = "named"
CONSENT_CHOICES = (CONSENT_PRIVATE, CONSENT_ANONYMOUS, CONSENT_NAMED)

RESPONDENT_ROLES = ("leader", "staff", "partner")


def window_is_open(
    opens_at: datetime, closes_at: datetime, closed_early_at: datetime | None, moment: datetime
) -> bool:
    """Tell whether a round with these dates takes answers at ``moment``."""
    if closed_early_at is not None and moment >= closed_early_at:
        return False
    return opens_at <= moment < closes_at


class AssessmentRound(db.Model):  # type: ignore[name-defined]
    __tablename__ = "assessment_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    unit_assessed: Mapped[str] = mapped_column(String(200), default="")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_early_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Dates are stored in UTC and shown in this IANA time zone, with its name.
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    consent: Mapped[str] = mapped_column(String(16), default=CONSENT_ANONYMOUS)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Compare-and-set counter for concurrent edits by coordinators.
    version: Mapped[int] = mapped_column(Integer, default=1)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    instruments: Mapped[list[RoundInstrument]] = relationship(
        back_populates="round",
        cascade="all, delete-orphan",
        order_by="RoundInstrument.position",
        lazy="selectin",
    )

    reminder_days: Mapped[str | None] = mapped_column(String(40))

    def is_open_at(self, moment: datetime) -> bool:
        return window_is_open(self.opens_at, self.closes_at, self.closed_early_at, moment)

    def has_ended_at(self, moment: datetime) -> bool:
        """Tell whether the round has closed by ``moment`` (at its date, or early)."""
        closed_early = self.closed_early_at
        return moment >= self.closes_at or (closed_early is not None and moment >= closed_early)

    @property
    def ends_at(self) -> datetime:
        """When answers stop: the closing date, or the moment it was closed early."""
        return self.closed_early_at or self.closes_at


class RoundInstrument(db.Model):  # type: ignore[name-defined]
    """One questionnaire, at a fixed version, used in a round."""

    __tablename__ = "round_instruments"
    __table_args__ = (UniqueConstraint("round_id", "questionnaire_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_rounds.id", ondelete="CASCADE"), index=True
    )
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer, default=0)

    round: Mapped[AssessmentRound] = relationship(back_populates="instruments")


class Invitation(db.Model):  # type: ignore[name-defined]
    """A personal invitation to answer a round; the link token is stored only as a hash."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("round_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_rounds.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    respondent_role: Mapped[str] = mapped_column(String(16))
    # The link token is derived from the app's secret and this nonce, so reminders can
    # repeat the same link; only its hash is stored, for look-up.
    link_nonce: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(5), default="en")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminders_sent: Mapped[int] = mapped_column(Integer, default=0)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")

    round: Mapped[AssessmentRound] = relationship(lazy="joined")
