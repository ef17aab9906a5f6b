"""Targets a coordinator sets per dimension, for a round's action plan.

Each target is also the plan's action for its dimension: who owns it and by when it is
due, both optional, shown on the results page, in the exports, the report and its annex.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assessment.core.extensions import db
from assessment.core.types import UTCDateTime, utcnow

OWNER_LENGTH = 120


class DimensionTarget(db.Model):  # type: ignore[name-defined]
    """The level an organisation aims for in one dimension, for one round's action plan."""

    __tablename__ = "dimension_targets"
    __table_args__ = (UniqueConstraint("round_id", "questionnaire_id", "dimension_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_rounds.id", ondelete="CASCADE"), index=True
    )
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    dimension_id: Mapped[str] = mapped_column(String(64))
    target_level: Mapped[int] = mapped_column(Integer)
    # Who carries the dimension's actions (a name or a team, free text) and by when.
    owner: Mapped[str] = mapped_column(String(OWNER_LENGTH), default="", server_default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
