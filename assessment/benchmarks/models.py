"""The published benchmark snapshot: what every benchmark output reads, stored once.

``refresh_benchmarks`` (``benchmarks.publishing``) writes a snapshot on a schedule: the
disclosure-controlled cube of each questionnaire (every table of up to two fields, as
JSON), the records it was computed from, and each counted round's band among its peers.
Pages, the API, exports and reports read the latest snapshot only, so a consent change
or a new round changes nothing a reader sees until the next refresh.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from assessment.core.extensions import db
from assessment.core.types import UTCDateTime, utcnow


class BenchmarkSnapshot(db.Model):  # type: ignore[name-defined]
    """One publication of every benchmark figure, with the rules it was made under."""

    __tablename__ = "benchmark_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # scoring.benchmark.rules_to_data of the rules in force at the refresh.
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)
    # A digest of the data the snapshot was computed from (refresh.input_state).
    input_state: Mapped[str] = mapped_column(String(64))
    organisations: Mapped[int] = mapped_column(Integer, default=0)


class PublishedTable(db.Model):  # type: ignore[name-defined]
    """The disclosure-controlled cube of one questionnaire (scoring.benchmark.table_to_data)."""

    __tablename__ = "benchmark_snapshot_tables"
    __table_args__ = (UniqueConstraint("snapshot_id", "questionnaire_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("benchmark_snapshots.id", ondelete="CASCADE")
    )
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    cube: Mapped[dict[str, Any]] = mapped_column(JSON)
    # How many records were stored with it: fewer later means an organisation was
    # erased since, and figures read from the records wait for the next refresh.
    records: Mapped[int] = mapped_column(Integer, default=0)


class PublishedRecord(db.Model):  # type: ignore[name-defined]
    """One consented score snapshot as the benchmark snapshot counted it (never shown).

    ``counted`` marks the organisation's latest record of the questionnaire, the one
    every table without a period or version counts, and the only one placed among
    peers (``placements``, per peer group). Rows go with their organisation or round
    when those are erased.
    """

    __tablename__ = "benchmark_snapshot_records"
    __table_args__ = (
        Index(
            "ix_benchmark_snapshot_records_lookup", "snapshot_id", "questionnaire_id", "round_id"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("benchmark_snapshots.id", ondelete="CASCADE")
    )
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_rounds.id", ondelete="CASCADE"), index=True
    )
    named: Mapped[bool] = mapped_column(Boolean, default=False)
    country: Mapped[str] = mapped_column(String(2))
    government_level: Mapped[str] = mapped_column(String(32))
    sector: Mapped[str] = mapped_column(String(64))
    size_band: Mapped[str] = mapped_column(String(32))
    questionnaire_version: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(16))
    round_order: Mapped[int] = mapped_column(BigInteger)
    overall_score: Mapped[float | None] = mapped_column(Float)
    overall_level: Mapped[int | None] = mapped_column(Integer)
    # {dimension id: [score, level]}, either of which may be null.
    dimensions: Mapped[dict[str, Any]] = mapped_column(JSON)
    counted: Mapped[bool] = mapped_column(Boolean, default=False)
    # {peer group ("" for everyone, else its field): placement}, counted records only.
    placements: Mapped[dict[str, Any] | None] = mapped_column(JSON)
