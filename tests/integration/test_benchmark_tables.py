"""Explorer tables: every published figure meets the rules, filters are slices, queries checked."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from assessment.benchmarks import services as benchmarks
from assessment.benchmarks.records import benchmark_rows
from scoring.benchmark import DEFAULT_DISCLOSURE, GROUP_FIELDS
from tests.fixtures.benchmarks import QUESTIONNAIRE, publish, seed_countries

COUNTRIES = {"FR": 15, "CA": 9, "PT": 6, "EE": 3, "IE": 2}


def _members(query: benchmarks.ExplorerQuery, values: tuple[str | None, ...]) -> list:
    """The records a cell of ``query`` covers, recomputed independently of the engine."""
    rows = [r.record for r in benchmark_rows(QUESTIONNAIRE)]
    wanted = {**query.filter_map}
    for name, value in zip(query.group_by, values, strict=True):
        if value is not None:
            wanted[name] = value
    return [r for r in rows if all(r.value(name) == value for name, value in wanted.items())]


@pytest.mark.parametrize(
    "group_by", [(), ("country",), ("government_level",), ("country", "government_level"),
                 ("size_band", "government_level")]
)  # fmt: skip
def test_every_published_cell_meets_the_disclosure_thresholds(
    app: Flask, app_context: None, group_by: tuple[str, ...]
) -> None:
    seed_countries(COUNTRIES)
    publish()
    rules = DEFAULT_DISCLOSURE
    query = benchmarks.ExplorerQuery(QUESTIONNAIRE, group_by)
    table = benchmarks.explore(query).table
    published = [c for c in table.cells if not c.suppressed]
    assert published, "the test data should publish something"
    for cell in published:
        members = _members(query, cell.values)
        countries = Counter(r.country for r in members)
        assert len(members) >= rules.organisation_threshold
        assert cell.n_organisations == rules.round_count(len(members))
        if len(countries) > 1:
            assert len(countries) >= rules.country_threshold
            assert max(countries.values()) <= rules.dominance_share * len(members) + 1e-9
        assert cell.overall is not None
        if cell.overall.level_shares is not None:
            assert len(members) >= rules.distribution_threshold
            assert 95 <= sum(cell.overall.level_shares) <= 105  # shares, each rounded
        for summary in (cell.overall, *cell.dimensions):
            if summary.mean is not None:
                assert summary.mean == round(summary.mean, rules.score_decimals)
    for cell in table.cells:
        if cell.suppressed:
            assert cell.n_organisations is None and cell.overall is None


def test_a_filter_shows_exactly_the_figures_of_the_table_it_is_cut_from(
    app: Flask, app_context: None
) -> None:
    seed_countries(COUNTRIES)
    publish()
    grouped = benchmarks.explore(
        benchmarks.ExplorerQuery(QUESTIONNAIRE, ("country", "government_level"))
    ).table
    sliced = benchmarks.explore(
        benchmarks.ExplorerQuery(QUESTIONNAIRE, ("government_level",), (("country", "FR"),))
    ).table
    expected = [c for c in grouped.cells if c.values[0] == "FR"]
    assert [(c.suppressed, c.suppression_reason, c.n_organisations, c.overall)
            for c in sliced.cells] == [
        (c.suppressed, c.suppression_reason, c.n_organisations, c.overall) for c in expected
    ]  # fmt: skip
    assert [c.values for c in sliced.cells] == [(c.values[1],) for c in expected]
    assert any(not c.suppressed for c in sliced.cells)


def test_a_filter_matching_nothing_gives_a_withheld_total(app: Flask, app_context: None) -> None:
    seed_countries({"FR": 6})
    publish()
    table = benchmarks.explore(
        benchmarks.ExplorerQuery(QUESTIONNAIRE, (), (("country", "ZZ"),))
    ).table
    assert len(table.cells) == 1 and table.total.suppressed


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ({"questionnaire": "nope"}, "unknown_questionnaire"),
        ({"group_by": "colour"}, "unknown_field"),
        ({"group_by": "country,country"}, "field_twice"),
        ({"group_by": "country", "country": "FR"}, "grouped_and_filtered"),
        ({"group_by": "country,sector", "period": "2025"}, "too_many_fields"),
        ({"sector": "health", "country": "FR", "size_band": "1-49"}, "too_many_fields"),
        ({"country": "x" * 65}, "bad_value"),
    ],
)
def test_queries_that_cannot_be_answered_are_refused(
    app: Flask, app_context: None, args: dict[str, str], code: str
) -> None:
    with pytest.raises(benchmarks.QueryError) as raised:
        benchmarks.parse_query(MultiDict({"questionnaire": QUESTIONNAIRE, **args}))
    assert raised.value.code == code


def test_a_query_reads_breakdowns_in_order_and_filters_by_field(
    app: Flask, app_context: None
) -> None:
    query = benchmarks.parse_query(
        MultiDict([("questionnaire", QUESTIONNAIRE), ("group_by", "sector"),
                   ("group_by", ""), ("period", "2025")])
    )  # fmt: skip
    assert query.group_by == ("sector",)
    assert query.filters == (("period", "2025"),)
    assert query.fields == tuple(f for f in GROUP_FIELDS if f in {"sector", "period"})
    assert benchmarks.parse_query(query.as_args()) == query


def test_a_group_reads_the_same_in_every_table_that_shows_it(app: Flask, app_context: None) -> None:
    # The national page's "All organisations" row (Canada by level, margin) and the
    # explorer's Canada row (by country) are one group: one decision.
    seed_countries(COUNTRIES)
    publish()
    by_country = benchmarks.explore(benchmarks.ExplorerQuery(QUESTIONNAIRE, ("country",))).table
    canada_by_level = benchmarks.explore(
        benchmarks.ExplorerQuery(QUESTIONNAIRE, ("government_level",), (("country", "CA"),))
    ).table

    for country_cell in by_country.cells:
        if country_cell.values == (None,):
            continue
        by_level = benchmarks.explore(
            benchmarks.ExplorerQuery(
                QUESTIONNAIRE, ("government_level",), (("country", country_cell.values[0]),)
            )
        ).table
        total = by_level.total
        assert (total.suppressed, total.suppression_reason, total.overall) == (
            country_cell.suppressed, country_cell.suppression_reason, country_cell.overall,
        )  # fmt: skip
    assert canada_by_level.total == replace(by_country.cell("CA"), values=(None,))


def test_nothing_is_shown_before_the_first_publication(app: Flask, app_context: None) -> None:
    seed_countries(COUNTRIES)  # data, but no refresh yet

    exploration = benchmarks.explore(benchmarks.ExplorerQuery(QUESTIONNAIRE, ("country",)))

    assert exploration.snapshot_id is None
    assert [c.suppression_reason for c in exploration.table.cells] == ["not_published"]
