"""Where one organisation stands among its peers: a band (quintile) with an interval.

The position is the mid-rank share, (below + half of the ties) / peers, so an
organisation level with all its peers sits in the middle, not at an end. It is
published only as the band it falls in (``placement_bands`` equal bands, quintiles by
default), never as an exact percentile: an exact rank, asked for often enough, tells
the peers' scores one by one. The interval is a Wilson score interval on the share
with n = the number of peers (it treats the peers as a sample of the similar
organisations that could have taken part, stays within 0-1, behaves at the ends of the
scale and needs no randomness), published as the lowest and highest band it touches.
No position is given below ``distribution_threshold`` peers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import NormalDist

from scoring.benchmark.disclosure import DEFAULT_DISCLOSURE, TOO_FEW_PEERS, DisclosureRules
from scoring.benchmark.records import (
    ROUND_FIELDS,
    BenchmarkError,
    BenchmarkRecord,
    check_fields,
    check_score,
    latest_records,
)

# Scores arrive rounded to two decimals; anything closer than this is a tie.
_TIE = 1e-9


@dataclass(frozen=True)
class Placement:
    """An organisation's band among its peers, or why none is shown.

    ``bands`` is how many equal bands the peers are cut into (5: quintiles); band 1 is
    the lowest. When ``withheld`` is True every other number is None and ``reason`` is
    a code (TOO_FEW_PEERS) for the page's sentence. Otherwise ``band`` holds the
    position and ``band_low``-``band_high`` the bands its interval at ``confidence``
    touches (widened outwards); ``peer_count`` is the number of peers, rounded like
    every published count.
    """

    withheld: bool
    reason: str | None
    confidence: float
    bands: int
    peer_count: int | None = None
    band: int | None = None
    band_low: int | None = None
    band_high: int | None = None


def place_among_peers(
    own_score: float, peer_scores: Sequence[float], rules: DisclosureRules = DEFAULT_DISCLOSURE
) -> Placement:
    """Return the band of ``own_score`` among ``peer_scores`` (own excluded).

    Deterministic, and independent of the order of ``peer_scores``. Raises
    BenchmarkError when a score is not a number from 1 to 5.
    """
    check_score(own_score, "own score")
    for score in peer_scores:
        check_score(score, "peer score")
    below = sum(1 for score in peer_scores if score < own_score - _TIE)
    ties = sum(1 for score in peer_scores if abs(score - own_score) <= _TIE)
    return placement_from_counts(below, ties, len(peer_scores), rules)


def placement_from_counts(
    below: int, ties: int, count: int, rules: DisclosureRules = DEFAULT_DISCLOSURE
) -> Placement:
    """The placement ``place_among_peers`` gives, from counts of peers.

    ``below`` peers score under the organisation and ``ties`` level with it, out of
    ``count`` peers (itself excluded). For placing many organisations at once from
    sorted scores. Raises BenchmarkError when the counts do not fit together.
    """
    if min(below, ties) < 0 or below + ties > count:
        raise BenchmarkError("peers below and level cannot be negative or more than the peers")
    confidence = rules.interval_confidence
    bands = rules.placement_bands
    if count < rules.distribution_threshold:
        return Placement(withheld=True, reason=TOO_FEW_PEERS, confidence=confidence, bands=bands)
    share = (below + 0.5 * ties) / count
    low, high = wilson_interval(share, count, confidence)
    return Placement(
        withheld=False,
        reason=None,
        confidence=confidence,
        bands=bands,
        peer_count=rules.round_count(count),
        band=band_of(share, bands),
        # A bound on the edge between two bands counts in both: widened outwards.
        band_low=band_of(low - 1e-9, bands),
        band_high=band_of(high, bands),
    )


def band_of(share: float, bands: int) -> int:
    """The band (1 to ``bands``) of a share 0-1: band k holds shares from (k-1)/bands.

    The top band holds 1 itself; a share below 0 (a bound widened outwards) is band 1.
    """
    return min(bands, max(1, math.floor(share * bands + 1e-9) + 1))


def wilson_interval(share: float, count: int, confidence: float) -> tuple[float, float]:
    """Return the Wilson score interval (0-1) of a proportion ``share`` out of ``count``.

    Raises BenchmarkError for a count below 1 or a share outside 0-1.
    """
    if count < 1 or not 0.0 <= share <= 1.0:
        raise BenchmarkError("the Wilson interval needs a count of 1 or more and a share 0-1")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    z2 = z * z
    denominator = 1 + z2 / count
    centre = (share + z2 / (2 * count)) / denominator
    half = z * math.sqrt(share * (1 - share) / count + z2 / (4 * count * count)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def peer_group(
    records: Iterable[BenchmarkRecord], own: BenchmarkRecord, by: Sequence[str] = ()
) -> tuple[BenchmarkRecord, ...]:
    """Return the peers of ``own``: same instrument and same values of the ``by`` fields.

    The organisation itself is left out, and each peer counts once, with its latest
    record (its latest in the same period or version when ``by`` names those). Sorted
    by organisation key.
    """
    fields = check_fields(by, limit=None)
    others = [
        r
        for r in records
        if r.questionnaire_id == own.questionnaire_id and r.organisation_key != own.organisation_key
    ]
    latest = latest_records(others, [name for name in fields if name in ROUND_FIELDS])
    return tuple(r for r in latest if all(r.value(name) == own.value(name) for name in fields))


def peer_scores(
    records: Iterable[BenchmarkRecord], dimension_id: str | None = None
) -> tuple[float, ...]:
    """Return the sorted scores of a dimension (None: the overall score), skipping gaps."""
    return tuple(sorted(s for r in records if (s := r.score(dimension_id)) is not None))
