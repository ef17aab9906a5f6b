"""Respondents' responses and their answers, stored as codes, never labels."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.core.extensions import db
from assessment.core.types import UTCDateTime, utcnow

IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"


class Response(db.Model):  # type: ignore[name-defined]
    """One invited person's response to a round (all its instruments)."""

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_rounds.id", ondelete="CASCADE"), index=True
    )
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitations.id", ondelete="SET NULL"), unique=True
    )
    respondent_role: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=IN_PROGRESS)
    # Compare-and-set counter: every save checks and raises it first.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Client-generated key of the final submit; the unique constraint makes a
    # double submit produce exactly one submission.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    reference: Mapped[str | None] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Chosen when submitting: the organisation's report may print this person's
    # comments, without their name. Nobody else ever sees them otherwise.
    comments_quotable: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class Answer(db.Model):  # type: ignore[name-defined]
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "questionnaire_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    item_id: Mapped[str] = mapped_column(String(80))
    code: Mapped[str] = mapped_column(String(40))
    comment: Mapped[str] = mapped_column(Text, default="")
    # Raised on every change; a form carries the revision it showed, so a stale form
    # from another tab cannot silently overwrite a newer answer.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    response: Mapped[Response] = relationship(back_populates="answers")
