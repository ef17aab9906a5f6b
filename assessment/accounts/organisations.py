"""Organisations (agencies) and the vocabularies that describe them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from assessment.core.extensions import db
from assessment.core.types import UTCDateTime, utcnow

GOVERNMENT_LEVELS = ("national", "regional", "local")

# A COFOG-like list of functions of government, as OPSI's tools ask at intake.
SECTORS = (
    "general-public-services",
    "defence",
    "public-order-and-safety",
    "economic-affairs",
    "environmental-protection",
    "housing-and-community",
    "health",
    "recreation-culture-religion",
    "education",
    "social-protection",
)

SIZE_BANDS = ("1-49", "50-249", "250-999", "1000-4999", "5000+")


class Organisation(db.Model):  # type: ignore[name-defined]
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(
            "government_level IN ('national', 'regional', 'local')", name="government_level"
        ),
        CheckConstraint("length(country) = 2", name="country_alpha2"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    country: Mapped[str] = mapped_column(String(2), index=True)  # ISO 3166-1 alpha-2
    government_level: Mapped[str] = mapped_column(String(16))
    sector: Mapped[str] = mapped_column(String(40))
    size_band: Mapped[str] = mapped_column(String(16))
    # The ministry or body the agency reports to, as its national coordinator names it.
    parent_body: Mapped[str] = mapped_column(String(200), default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the coordinator asks for deletion: from then on the organisation is out
    # of every aggregate, until an administrator erases it.
    deletion_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"
