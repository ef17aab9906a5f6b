"""The cube: every table of up to two fields protected as one, and tables cut out of it."""

import pytest
from benchmark_factories import EXACT, organisations, record

from scoring.benchmark import (
    COMPLEMENTARY,
    GROUP_FIELDS,
    TOO_FEW_ORGANISATIONS,
    BenchmarkError,
    DisclosureRules,
    aggregate,
    aggregate_cube,
    slice_table,
)

FIELDS = ("country", "sector")


def _reasons(table):
    return {cell.values: cell.suppression_reason for cell in table.cells}


def test_the_cube_holds_the_total_every_group_and_every_pair_of_fields():
    records = organisations(6, "FR", sector="tax") + organisations(6, "PT", sector="health")

    cube = aggregate_cube(records, rules=EXACT)

    assert cube.group_by == GROUP_FIELDS
    assert cube.total.values == (None,) * 6 and cube.total.n_organisations == 12
    assert cube.cell("FR", None, None, None, None, None).n_organisations == 6
    assert cube.cell("FR", None, "tax", None, None, None).n_organisations == 6
    assert cube.cell("FR", None, "health", None, None, None) is None  # no such group
    assert max(sum(v is not None for v in cell.values) for cell in cube.cells) == 2


def test_a_group_is_decided_once_for_every_table_it_appears_in():
    # Canada's two local agencies must be protected in the table by country and level,
    # which takes Canada's row with them. Protected one table at a time, the table by
    # country alone would still show Canada: a reader of both would subtract.
    records = (
        organisations(12, "FR")
        + organisations(6, "PT")
        + organisations(5, "EE")
        + organisations(6, "CA")
        + organisations(2, "CA", prefix="cl", government_level="local")
    )
    fields = ("country", "government_level")

    cube = aggregate_cube(records, fields=fields, rules=EXACT)
    by_country = slice_table(cube, ("country",))
    by_both = slice_table(cube, fields)

    assert _reasons(by_both)[("CA", "local")] == TOO_FEW_ORGANISATIONS
    assert _reasons(by_both)[("CA", None)] == COMPLEMENTARY
    assert _reasons(by_country)[("CA",)] == COMPLEMENTARY  # the same group, the same decision
    assert not by_country.total.suppressed
    assert aggregate(records, fields, rules=EXACT).cell("CA", None).suppressed
    assert not aggregate(records, ("country",), rules=EXACT).cell("CA").suppressed


def test_a_table_cut_from_the_cube_keeps_the_order_of_its_breakdown_and_its_filters():
    records = organisations(6, "FR", sector="tax") + organisations(
        7, "FR", sector="health", prefix="h"
    )
    cube = aggregate_cube(records, fields=FIELDS, rules=EXACT)

    sliced = slice_table(cube, ("sector",), {"country": "FR"})

    assert sliced.group_by == ("sector",)
    assert [(c.values, c.n_organisations) for c in sliced.cells] == [
        (("health",), 7), (("tax",), 6), ((None,), 13),
    ]  # fmt: skip
    assert [c.values for c in slice_table(cube, ("sector", "country")).cells][:2] == [
        ("health", "FR"), ("health", None),
    ]  # fmt: skip


def test_a_filter_matching_no_group_gives_a_withheld_total_without_a_number():
    cube = aggregate_cube(organisations(6, "FR"), fields=FIELDS)

    sliced = slice_table(cube, (), {"country": "ZZ"})

    assert len(sliced.cells) == 1
    assert sliced.total.suppression_reason == TOO_FEW_ORGANISATIONS
    assert sliced.total.n_organisations is None


@pytest.mark.parametrize(
    ("group_by", "filters", "message"),
    [
        (("size_band",), {}, "no field 'size_band'"),
        ((), {"period": "2026"}, "no field 'period'"),
        (("country",), {"country": "FR"}, "both a breakdown and a filter"),
        (("colour",), {}, "unknown grouping field"),
    ],
)
def test_a_slice_the_table_cannot_give_is_refused(group_by, filters, message):
    cube = aggregate_cube(organisations(6, "FR"), fields=FIELDS)

    with pytest.raises(BenchmarkError, match=message):
        slice_table(cube, group_by, filters)


