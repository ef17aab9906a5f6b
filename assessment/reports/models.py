"""Background report jobs: a PDF rendered outside the web workers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assessment.core.extensions import db
from assessment.core.types import UTCDateTime, utcnow

REPORT_QUEUED = "queued"
REPORT_RUNNING = "running"
REPORT_DONE = "done"
REPORT_FAILED = "failed"


class ReportJob(db.Model):  # type: ignore[name-defined]
    """A PDF report rendered outside the web workers; ``cache_key`` names its content."""

    __tablename__ = "report_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    cache_key: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(32))  # capability | benchmark
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment_rounds.id", ondelete="CASCADE")
    )
    language: Mapped[str] = mapped_column(String(5))
    # What a benchmark report shows (its scope and query, as JSON); empty for others.
    parameters: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(16), default=REPORT_QUEUED)
    file_path: Mapped[str | None] = mapped_column(String(500))
    error: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
