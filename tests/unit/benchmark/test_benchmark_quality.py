"""Measurement quality: Cronbach's alpha, ceiling and floor items, "I do not know"."""

import pytest

from scoring.benchmark import (
    NO_VARIANCE,
    TOO_FEW_COMPLETE,
    TOO_FEW_ITEMS,
    BenchmarkError,
    DimensionResponses,
    QualityRules,
    cronbach_alpha,
    measurement_quality,
)

DK, NA = "dont_know", "not_applicable"


def responses(*rows, items=None, dimension="d"):
    width = len(rows[0]) if rows else 0
    ids = items or tuple(f"i{n}" for n in range(width))
    return DimensionResponses(dimension, ids, tuple(tuple(row) for row in rows))


def test_alpha_of_two_identical_items_is_one():
    assert cronbach_alpha([[1, 1], [2, 2], [3, 3]]) == 1.0


def test_alpha_matches_a_hand_calculation():
    # Item variances 1 and 1; totals 3, 3, 6 have variance 3: alpha = 2 x (1 - 2/3).
    assert cronbach_alpha([[1, 2], [2, 1], [3, 3]]) == pytest.approx(2 / 3)


def test_alpha_needs_two_items_two_rows_and_varying_totals():
    assert cronbach_alpha([[1], [2], [3]]) is None
    assert cronbach_alpha([[1, 2]]) is None
    assert cronbach_alpha([[1, 3], [2, 2], [3, 1]]) is None
    with pytest.raises(BenchmarkError, match="one answer per item"):
        cronbach_alpha([[1, 2], [3]])


def test_respondents_with_a_missing_item_are_left_out_of_alpha():
    rows = [(1, 2), (2, 1), (3, 3), (DK, 5), (4, None), (NA, 1)]

    quality = measurement_quality([responses(*rows)])[0]

    assert (quality.respondents, quality.complete_respondents) == (6, 3)
    assert quality.alpha == 0.667 and quality.alpha_note is None


def test_alpha_is_withheld_with_a_reason_when_it_cannot_be_computed():
    one_item, too_few, flat = measurement_quality(
        [
            responses((1,), (2,), (3,), dimension="one"),
            responses((1, 2), (2, 1), (DK, 3), dimension="few"),
            responses((1, 3), (2, 2), (3, 1), dimension="flat"),
        ]
    )

    assert (one_item.alpha, one_item.alpha_note, one_item.complete_respondents) == (
        None, TOO_FEW_ITEMS, 3,
    )  # fmt: skip
    assert (too_few.alpha, too_few.alpha_note) == (None, TOO_FEW_COMPLETE)
    assert (flat.alpha, flat.alpha_note) == (None, NO_VARIANCE)


def test_items_with_many_answers_at_an_end_of_the_scale_are_flagged():
    # Item a: 2 of 10 at 5 (20 %): ceiling. Item b: 1 of 10 at 1: no floor; 15 % is not
    # above 15 %, so item c (3 of 20 at 1) is not a floor item either.
    column_a = [5, 5, 3, 3, 3, 3, 3, 3, 3, 3]
    column_b = [1, 2, 2, 2, 2, 2, 2, 2, 2, 2]
    rows = list(zip(column_a, column_b, strict=True))

    a, b = measurement_quality([responses(*rows, items=("a", "b"))])[0].item_quality
    c = measurement_quality([responses(*[(1,)] * 3, *[(3,)] * 17, items=("c",))])[0]

    assert (a.item_id, a.answered, a.ceiling_share, a.ceiling, a.floor) == (
        "a",
        10,
        0.2,
        True,
        False,
    )
    assert (b.floor_share, b.floor, b.ceiling_share, b.ceiling) == (0.1, False, 0.0, False)
    assert (c.item_quality[0].floor_share, c.item_quality[0].floor) == (0.15, False)


def test_an_item_without_a_scored_answer_has_no_shares():
    item = measurement_quality([responses((DK,), (None,))])[0].item_quality[0]

    assert (item.answered, item.ceiling_share, item.floor_share) == (0, None, None)
    assert not (item.ceiling or item.floor)


def test_dont_know_and_not_applicable_are_shares_of_the_slots_asked():
    rows = [(DK, 3, None), (NA, DK, 4), (2, 3, None)]

    quality = measurement_quality([responses(*rows)], QualityRules(extreme_share=0.5))[0]

    assert quality.slots == 7
    assert (quality.dont_know_share, quality.not_applicable_share) == (0.286, 0.143)


def test_a_dimension_nobody_was_asked_has_no_shares():
    quality = measurement_quality([responses((None, None))])[0]

    assert (quality.slots, quality.dont_know_share, quality.not_applicable_share) == (0, None, None)


def test_a_dimension_without_items_reports_nothing_complete():
    quality = measurement_quality([DimensionResponses("empty", (), ((), ()))])[0]

    assert (quality.items, quality.complete_respondents, quality.alpha_note) == (
        0, 0, TOO_FEW_ITEMS,
    )  # fmt: skip


def test_dimensions_are_reported_in_the_order_given():
    result = measurement_quality([responses((1,), dimension="b"), responses((1,), dimension="a")])

    assert [q.dimension_id for q in result] == ["b", "a"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([(1, 2), (3,)], "respondent 2: 1 answers for 2 items"),
        ([(1, 6)], "6 is not an answer"),
        ([(1, "mission")], "'mission' is not an answer"),
        ([(1, True)], "True is not an answer"),
    ],
)
def test_a_matrix_with_an_impossible_answer_is_refused(rows, message):
    with pytest.raises(BenchmarkError, match=message):
        DimensionResponses("d", ("x", "y"), tuple(rows))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"extreme_share": 0.0}, "extreme_share"),
        ({"extreme_share": 1.0}, "extreme_share"),
        ({"alpha_respondents": 1}, "alpha_respondents"),
    ],
)
def test_quality_rules_that_make_no_sense_are_refused(changes, message):
    with pytest.raises(BenchmarkError, match=message):
        QualityRules(**changes)
