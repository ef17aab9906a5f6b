"""The five-level scale, its score bands, and the configurable scoring rules.

Scores live on the 1.0-5.0 scale of the answers. A score is rounded half up to two
decimals first, and that rounded figure is what is shown, banded and combined further,
so anyone can recompute a level by hand from the published numbers. Levels are numbers
1 to 5 here; their names are the app's words.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass

from scoring.errors import RulesError

MIN_LEVEL = 1
MAX_LEVEL = 5
LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)

# Evidence states of a dimension, a principle or the overall result.
SUFFICIENT = "sufficient"
INSUFFICIENT = "insufficient"
ALL_NOT_APPLICABLE = "not_applicable"
NOT_ASKED = "not_asked"

# Portfolio-management capability: the 1-5 range cut in thirds. Written on the
# two-decimal scores that are actually compared, so 2.33 is low and 2.34 medium.
CAPABILITY_BANDS: tuple[tuple[str, float], ...] = (("low", 1.0), ("medium", 2.34), ("high", 3.67))


def round_half_up(value: float, places: int = 2) -> float:
    """Round ``value`` half up to ``places`` decimals, as people do by hand.

    Python's ``round`` rounds half to even on binary floats (2.675 becomes 2.67); an
    auditor would write 2.68. The tiny epsilon absorbs binary representation error.
    """
    factor: float = 10.0**places
    return math.floor(value * factor + 0.5 + 1e-9) / factor


def to_percent(score: float) -> float:
    """Convert a 1-5 score to the 0-100 scale: (score - 1) / 4 x 100, two decimals."""
    return round_half_up((score - 1.0) * 25.0)


@dataclass(frozen=True)
class ScoringRules:
    """The documented, adjustable parameters of the method (defaults in docs/scoring.md).

    ``min_coverage``: share (0-1) of applicable items that must have an answer before a
    dimension or principle gets a level. ``band_floors``: lowest score of levels 1-5.
    ``item_gate``: a dimension (or principle) is at most this many levels above its
    weakest item; None switches the gate off. ``dimension_gate``: the same between the
    overall level and the weakest dimension. ``min_group_size``: respondents a role
    group needs before its view is shown. ``facet_threshold``: percent share from which
    a facet counts as strong.
    """

    min_coverage: float = 0.6
    band_floors: tuple[float, ...] = (1.0, 1.8, 2.6, 3.4, 4.2)
    item_gate: int | None = 1
    dimension_gate: int | None = 1
    min_group_size: int = 3
    facet_threshold: float = 50.0

    def __post_init__(self) -> None:
        if not 0.0 < self.min_coverage <= 1.0:
            raise RulesError(f"min_coverage must be above 0 and at most 1, not {self.min_coverage}")
        floors = self.band_floors
        if len(floors) != MAX_LEVEL or floors[0] != 1.0:
            raise RulesError("band_floors must give five floors, the first being 1.0")
        for level in LEVELS:
            upper = floors[level] if level < MAX_LEVEL else math.inf
            # Whole-number answers must land on their own level, so that "everyone
            # answered level k" always reads as level k.
            if not floors[level - 1] <= level < upper:
                raise RulesError(f"band_floors must put a score of {level} in level {level}")
        for name in ("item_gate", "dimension_gate"):
            gate = getattr(self, name)
            if gate is not None and gate < 0:
                raise RulesError(f"{name} must be 0 or more, or None to switch it off")
        if self.min_group_size < 1:
            raise RulesError("min_group_size must be at least 1")
        if not 0.0 < self.facet_threshold <= 100.0:
            raise RulesError("facet_threshold must be a percentage above 0 and at most 100")

    def band(self, score: float) -> int:
        """Return the level whose band contains ``score`` (a rounded 1-5 score)."""
        return bisect_right(self.band_floors, score)

    def band_range(self, level: int) -> tuple[float, float]:
        """Return the lowest and highest two-decimal scores of ``level``'s band."""
        low = self.band_floors[level - 1]
        high = 5.0 if level == MAX_LEVEL else round_half_up(self.band_floors[level] - 0.01)
        return low, high

    def covered(self, answered: int, applicable: int) -> bool:
        """Tell whether ``answered`` of ``applicable`` items meet the coverage rule."""
        # Compared as a product, not a ratio, so 3 of 5 meets 60 % exactly.
        return answered >= self.min_coverage * applicable - 1e-9


DEFAULT_RULES = ScoringRules()


def capability_band(score: float) -> str:
    """Return the portfolio-management capability band (low/medium/high) of a score."""
    found = CAPABILITY_BANDS[0][0]
    for name, floor in CAPABILITY_BANDS:
        if score >= floor:
            found = name
    return found
