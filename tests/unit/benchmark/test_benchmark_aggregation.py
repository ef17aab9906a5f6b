"""Benchmark tables: what a cell publishes, what it withholds, and who counts in it."""

import statistics

import pytest
from benchmark_factories import EXACT, organisations, record

from scoring.benchmark import (
    CELL,
    COMPLEMENTARY,
    DOMINANT_COUNTRY,
    MARGIN,
    TOO_FEW_COUNTRIES,
    TOO_FEW_FOR_DISTRIBUTION,
    TOO_FEW_ORGANISATIONS,
    TOTAL,
    BenchmarkError,
    DisclosureRules,
    aggregate,
)


def test_a_table_without_records_has_a_withheld_total_and_no_instrument():
    table = aggregate([])

    assert table.questionnaire_id is None
    assert len(table.cells) == 1
    assert table.total.suppressed and table.total.suppression_reason == TOO_FEW_ORGANISATIONS
    assert (table.total.n_organisations, table.total.overall, table.total.dimensions) == (
        None,
        None,
        (),
    )


def test_four_organisations_are_not_enough_for_any_figure():
    table = aggregate(organisations(4))

    assert table.total.suppressed
    assert table.total.n_organisations is None


def test_five_organisations_give_a_mean_and_median_but_no_distribution():
    records = [record(f"o{n}", score=s) for n, s in enumerate((1.5, 2.25, 3.0, 3.5, 4.0))]

    total = aggregate(records).total

    assert not total.suppressed and total.n_organisations == 5 and total.n_countries == 1
    overall = total.overall
    assert (overall.n, overall.mean, overall.median) == (5, 2.9, 3.0)
    assert (overall.p25, overall.p75, overall.level_shares) == (None, None, None)
    assert overall.distribution_reason == TOO_FEW_FOR_DISTRIBUTION


def test_ten_organisations_give_inclusive_quartiles_and_the_levels_as_shares():
    scores = [1.2, 1.9, 2.4, 2.6, 2.9, 3.1, 3.3, 3.8, 4.4, 4.9]
    records = [record(f"o{n}", score=s) for n, s in enumerate(scores)]

    overall = aggregate(records).total.overall

    q1, _, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    assert (overall.p25, overall.p75) == (round(q1 + 1e-9, 1), round(q3 + 1e-9, 1))
    assert overall.median == 3.0
    # 2, 3, 3, 2 and 0 of the 10 organisations, as percentages (multiples of 5).
    assert overall.level_shares == (20, 30, 30, 20, 0)
    assert overall.distribution_reason is None


def test_level_shares_are_rounded_to_five_points_half_up():
    records = [record(f"o{n}", score=1.0 if n < 2 else 3.0 if n < 9 else 4.0) for n in range(12)]

    overall = aggregate(records).total.overall

    # 2, 7 and 3 of 12: 16.7 %, 58.3 % and 25 %.
    assert overall.level_shares == (15, 0, 60, 25, 0)
    assert aggregate(records, rules=DisclosureRules(share_base=1)).total.overall.level_shares == (
        17, 0, 58, 25, 0,
    )  # fmt: skip


def test_a_dimension_follows_the_same_thresholds_on_the_organisations_that_have_its_score():
    records = [
        record(f"o{n}", dimensions={"mandate": 3.0 if n < 4 else None, "risk": 2.0})
        for n in range(6)
    ]

    total = aggregate(records, dimension_ids=("mandate", "risk", "absent")).total

    assert total.dimension("mandate").suppressed
    assert total.dimension("mandate").suppression_reason == TOO_FEW_ORGANISATIONS
    assert total.dimension("mandate").mean is None
    assert total.dimension("risk").mean == 2.0 and total.dimension("risk").n == 5  # 6, rounded
    assert total.dimension("absent").suppressed
    assert total.dimension("elsewhere") is None


def test_a_distribution_needs_ten_organisations_with_a_level():
    records = [record(f"o{n}", score=3.0, level=3 if n < 9 else None) for n in range(12)]

    overall = aggregate(records, rules=EXACT).total.overall

    assert overall.n == 12 and overall.p25 is None
    assert overall.distribution_reason == TOO_FEW_FOR_DISTRIBUTION


def test_a_cell_mixing_two_countries_is_withheld():
    table = aggregate(organisations(5, "FR") + organisations(4, "PT"))

    assert table.total.suppression_reason == TOO_FEW_COUNTRIES


