"""The disclosure-control rules, the reasons a figure is withheld, and published rounding.

The defaults follow national statistics practice (see docs/benchmarks.md): at least 5
organisations in any published cell, at least 10 before quartiles or a distribution of
levels are shown, at least 3 countries in a cell that mixes countries, no country with
more than two thirds of a mixed cell, scores rounded to one decimal, counts rounded to a
multiple of 5 and level distributions published as shares rounded to 5 percentage points.
Organisations that chose to be named count as known to every reader: the thresholds
apply to the organisations left once they are subtracted.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from scoring.benchmark.records import BenchmarkError

# Why a figure is withheld. Stable codes: the app and the exports key on them.
TOO_FEW_ORGANISATIONS = "too_few_organisations"
TOO_FEW_COUNTRIES = "too_few_countries"
DOMINANT_COUNTRY = "dominant_country"
TOO_FEW_FOR_DISTRIBUTION = "too_few_for_distribution"
COMPLEMENTARY = "complementary"
TOO_FEW_PEERS = "too_few_peers"

# Every code, in a fixed order (exports list the sentence of each).
REASONS: tuple[str, ...] = (
    TOO_FEW_ORGANISATIONS,
    TOO_FEW_COUNTRIES,
    DOMINANT_COUNTRY,
    TOO_FEW_FOR_DISTRIBUTION,
    COMPLEMENTARY,
    TOO_FEW_PEERS,
)


@dataclass(frozen=True)
class Reason:
    """Why a figure is withheld: a stable code and the numbers of the rule behind it.

    The engine never words a reason; the app has one sentence per ``code`` and fills in
    ``params`` (``organisations``, ``countries`` and ``peers`` are whole numbers, ``share``
    a fraction 0-1). Compared by value; not hashable, since ``params`` is a mapping.
    """

    code: str
    params: Mapping[str, int | float]


@dataclass(frozen=True)
class DisclosureRules:
    """The documented, adjustable rules that decide what a benchmark may publish.

    ``organisation_threshold``: organisations a cell (and each statistic in it) needs
    before it is published. ``distribution_threshold``: organisations needed before
    quartiles, a distribution of levels or a percentile rank are shown.
    ``country_threshold``: distinct countries a cell that mixes countries needs.
    ``dominance_share``: largest share (0-1) of a mixed cell's organisations one country
    may hold; None switches the rule off. ``score_decimals``: decimals of published
    scores. ``count_base``: published counts are rounded to a multiple of this (1 keeps
    them exact). ``share_base``: level distributions are published as percentages
    rounded to a multiple of this many points. ``interval_confidence``: confidence of
    the interval of a position among peers. ``placement_bands``: how many equal bands a
    position among peers is shown in (5: quintiles).

    ``named_known``: the rules count only organisations that are not named (a named
    organisation's scores are public, so a reader can subtract them). ``complementary``:
    complementary suppression protects withheld figures from subtraction. Both are on
    by default; switching one off weakens the protection and exists so that tests can
    show what it protects against (docs/benchmarks.md, "Testing the protections").
    """

    organisation_threshold: int = 5
    distribution_threshold: int = 10
    country_threshold: int = 3
    dominance_share: float | None = 2 / 3
    score_decimals: int = 1
    count_base: int = 5
    share_base: float = 5.0
    interval_confidence: float = 0.95
    placement_bands: int = 5
    named_known: bool = True
    complementary: bool = True

    def __post_init__(self) -> None:
        if self.organisation_threshold < 1:
            raise BenchmarkError("organisation_threshold must be at least 1")
        if self.distribution_threshold < self.organisation_threshold:
            raise BenchmarkError("distribution_threshold must be at least organisation_threshold")
        if self.country_threshold < 1:
            raise BenchmarkError("country_threshold must be at least 1")
        if self.dominance_share is not None and not 0.0 < self.dominance_share <= 1.0:
            raise BenchmarkError("dominance_share must be above 0 and at most 1, or None")
        if not 0 <= self.score_decimals <= 3:
            raise BenchmarkError("score_decimals must be from 0 to 3")
        if self.count_base < 1:
            raise BenchmarkError("count_base must be at least 1")
        if not 0.0 < self.share_base <= 100.0:
            raise BenchmarkError("share_base must be above 0 and at most 100 (percentage points)")
        if not 0.0 < self.interval_confidence < 1.0:
            raise BenchmarkError("interval_confidence must be above 0 and below 1")
        if not 2 <= self.placement_bands <= 100:
            raise BenchmarkError("placement_bands must be from 2 to 100")

    def round_score(self, value: float) -> float:
        """Round a score half up to ``score_decimals`` decimals for publication."""
        return round_half_up(value, self.score_decimals)

    def round_count(self, count: int) -> int:
        """Round a count half up to a multiple of ``count_base`` for publication."""
        base = self.count_base
        return base * math.floor(count / base + 0.5)

    def round_share(self, part: int, whole: int) -> float:
        """``part`` of ``whole`` in percent, rounded half up to a multiple of ``share_base``.

        Whole numbers stay whole (15.0 is 15); ``whole`` must be above 0.
        """
        base = self.share_base
        steps = math.floor(100 * part / whole / base + 0.5 + 1e-9)
        return round_half_up(steps * base, 6)


DEFAULT_DISCLOSURE = DisclosureRules()


def round_half_up(value: float, places: int) -> float:
    """Round ``value`` half up to ``places`` decimals, as people do by hand.

    Python's ``round`` rounds half to even on binary floats; a reader checking a
    published 2.25 expects 2.3. The tiny epsilon absorbs binary representation error.
    """
    factor: float = 10.0**places
    return math.floor(value * factor + 0.5 + 1e-9) / factor


def primary_reason(countries: Sequence[str], threshold: int, rules: DisclosureRules) -> str | None:
    """Return why a figure over these organisations must be withheld, or None.

    ``countries`` holds one entry per organisation (its country); ``threshold`` is the
    count the figure needs (``organisation_threshold`` or ``distribution_threshold``).
    The count rule is checked first, so a figure withheld for its countries is known to
    cover at least ``threshold`` organisations.
    """
    if len(countries) < threshold:
        return TOO_FEW_ORGANISATIONS
    return country_reason(Counter(countries), threshold, rules)


def unknown_organisations(
    per_country: Mapping[str, int], named: Mapping[str, int], rules: DisclosureRules
) -> dict[str, int]:
    """The organisations a reader does not know, per country: all of them minus the named.

    With ``named_known`` off, every organisation counts as unknown. Countries left with
    none are dropped, so the result can go straight to ``country_reason``.
    """
    if not rules.named_known:
        return {country: n for country, n in per_country.items() if n > 0}
    left = {country: n - named.get(country, 0) for country, n in per_country.items()}
    return {country: n for country, n in left.items() if n > 0}


def country_reason(
    per_country: Mapping[str, int], threshold: int, rules: DisclosureRules
) -> str | None:
    """``primary_reason`` for organisations given as a count per country (counts above 0).

    The country rules stop a national coordinator who subtracts their own country from
    learning the figure of a few organisations elsewhere. When every country of the
    cell has ``threshold`` organisations of its own, whatever is left after subtracting
    one country is made of such groups, so the cell is published: a cell made of
    publishable single-country groups is publishable too (without this, a cube of
    tables would have to withhold two published countries' sum, and everything around it).
    """
    total = sum(per_country.values())
    if total < threshold:
        return TOO_FEW_ORGANISATIONS
    if all(count >= threshold for count in per_country.values()):
        return None
    if len(per_country) < rules.country_threshold:
        return TOO_FEW_COUNTRIES
    share = rules.dominance_share
    if share is not None and max(per_country.values()) > share * total + 1e-9:
        return DOMINANT_COUNTRY
    return None


def explain(code: str, rules: DisclosureRules = DEFAULT_DISCLOSURE) -> Reason:
    """Return the withholding reason ``code`` with the parameters of its rule under ``rules``.

    A cell withheld for too few organisations cites ``organisation_threshold``; a
    withheld distribution or placement cites ``distribution_threshold``. A dominance
    reason has no ``share`` when that rule is switched off. Raises KeyError for an
    unknown code.
    """
    share = rules.dominance_share
    params: dict[str, dict[str, int | float]] = {
        TOO_FEW_ORGANISATIONS: {"organisations": rules.organisation_threshold},
        TOO_FEW_COUNTRIES: {"countries": rules.country_threshold},
        DOMINANT_COUNTRY: {} if share is None else {"share": share},
        TOO_FEW_FOR_DISTRIBUTION: {"organisations": rules.distribution_threshold},
        COMPLEMENTARY: {},
        TOO_FEW_PEERS: {"peers": rules.distribution_threshold},
    }
    return Reason(code, MappingProxyType(params[code]))
