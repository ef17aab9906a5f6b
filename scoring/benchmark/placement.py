"""Where one organisation stands among its peers: a percentile rank with an interval.

The percentile rank uses the mid-rank definition, (below + half of the ties) / peers x
100, so an organisation level with all its peers sits at 50, not at 0 or 100. The
interval is a Wilson score interval on that proportion with n = the number of peers:
it treats the peers as a sample of the similar organisations that could have taken
part, stays within 0-100, behaves at the ends of the scale and needs no randomness. No
position is given below ``distribution_threshold`` peers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import NormalDist

from scoring.benchmark.disclosure import (
    DEFAULT_DISCLOSURE,
    TOO_FEW_PEERS,
    DisclosureRules,
    round_half_up,
)
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
    """An organisation's percentile rank among its peers, or why none is shown.

    When ``withheld`` is True every number is None and ``reason`` is a code
    (TOO_FEW_PEERS) for the page's sentence. Otherwise ``percentile`` is the rank in
    whole percent and ``interval_low``-``interval_high`` its interval at
    ``confidence``, widened outwards to whole percent; ``peer_count`` is the number of
    peers (rounded like every published count).
    """

    withheld: bool
    reason: str | None
    confidence: float
    peer_count: int | None = None
    percentile: int | None = None
    interval_low: int | None = None
    interval_high: int | None = None


def place_among_peers(
    own_score: float, peer_scores: Sequence[float], rules: DisclosureRules = DEFAULT_DISCLOSURE
) -> Placement:
    """Return the percentile rank of ``own_score`` among ``peer_scores`` (own excluded).

    Deterministic, and independent of the order of ``peer_scores``. Raises
    BenchmarkError when a score is not a number from 1 to 5.
    """
    check_score(own_score, "own score")
    for score in peer_scores:
        check_score(score, "peer score")
    count = len(peer_scores)
    confidence = rules.interval_confidence
    if count < rules.distribution_threshold:
        return Placement(withheld=True, reason=TOO_FEW_PEERS, confidence=confidence)
    below = sum(1 for score in peer_scores if score < own_score - _TIE)
    ties = sum(1 for score in peer_scores if abs(score - own_score) <= _TIE)
    share = (below + 0.5 * ties) / count
    low, high = wilson_interval(share, count, confidence)
    return Placement(
        withheld=False,
        reason=None,
        confidence=confidence,
        peer_count=rules.round_count(count),
        percentile=int(round_half_up(share * 100, 0)),
        # Widened outwards, so rounding never makes the interval claim more precision.
        interval_low=math.floor(low * 100 + 1e-9),
        interval_high=math.ceil(high * 100 - 1e-9),
    )


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