def test_a_cell_of_two_countries_each_publishable_on_its_own_is_published():
    # Subtracting either country leaves five organisations of the other: no figure of a
    # few organisations can be worked out.
    table = aggregate(organisations(5, "FR") + organisations(5, "PT"))

    assert not table.total.suppressed and table.total.n_countries == 2


def test_a_cell_where_one_country_holds_more_than_two_thirds_is_withheld():
    records = organisations(8, "FR") + organisations(2, "PT") + organisations(1, "CA")

    assert aggregate(records).total.suppression_reason == DOMINANT_COUNTRY


def test_a_cell_from_three_balanced_countries_is_published_with_its_country_count():
    records = organisations(4, "FR") + organisations(3, "PT") + organisations(3, "CA")

    total = aggregate(records).total

    assert (total.suppressed, total.n_organisations, total.n_countries) == (False, 10, 3)


def test_one_small_group_is_protected_by_a_complementary_suppression():
    records = (
        organisations(2, sector="tax")
        + organisations(9, sector="health", prefix="h")
        + organisations(6, sector="education", prefix="e")
        + organisations(40, sector="defence", prefix="d")
    )

    table = aggregate(records, group_by=("sector",), rules=EXACT)

    reasons = {cell.values: cell.suppression_reason for cell in table.cells}
    assert reasons == {
        ("defence",): None,
        ("education",): None,
        ("health",): COMPLEMENTARY,
        ("tax",): TOO_FEW_ORGANISATIONS,
        (None,): None,
    }
    assert table.suppressed_cells == 2 and table.complementary_cells == 1
    assert table.total.n_organisations == 57


def test_a_two_way_table_lists_its_cells_then_margins_then_the_total():
    records = (
        organisations(6, sector="tax", size_band="s1")
        + organisations(7, sector="tax", size_band="s2", prefix="t2")
        + organisations(8, sector="health", size_band="s1", prefix="h1")
    )

    table = aggregate(records, group_by=("sector", "size_band"), rules=EXACT)

    assert [cell.values for cell in table.cells] == [
        ("health", "s1"), ("health", None), ("tax", "s1"), ("tax", "s2"), ("tax", None),
        (None, "s1"), (None, "s2"), (None, None),
    ]  # fmt: skip
    assert [cell.kind for cell in table.cells[:2]] == [CELL, MARGIN]
    assert table.total.kind == TOTAL and table.total.values == (None, None)
    assert table.cell("tax", "s1").n_organisations == 6
    assert table.cell(None, "s1").n_organisations == 14
    assert table.cell("health", "s2") is None
    assert table.suppressed_cells == 0


def test_a_margin_withheld_for_its_countries_cannot_be_added_up_from_its_cells():
    records = (
        organisations(6, "FR", sector="tax")
        + organisations(7, "FR", sector="health", prefix="fh")
        + organisations(4, "PT", sector="tax")
    )

    table = aggregate(records, group_by=("country", "sector"))

    assert table.cell(None, "tax").suppression_reason == TOO_FEW_COUNTRIES
    assert table.cell("FR", "tax").suppressed or table.cell("PT", "tax").suppressed


def test_an_organisation_counts_once_with_its_latest_round():
    records = organisations(5) + [record("FR-0", period="2027", score=5.0)]

    total = aggregate(records).total

    assert total.n_organisations == 5
    assert total.overall.mean == round((4 * 3.0 + 5.0) / 5, 1)


def test_grouped_by_period_an_organisation_counts_in_each_period_once():
    first = organisations(5, period="2025", score=2.0)
    second = [record(f"FR-{n}", period="2026", score=4.0) for n in range(5)]
    again = record("FR-0", period="2026", round_order=1, score=5.0)

    table = aggregate([*first, *second, again], group_by=("period",))

    assert table.cell("2025").n_organisations == 5 and table.cell("2025").overall.mean == 2.0
    assert table.cell("2026").n_organisations == 5 and table.cell("2026").overall.mean == 4.2
    assert table.total.n_organisations == 5 and table.total.overall.mean == 4.2
    assert table.periods == ("2025", "2026")


def test_an_organisation_that_changed_size_band_counts_only_in_its_latest_band():
    moved = [
        record("o-1", size_band="1-49", period="2025"),
        record("o-1", size_band="50-249", period="2026"),
    ]
    records = (
        moved
        + organisations(5, size_band="1-49")
        + organisations(5, size_band="50-249", prefix="b")
    )

    table = aggregate(records, group_by=("size_band",), rules=EXACT)

    assert table.cell("1-49").n_organisations == 5
    assert table.cell("50-249").n_organisations == 6
    assert table.total.n_organisations == 11


