"""Counting each cell once: the same tables as the plain computation, from records or tallies."""

from collections import Counter

import pytest
from benchmark_factories import organisations, record
from hypothesis import given
from reference_aggregation import reference_aggregate
from test_benchmark_properties import (
    DIMENSIONS,
    SETTINGS,
    additive_groupings,
    benchmark_records,
    groupings,
    rule_sets,
)

from scoring.benchmark import (
    TOO_FEW_ORGANISATIONS,
    BenchmarkError,
    DisclosureRules,
    Tally,
    aggregate,
    aggregate_tallies,
    latest_records,
)


def tallies_of(records, group_by, dimension_ids=DIMENSIONS):
    """Tallies of each organisation's latest record, as a database GROUP BY gives them."""
    counted = Counter()
    for r in latest_records(records):
        group = tuple(r.value(name) for name in group_by)
        counted[(group, r.country, None, r.overall_score, r.overall_level)] += 1
        for d in dimension_ids:
            if r.dimension_scores.get(d) is not None:
                counted[
                    (group, r.country, d, r.dimension_scores[d], r.dimension_levels.get(d))
                ] += 1
    return [Tally(*key, organisations=n) for key, n in counted.items()]


def method_of(records):
    latest = latest_records(records)
    return {
        "questionnaire_id": "leadership-mindsets",
        "questionnaire_versions": [r.questionnaire_version for r in latest],
        "periods": [r.period for r in latest],
    }


@SETTINGS
@given(benchmark_records(), groupings, rule_sets)
def test_the_table_equals_the_plain_computation_from_each_cells_records(records, group_by, rules):
    assert aggregate(records, group_by, DIMENSIONS, rules) == reference_aggregate(
        records, group_by, DIMENSIONS, rules
    )


@SETTINGS
@given(benchmark_records(), additive_groupings, rule_sets)
def test_tallies_of_the_latest_records_give_the_same_table_as_the_records(records, group_by, rules):
    from_tallies = aggregate_tallies(
        tallies_of(records, group_by), group_by, DIMENSIONS, rules, **method_of(records)
    )

    assert from_tallies == aggregate(records, group_by, DIMENSIONS, rules)


def test_tallies_of_many_organisations_count_as_that_many_records():
    records = [
        record(f"{country}-{level}-{n}", country, government_level=level, score=2.0 + (n % 3) / 2,
               dimensions={"risk": 3.0 if n % 4 else None})
        for country in ("FR", "PT", "IE") for level in ("national", "local") for n in range(12)
    ]  # fmt: skip
    tallies = tallies_of(records, ("government_level",), ("risk",))
    assert len(tallies) < len(records)

    table = aggregate_tallies(tallies, ("government_level",), ("risk",), **method_of(records))

    assert table == aggregate(records, ("government_level",), ("risk",))
    assert table.total.n_organisations == 72 and table.total.n_countries == 3
    assert table.total.dimension("risk").n == 54
    assert table.questionnaire_versions == ("1.0.0",) and table.periods == ("2026",)


def test_a_table_without_tallies_has_only_a_withheld_total_and_no_instrument():
    table = aggregate_tallies([], ("country",), questionnaire_id="leadership-mindsets")

    assert table == aggregate([], ("country",))
    assert table.questionnaire_id is None
    assert table.total.suppression_reason == TOO_FEW_ORGANISATIONS


def test_tallies_cannot_stand_for_records_broken_down_by_period_or_version():
    with pytest.raises(BenchmarkError, match="needs the records"):
        aggregate_tallies([], ("country", "period"))


def test_every_tally_needs_one_value_per_grouping_field():
    tally = Tally(("FR",), "FR", None, 3.0, 3, 5)
    with pytest.raises(BenchmarkError, match="one value per grouping field"):
        aggregate_tallies([tally], ("country", "sector"))


def test_a_dimension_scored_by_more_organisations_than_the_cell_holds_is_refused():
    tallies = [Tally(("FR",), "FR", None, 3.0, 3, 5), Tally(("FR",), "FR", "risk", 2.0, 2, 6)]
    with pytest.raises(BenchmarkError, match="more organisations with a score"):
        aggregate_tallies(tallies, ("country",), ("risk",))


def test_tallies_of_dimensions_not_asked_for_are_ignored():
    records = organisations(6, dimensions={"other": 2.0})
    tallies = [Tally(("FR",), "FR", None, 3.0, 3, 6), Tally(("FR",), "FR", "other", 2.0, 2, 6)]

    table = aggregate_tallies(
        tallies, ("country",), ("risk",), DisclosureRules(), **method_of(records)
    )

    assert table == aggregate(records, ("country",), ("risk",))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((("FR",), "", None, 3.0, 3, 1), "non-empty texts"),
        ((("",), "FR", None, 3.0, 3, 1), "non-empty texts"),
        ((("FR", "health"), "FR", None, 3.0, 3, 1), "one value per grouping field"),
        ((["FR"], "FR", None, 3.0, 3, 1), "one value per grouping field"),
        (((["FR"],), "FR", None, 3.0, 3, 1), "unusable kind"),
        ((("FR",), "FR", "", 3.0, 3, 1), "a measure is a dimension id"),
        ((("FR",), "FR", None, 3.0, 3, 0), "whole number from 1"),
        ((("FR",), "FR", None, 3.0, 3, True), "whole number from 1"),
        ((("FR",), "FR", None, 3.0, 3, 2.0), "whole number from 1"),
        ((("FR",), "FR", "risk", None, 3, 1), "only with a score"),
        ((("FR",), "FR", None, 5.5, 3, 1), "a score must be from 1 to 5"),
        ((("FR",), "FR", None, float("nan"), 3, 1), "a score must be from 1 to 5"),
        ((("FR",), "FR", None, 3.0, 6, 1), "a level must be a whole number"),
        ((("FR",), "FR", None, 3.0, True, 1), "a level must be a whole number"),
    ],
)
def test_a_tally_the_engine_cannot_use_is_refused_with_its_reason(arguments, message):
    # A valid tally with the same values comes first, so a check on distinct values
    # cannot let the bad one through as a duplicate (True equals 1, 2.0 equals 2).
    valid = Tally(("FR",), "FR", None, 3.0, 1, 1)
    with pytest.raises(BenchmarkError, match=message):
        aggregate_tallies([valid, Tally(*arguments)], ("country",), ("risk",))


def test_an_organisation_without_an_overall_score_still_counts_in_its_cell():
    tallies = [Tally((), "FR", None, None, None, 2), Tally((), "FR", None, 3.0, 3, 4)]

    total = aggregate_tallies(tallies).total

    assert total.n_organisations == 6
    assert total.overall.suppressed and total.overall.suppression_reason == TOO_FEW_ORGANISATIONS
