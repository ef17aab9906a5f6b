"""Targets a coordinator sets per dimension, for a round's action plan."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assessment.core.extensions import db
from assessment.core.types import UTCDateTime, utcnow


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
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
