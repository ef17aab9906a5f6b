"""The disclosure-control rules, the reasons a figure is withheld, and published rounding.

The defaults follow national statistics practice (see docs/benchmarks.md): at least 5
organisations in any published cell, at least 10 before quartiles or a distribution of
levels are shown, at least 3 countries in a cell that mixes countries, no country with
more than two thirds of a mixed cell, scores rounded to one decimal.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from questionnaires.model import Text
from scoring.benchmark.records import BenchmarkError

# Why a figure is withheld. Stable codes: the app and the exports key on them.
TOO_FEW_ORGANISATIONS = "too_few_organisations"
TOO_FEW_COUNTRIES = "too_few_countries"
DOMINANT_COUNTRY = "dominant_country"
TOO_FEW_FOR_DISTRIBUTION = "too_few_for_distribution"
COMPLEMENTARY = "complementary"
TOO_FEW_PEERS = "too_few_peers"

REASONS: Mapping[str, Text] = MappingProxyType(
    {
        TOO_FEW_ORGANISATIONS: Text(
            "Fewer than {organisations} organisations.",
            "Moins de {organisations} organisations.",
        ),
        TOO_FEW_COUNTRIES: Text(
            "Mixes organisations from fewer than {countries} countries.",
            "Réunit des organisations de moins de {countries} pays.",
        ),
        DOMINANT_COUNTRY: Text(
            "One country accounts for more than {share} % of the organisations.",
            "Un seul pays compte pour plus de {share}\u00a0% des organisations.",
        ),
        TOO_FEW_FOR_DISTRIBUTION: Text(
            "Fewer than {distribution} organisations: quartiles and levels are not shown.",
            "Moins de {distribution} organisations : ni quartiles ni niveaux ne sont montrés.",
        ),
        COMPLEMENTARY: Text(
            "Withheld so that other withheld figures cannot be worked out from the totals.",
            "Masqué pour que d'autres chiffres masqués ne puissent être déduits des totaux.",
        ),
        TOO_FEW_PEERS: Text(
            "Fewer than {distribution} comparable organisations have taken part, so no"
            " position is shown yet.",
            "Moins de {distribution} organisations comparables ont participé : aucune"
            " position n'est encore indiquée.",
        ),
    }
)


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
    them exact). ``interval_confidence``: confidence of the percentile-rank interval.
    """

    organisation_threshold: int = 5
    distribution_threshold: int = 10
    country_threshold: int = 3
    dominance_share: float | None = 2 / 3
    score_decimals: int = 1
    count_base: int = 1
    interval_confidence: float = 0.95

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
        if not 0.0 < self.interval_confidence < 1.0:
            raise BenchmarkError("interval_confidence must be above 0 and below 1")

    def round_score(self, value: float) -> float:
        """Round a score half up to ``score_decimals`` decimals for publication."""
        return round_half_up(value, self.score_decimals)

    def round_count(self, count: int) -> int:
        """Round a count half up to a multiple of ``count_base`` for publication."""
        base = self.count_base
        return base * math.floor(count / base + 0.5)


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


def country_reason(
    per_country: Mapping[str, int], threshold: int, rules: DisclosureRules
) -> str | None:
    """``primary_reason`` for organisations given as a count per country (counts above 0)."""
    total = sum(per_country.values())
    if total < threshold:
        return TOO_FEW_ORGANISATIONS
    if len(per_country) == 1:
        return None
    if len(per_country) < rules.country_threshold:
        return TOO_FEW_COUNTRIES
    share = rules.dominance_share
    if share is not None and max(per_country.values()) > share * total + 1e-9:
        return DOMINANT_COUNTRY
    return None


def describe(reason: str, rules: DisclosureRules = DEFAULT_DISCLOSURE) -> Text:
    """Return the sentence, in both languages, that explains a withholding reason.

    Raises KeyError for an unknown reason code.
    """
    template = REASONS[reason]
    share = "" if rules.dominance_share is None else _percent(rules.dominance_share)
    fields = {
        "organisations": str(rules.organisation_threshold),
        "distribution": str(rules.distribution_threshold),
        "countries": str(rules.country_threshold),
    }
    return Text(
        template.en.format(share=share, **fields),
        template.fr.format(share=share.replace(".", ","), **fields),
    )


def _percent(share: float) -> str:
    text = f"{round_half_up(share * 100, 1):.1f}"
    return text.removesuffix(".0")
