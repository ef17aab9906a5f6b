"""Plain readings of a result that the charts, the page and the report share."""

from __future__ import annotations

from datetime import datetime
from typing import Any

Json = dict[str, Any]


def scored(dimensions: list[Json]) -> list[Json]:
    """The dimensions with a score and a level (enough answers), in definition order.

    A score without a level rests on too few answers to be called strong or weak.
    """
    return [d for d in dimensions if d.get("score") is not None and d.get("level") is not None]


def strongest_and_weakest(dimensions: list[Json]) -> tuple[Json, Json] | None:
    """The highest and lowest graded dimension (the first one wins a tie), or None."""
    with_score = scored(dimensions)
    if not with_score:
        return None
    strong = max(with_score, key=lambda d: d["score"])
    weak = min(with_score, key=lambda d: d["score"])
    return strong, weak


def strengths_and_gaps(instrument: Json, count: int = 2) -> tuple[list[Json], list[Json]]:
    """Up to ``count`` highest and ``count`` lowest scored dimensions, never the same one.

    With fewer than two scored dimensions there is nothing to contrast: both are empty.
    """
    with_score = scored(instrument["dimensions"])
    if len(with_score) < 2:
        return [], []
    ranked = sorted(with_score, key=lambda d: -d["score"])
    take = min(count, len(ranked) // 2)
    strengths = ranked[:take]
    gaps = sorted(ranked[len(ranked) - take :], key=lambda d: d["score"])
    return strengths, gaps


def shown_groups(instrument: Json) -> list[Json]:
    """The role groups the engine shows (enough respondents, no one exposed)."""
    return [g for g in instrument.get("role_groups", []) if g.get("shown")]


def withheld_groups(instrument: Json) -> list[Json]:
    """The role groups the engine withholds, each with its ``reason_text``."""
    return [g for g in instrument.get("role_groups", []) if not g.get("shown")]


def rounds_up_to(trend: list[Json], closes_at: str) -> list[Json]:
    """Trend entries of rounds closing no later than the round shown (``closes_at``)."""
    limit = datetime.fromisoformat(closes_at)
    return [t for t in trend if datetime.fromisoformat(t["closes_at"]) <= limit]