def test_the_table_records_its_method():
    rules = DisclosureRules(count_base=5)
    records = organisations(3, version="1.0.0") + organisations(2, version="1.1.0", prefix="n")

    table = aggregate(records, group_by=["questionnaire_version"], dimension_ids=["d"], rules=rules)

    assert table.questionnaire_id == "leadership-mindsets"
    assert table.group_by == ("questionnaire_version",) and table.dimension_ids == ("d",)
    assert table.rules is rules
    assert table.questionnaire_versions == ("1.0.0", "1.1.0")
    assert table.total.n_organisations == 5
    assert table.suppressed_cells == 2


def test_published_counts_are_rounded_to_five_and_exact_only_when_asked():
    records = [record(f"o{n}", score=3.0 if n < 8 else 4.0) for n in range(12)]

    assert aggregate(records).total.overall.n == 10
    assert aggregate(records).total.n_organisations == 10
    assert aggregate(records, rules=EXACT).total.overall.n == 12


def test_records_of_several_instruments_are_refused():
    records = [record("a"), record("b", questionnaire="innovation-skills")]

    with pytest.raises(BenchmarkError, match="several instruments"):
        aggregate(records)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"group_by": ("name",)}, "unknown grouping field"),
        ({"group_by": ("country", "sector", "period")}, "at most 2"),
        ({"dimension_ids": ("d", "d")}, "given twice"),
        ({"dimension_ids": ("",)}, "non-empty texts"),
    ],
)
def test_a_table_asked_for_the_impossible_is_refused(arguments, message):
    with pytest.raises(BenchmarkError, match=message):
        aggregate(organisations(5), **arguments)


def test_the_result_does_not_depend_on_the_order_of_the_records():
    records = (
        organisations(7, "FR", sector="tax", score=2.4)
        + organisations(3, "PT", sector="tax", score=3.3)
        + organisations(6, "CA", sector="health", score=4.1)
        + organisations(2, "NZ", sector="health", score=1.7)
    )

    forward = aggregate(records, group_by=("country", "sector"), dimension_ids=("d",))
    backward = aggregate(records[::-1], group_by=("country", "sector"), dimension_ids=("d",))

    assert forward == backward


def test_two_small_groups_whose_total_would_pin_them_down_take_the_total_with_them():
    # Published exactly, a total of 7 over two "fewer than 5" groups would mean 3 and 4.
    records = organisations(4, sector="tax") + organisations(3, sector="health", prefix="h")

    table = aggregate(records, group_by=("sector",), rules=EXACT)
    rounded = aggregate(records, group_by=("sector",))

    assert table.total.suppression_reason == COMPLEMENTARY
    # Rounded to 5, the total says 5 to 9 organisations: each group could hold 1 to 4.
    assert not rounded.total.suppressed and rounded.total.n_organisations == 5


def test_a_dimension_withheld_in_one_group_is_withheld_in_another_to_protect_it():
    records = [
        record(f"{sector}-{n}", sector=sector, dimensions={"d": 3.0 if n < have else None})
        for sector, size, have in (("tax", 6, 2), ("health", 9, 9), ("defence", 12, 12))
        for n in range(size)
    ]

    table = aggregate(records, group_by=("sector",), dimension_ids=("d",), rules=EXACT)

    assert table.cell("tax").dimension("d").suppression_reason == TOO_FEW_ORGANISATIONS
    assert table.cell("health").dimension("d").suppression_reason == COMPLEMENTARY
    assert table.cell("health").overall.mean == 3.0
    assert table.total.dimension("d").n == 23


def test_a_distribution_withheld_in_one_group_is_withheld_in_another_to_protect_it():
    records = (
        organisations(12, sector="tax")
        + organisations(7, sector="health", prefix="h")
        + organisations(15, sector="defence", prefix="d")
    )

    table = aggregate(records, group_by=("sector",))

    assert table.cell("health").overall.distribution_reason == TOO_FEW_FOR_DISTRIBUTION
    assert table.cell("tax").overall.distribution_reason == COMPLEMENTARY
    assert table.cell("tax").overall.level_shares is None
    assert table.cell("tax").overall.mean == 3.0
    assert table.cell("defence").overall.level_shares == (0, 0, 100, 0, 0)
