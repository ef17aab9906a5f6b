"""Plain readings of a result that the charts, the page and the report share."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from scoring import DimensionResult, RoleGroupView

if TYPE_CHECKING:
    from assessment.results.capability import InstrumentResult, TrendPoint


def scored(dimensions: Sequence[DimensionResult]) -> list[DimensionResult]:
    """The dimensions with a score and a level (enough answers), in definition order.

    A score without a level rests on too few answers to be called strong or weak.
    """
    return [d for d in dimensions if d.score is not None and d.level is not None]


def _score(dimension: DimensionResult) -> float:
    # Only called on scored dimensions.
    return dimension.score or 0.0


def strongest_and_weakest(
    dimensions: Sequence[DimensionResult],
) -> tuple[DimensionResult, DimensionResult] | None:
    """The highest and lowest graded dimension (the first one wins a tie), or None."""
    with_score = scored(dimensions)
    if not with_score:
        return None
    return max(with_score, key=_score), min(with_score, key=_score)


def strengths_and_gaps(
    instrument: InstrumentResult, count: int = 2
) -> tuple[list[DimensionResult], list[DimensionResult]]:
    """Up to ``count`` highest and ``count`` lowest scored dimensions, never the same one.

    With fewer than two scored dimensions there is nothing to contrast: both are empty.
    """
    with_score = scored(instrument.dimensions)
    if len(with_score) < 2:
        return [], []
    ranked = sorted(with_score, key=lambda d: -_score(d))
    take = min(count, len(ranked) // 2)
    strengths = ranked[:take]
    gaps = sorted(ranked[len(ranked) - take :], key=_score)
    return strengths, gaps


def shown_groups(instrument: InstrumentResult) -> list[RoleGroupView]:
    """The role groups the engine shows (enough respondents, no one exposed)."""
    return [g for g in instrument.result.role_groups if g.shown]


def withheld_groups(instrument: InstrumentResult) -> list[RoleGroupView]:
    """The role groups the engine withholds, each with its ``reason`` code."""
    return [g for g in instrument.result.role_groups if not g.shown]


def rounds_up_to(trend: Sequence[TrendPoint], closes_at: datetime) -> list[TrendPoint]:
    """Trend entries of rounds closing no later than the round shown (``closes_at``)."""
    return [t for t in trend if t.closes_at <= closes_at]
