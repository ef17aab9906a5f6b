"""Percentile placement among peers, its interval, and choosing the peers."""

import pytest
from benchmark_factories import organisations, record

from scoring.benchmark import (
    TOO_FEW_PEERS,
    BenchmarkError,
    DisclosureRules,
    band_of,
    peer_group,
    peer_scores,
    place_among_peers,
    placement_from_counts,
    wilson_interval,
)

WORKED_PEERS = [2.1, 2.5, 2.8, 3.0, 3.1, 3.2, 3.4, 3.4, 3.6, 3.9, 4.1, 4.4]


def test_the_worked_example_of_the_method_page():
    placement = place_among_peers(3.4, WORKED_PEERS)

    # 6 peers below, 2 level: (6 + 0.5 x 2) / 12 = 58.3 %, in the third fifth; the
    # interval, 32.0 % to 80.7 %, touches the second to the fifth.
    assert not placement.withheld and placement.reason is None
    assert (placement.bands, placement.band) == (5, 3)
    assert (placement.band_low, placement.band_high) == (2, 5)
    assert placement.peer_count == 10  # 12, rounded to a multiple of 5
    assert placement.confidence == 0.95


def test_the_position_is_never_more_precise_than_its_band():
    # Ranks of 50 % and 58.3 % are in the same band.
    assert place_among_peers(3.35, WORKED_PEERS).band == place_among_peers(3.4, WORKED_PEERS).band
    exact = DisclosureRules(placement_bands=100, count_base=1)
    assert place_among_peers(3.4, WORKED_PEERS, exact).band == 59  # 58.3 %: the 59th band
    assert place_among_peers(3.4, WORKED_PEERS, exact).peer_count == 12


def test_an_organisation_level_with_all_its_peers_sits_in_the_middle_band():
    placement = place_among_peers(3.0, [3.0] * 10)

    assert placement.band == 3


def test_the_ends_of_the_scale_give_the_first_and_last_bands_with_intervals_inside():
    bottom = place_among_peers(1.0, [2.0] * 10)
    top = place_among_peers(5.0, [2.0] * 10)

    assert (bottom.band, bottom.band_low) == (1, 1) and bottom.band_high > 1
    assert (top.band, top.band_high) == (5, 5) and top.band_low < 5


def test_a_share_on_the_edge_of_two_bands_is_in_the_upper_one():
    assert [band_of(share, 5) for share in (0.0, 0.2, 0.399, 0.4, 1.0)] == [1, 2, 2, 3, 5]
    assert band_of(-0.01, 5) == 1 and band_of(1.5, 5) == 5


def test_a_placement_among_fewer_than_ten_peers_is_withheld_with_a_reason():
    placement = place_among_peers(3.0, [2.0] * 9)

    assert placement.withheld and placement.reason == TOO_FEW_PEERS
    assert (placement.peer_count, placement.band) == (None, None)
    assert (placement.band_low, placement.band_high) == (None, None)


def test_the_rules_set_the_threshold_the_confidence_the_bands_and_the_count_rounding():
    rules = DisclosureRules(
        organisation_threshold=3, distribution_threshold=4, interval_confidence=0.5,
        placement_bands=10, count_base=1,
    )  # fmt: skip

    narrow = place_among_peers(3.4, WORKED_PEERS, rules)

    assert narrow.confidence == 0.5 and narrow.peer_count == 12 and narrow.bands == 10
    assert narrow.band == 6 and 4 <= narrow.band_low and narrow.band_high <= 7
    assert not place_among_peers(3.0, [1.0, 2.0, 4.0, 5.0], rules).withheld


def test_the_order_of_the_peers_does_not_matter():
    assert place_among_peers(3.4, WORKED_PEERS) == place_among_peers(3.4, WORKED_PEERS[::-1])


def test_a_score_outside_the_scale_is_refused():
    with pytest.raises(BenchmarkError, match="own score"):
        place_among_peers(0.0, WORKED_PEERS)
    with pytest.raises(BenchmarkError, match="peer score"):
        place_among_peers(3.0, [*WORKED_PEERS, 9.0])


def test_the_wilson_interval_matches_its_formula_and_refuses_an_empty_group():
    low, high = wilson_interval(0.5, 100, 0.95)

    assert (round(low, 4), round(high, 4)) == (0.4038, 0.5962)
    with pytest.raises(BenchmarkError):
        wilson_interval(0.5, 0, 0.95)
    with pytest.raises(BenchmarkError):
        wilson_interval(1.5, 10, 0.95)


def test_peers_share_the_instrument_and_the_chosen_fields_and_leave_the_organisation_out():
    own = record("me", "FR", sector="tax")
    records = [
        own,
        record("me", "FR", sector="tax", period="2025"),
        record("a", "FR", sector="tax"),
        record("b", "FR", sector="health"),
        record("c", "PT", sector="tax"),
        record("d", "FR", sector="tax", questionnaire="innovation-skills"),
    ]

    assert [r.organisation_key for r in peer_group(records, own)] == ["a", "b", "c"]
    assert [r.organisation_key for r in peer_group(records, own, by=("country", "sector"))] == ["a"]


def test_a_peer_counts_once_with_its_latest_record_or_its_latest_in_the_same_period():
    own = record("me", period="2025")
    old = record("a", period="2025", score=2.0)
    new = record("a", period="2026", score=4.0)

    assert peer_group([own, old, new], own) == (new,)
    assert peer_group([own, old, new], own, by=("period",)) == (old,)


def test_peer_scores_skip_organisations_without_a_score():
    peers = [*organisations(3, score=2.0), record("x", score=None, dimensions={"d": 4.0})]

    assert peer_scores(peers) == (2.0, 2.0, 2.0)
    assert peer_scores(peers, "d") == (4.0,)


def test_a_peer_group_by_an_unknown_field_is_refused():
    with pytest.raises(BenchmarkError, match="unknown grouping field"):
        peer_group([], record(), by=("name",))


def test_a_placement_from_counts_is_the_placement_from_the_scores():
    # The worked example: 6 below, 2 level, 12 peers.
    assert placement_from_counts(6, 2, 12) == place_among_peers(3.4, WORKED_PEERS)


@pytest.mark.parametrize(("below", "ties", "count"), [(-1, 0, 10), (0, -1, 10), (8, 3, 10)])
def test_counts_that_do_not_fit_together_are_refused(below, ties, count):
    with pytest.raises(BenchmarkError, match="cannot be negative or more than the peers"):
        placement_from_counts(below, ties, count)
