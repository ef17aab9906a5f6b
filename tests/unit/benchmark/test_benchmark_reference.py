"""Counting each cell once gives the same tables as the plain computation, cell by cell."""

import pytest
from benchmark_factories import EXACT, record
from hypothesis import given
from reference_aggregation import reference_aggregate
from test_benchmark_properties import DIMENSIONS, SETTINGS, benchmark_records, groupings, rule_sets

from scoring.benchmark import TOO_FEW_ORGANISATIONS, BenchmarkError, aggregate
from scoring.benchmark.tallies import count_rows


@SETTINGS
@given(benchmark_records(), groupings, rule_sets)
def test_the_table_equals_the_plain_computation_from_each_cells_records(records, group_by, rules):
    assert aggregate(records, group_by, DIMENSIONS, rules) == reference_aggregate(
        records, group_by, DIMENSIONS, rules
    )


def test_many_organisations_count_as_that_many_in_every_margin():
    records = [
        record(f"{country}-{level}-{n}", country, government_level=level, score=2.0 + (n % 3) / 2,
               dimensions={"risk": 3.0 if n % 4 else None})
        for country in ("FR", "PT", "IE") for level in ("national", "local") for n in range(12)
    ]  # fmt: skip

    table = aggregate(records, ("government_level",), ("risk",), EXACT)

    assert table == reference_aggregate(records, ("government_level",), ("risk",), EXACT)
    assert table.total.n_organisations == 72 and table.total.n_countries == 3
    assert table.total.dimension("risk").n == 54
    assert table.questionnaire_versions == ("1.0.0",) and table.periods == ("2026",)


def test_an_organisation_without_an_overall_score_still_counts_in_its_cell():
    records = [record(f"o{n}", score=None if n < 2 else 3.0) for n in range(6)]

    total = aggregate(records, rules=EXACT).total

    assert total.n_organisations == 6
    assert total.overall.suppressed and total.overall.suppression_reason == TOO_FEW_ORGANISATIONS


def test_counts_with_more_scores_than_organisations_in_a_cell_are_refused():
    rows = [(("FR",), "FR", None, 3.0, 3, 5, False), (("FR",), "FR", "risk", 2.0, 2, 6, False)]

    with pytest.raises(BenchmarkError, match="more organisations with a score"):
        count_rows(rows, (None, "risk"))
