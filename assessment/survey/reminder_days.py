"""A round's automatic reminder schedule: days before closing, as "7, 2"."""

from __future__ import annotations

import re

MAX_DAYS = 60
MAX_REMINDERS = 5


def parse_days(text: str) -> list[int]:
    """The days of a stored schedule, largest first (an empty text: no reminder)."""
    return sorted({int(d) for d in re.findall(r"\d+", text or "")}, reverse=True)


def format_days(days: list[int]) -> str:
    """The stored form of a schedule: "7,2"."""
    return ",".join(str(d) for d in sorted(set(days), reverse=True))
