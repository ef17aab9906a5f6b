"""Background report jobs: one row per report content, the truth the queue serves."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assessment.core.extensions import db
from assessment.core.types import UTCDateTime, utcnow

REPORT_QUEUED = "queued"
REPORT_RUNNING = "running"
REPORT_DONE = "done"
REPORT_FAILED = "failed"


class ReportJob(db.Model):  # type: ignore[name-defined]
    """A PDF report rendered by a worker; ``cache_key`` names its content.

    The row says what must exist; the queue only carries "look at job N". A worker
    claims the row with a lease (``lease_owner``, ``lease_until``: assessment/tasks/
    leases.py) and stores the file under ``file_key`` in the shared storage.
    """

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
    status: Mapped[str] = mapped_column(String(16), default=REPORT_QUEUED, index=True)
    # The finished PDF's key in the shared storage (assessment/storage).
    file_key: Mapped[str | None] = mapped_column(String(300))
    # Shown to the coordinator: a sentence in their words, never a traceback.
    error: Mapped[str] = mapped_column(Text, default="")
    # Shown to operators (``flask queue failed``): what went wrong, technically.
    error_detail: Mapped[str] = mapped_column(Text, default="", server_default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When it was last put on the queue: the due pass enqueues again what waits too long.
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
