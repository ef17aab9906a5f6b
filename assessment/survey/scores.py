"""Score snapshots: the organisation result of one instrument, stored when computed.

Benchmarks aggregate over these rows (never re-scoring every response per request).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.core.extensions import db
from assessment.core.types import UTCDateTime, utcnow


class ScoreSnapshot(db.Model):  # type: ignore[name-defined]
    __tablename__ = "score_snapshots"
    __table_args__ = (
        # Every column benchmarks read of a snapshot, so that they never read the rows
        # (each carries its large result document): SQLite answers from the index alone.
        Index(
            "ix_score_snapshots_benchmark",
            "questionnaire_id", "round_id", "id", "questionnaire_version",
            "overall_score", "overall_level", "respondent_count",
        ),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_rounds.id", ondelete="CASCADE"), index=True
    )
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[str] = mapped_column(String(32))
    respondent_count: Mapped[int] = mapped_column(Integer)
    overall_level: Mapped[int | None] = mapped_column(Integer)
    overall_score: Mapped[float | None] = mapped_column(Float)
    # The whole engine output, language-neutral, for the results page and reports.
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    dimensions: Mapped[list[DimensionScore]] = relationship(
        back_populates="snapshot", cascade="all, delete-orphan", lazy="selectin"
    )


class DimensionScore(db.Model):  # type: ignore[name-defined]
    """One dimension of a snapshot, as a row so benchmarks can aggregate in SQL."""

    __tablename__ = "dimension_scores"
    __table_args__ = (
        # A dimension is scored once per snapshot: benchmark counts rely on it.
        UniqueConstraint("snapshot_id", "dimension_id"),
        # The benchmark counts read these columns only, from the index alone.
        Index("ix_dimension_scores_benchmark", "snapshot_id", "dimension_id", "score", "level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("score_snapshots.id", ondelete="CASCADE"))
    dimension_id: Mapped[str] = mapped_column(String(64))
    score: Mapped[float | None] = mapped_column(Float)
    level: Mapped[int | None] = mapped_column(Integer)

    snapshot: Mapped[ScoreSnapshot] = relationship(back_populates="dimensions")