def test_a_cube_of_several_instruments_is_refused():
    with pytest.raises(BenchmarkError, match="several instruments"):
        aggregate_cube([record("a"), record("b", questionnaire="innovation-skills")])


def test_positions_holding_the_same_organisations_are_withheld_together():
    # Every French organisation is in health and every health one is French, and the
    # two tables by country and by sector would otherwise show the same group twice.
    records = (
        organisations(6, "FR", sector="health")
        + organisations(3, "PT", sector="tax", government_level="local")
        + organisations(3, "CA", sector="tax", government_level="local")
        + organisations(3, "IE", sector="tax", government_level="local")
    )

    cube = aggregate_cube(records, fields=("country", "sector", "government_level"))

    france = cube.cell("FR", None, None)
    health = cube.cell(None, "health", None)
    national = cube.cell(None, None, "national")
    assert france.suppressed == health.suppressed == national.suppressed


def test_named_organisations_are_subtracted_before_the_thresholds():
    # Ten named agencies and one anonymous one: the country's figure would be the
    # anonymous agency's once the named scores are subtracted.
    records = organisations(10, "MX", named=True, score=4.0) + [record("anon", "MX", score=1.5)]

    cube = aggregate_cube(records, fields=("country",))
    unprotected = aggregate_cube(
        records, fields=("country",), rules=DisclosureRules(named_known=False)
    )

    assert cube.cell("MX").suppression_reason == TOO_FEW_ORGANISATIONS
    assert not unprotected.cell("MX").suppressed
    assert unprotected.cell("MX").overall.mean == round((40 + 1.5) / 11, 1)


def test_a_cell_of_named_organisations_only_is_withheld_and_protected_like_a_small_one():
    # Published, the total and Portugal would show that France has no anonymous
    # organisation: a count of zero is protected like any count below five.
    records = organisations(6, "FR", named=True) + organisations(6, "PT", sector="tax")

    table = aggregate(records, ("country",), rules=EXACT)
    unprotected = aggregate(records, ("country",), rules=DisclosureRules(named_known=False))

    assert table.cell("FR").suppression_reason == TOO_FEW_ORGANISATIONS
    assert table.cell("PT").suppressed and table.total.suppressed
    assert unprotected.suppressed_cells == 0


def test_without_complementary_suppression_only_the_rules_themselves_withhold():
    records = organisations(2, sector="tax") + organisations(9, sector="health", prefix="h")

    weak = aggregate(records, ("sector",), rules=DisclosureRules(complementary=False))

    assert _reasons(weak) == {("health",): None, ("tax",): TOO_FEW_ORGANISATIONS, (None,): None}


def test_a_table_by_period_sees_through_a_margin_that_is_no_sum():
    # The margin across periods holds each organisation once: not the sum of the two
    # periods. Only the same-organisations relation ties it to a period here.
    first = organisations(5, period="2025", score=2.0)
    second = [record(f"FR-{n}", period="2026", score=4.0) for n in range(5)]

    table = aggregate([*first, *second], ("period",), rules=EXACT)

    assert [c.n_organisations for c in table.cells] == [5, 5, 5]
    assert table.suppressed_cells == 0


def test_the_cube_does_not_depend_on_the_order_of_the_records():
    records = (
        organisations(7, "FR", sector="tax", score=2.4)
        + organisations(3, "PT", sector="tax", score=3.3)
        + organisations(6, "CA", sector="health", score=4.1)
        + organisations(2, "NZ", sector="health", score=1.7, named=True)
    )

    assert aggregate_cube(records, ("d",)) == aggregate_cube(records[::-1], ("d",))
