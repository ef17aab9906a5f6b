"""A country against every organisation: figures and withholdings are the published cube's.

The national comparison shows, per measure, the country's cell and the international
total. Both must be exactly what the explorer's published cube holds for those cells
(the country's row in the table by country, and that table's total), shown or withheld
alike, with the same reason; named agencies count as known, as everywhere.
"""

from __future__ import annotations

import pytest
from flask import Flask

from assessment.benchmarks import services as benchmarks
from assessment.benchmarks.comparison import Figure, position
from assessment.benchmarks.disclosure import SETTING
from assessment.benchmarks.national import national_overview
from scoring.benchmark import TOO_FEW_ORGANISATIONS, Cell
from tests.fixtures.benchmarks import (
    QUESTIONNAIRE,
    add_organisation,
    add_result,
    publish,
    seed_countries,
)

# France is large enough for its band, Canada for its median only, Estonia for nothing;
# nine of Malta's ten agencies are named, which leaves too few unknown ones to show.
COUNTRIES = {"FR": 15, "CA": 6, "PT": 11, "EE": 2}


def _seed() -> None:
    seed_countries(COUNTRIES)
    for number in range(10):
        agency = add_organisation(f"mt-{number:03d}", "MT", name=f"Maltese Agency {number}")
        add_result(agency, 2.0 + number / 10, consent="named" if number else "anonymous")
    publish()


def _expected(cell: Cell, dimension_id: str | None) -> tuple[object, ...]:
    # Read straight off the explorer's cell, as a reader of the explorer sees it.
    if cell.suppressed:
        return ("withheld", cell.suppression_reason)
    measure = cell.overall if dimension_id is None else cell.dimension(dimension_id)
    assert measure is not None
    if measure.suppressed:
        return ("withheld", measure.suppression_reason)
    return ("shown", measure.median, measure.p25, measure.p75)


def _shown(figure: Figure) -> tuple[object, ...]:
    if figure.withheld:
        return ("withheld", figure.reason)
    return ("shown", figure.median, figure.p25, figure.p75)


def _comparison(code: str):  # type: ignore[no-untyped-def]
    overview = national_overview(code)
    (instrument,) = (i for i in overview.instruments if i.questionnaire.id == QUESTIONNAIRE)
    return instrument.comparison


def test_each_figure_is_the_explorer_cubes_for_the_same_cell(app: Flask, app_context: None) -> None:
    _seed()
    by_country = benchmarks.explore(benchmarks.ExplorerQuery(QUESTIONNAIRE, ("country",))).table
    decisions = set()
    for code in (*COUNTRIES, "MT"):
        comparison = _comparison(code)
        mine, everyone = by_country.cell(code), by_country.total
        assert mine is not None
        assert [row.dimension_id for row in comparison.rows] == [None, *by_country.dimension_ids]
        for row in comparison.rows:
            assert _shown(row.country) == _expected(mine, row.dimension_id), (code, row)
            assert _shown(row.international) == _expected(everyone, row.dimension_id)
            decisions.add(_shown(row.country)[0])
        assert comparison.country_organisations == mine.n_organisations
        assert comparison.international_organisations == everyone.n_organisations
    # Both decisions occur, so the comparison covers a shown figure and a withheld one.
    assert decisions == {"shown", "withheld"}


def test_withheld_when_the_engine_withholds_and_named_agencies_count_as_known(
    app: Flask, app_context: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed()
    france, canada, estonia, malta = (_comparison(c) for c in ("FR", "CA", "EE", "MT"))
    overall = 0
    assert france.rows[overall].country.has_band  # fifteen: median and middle half
    assert canada.rows[overall].country.median is not None
    assert not canada.rows[overall].country.has_band  # six: the median, not the band
    assert canada.rows[overall].country.band_reason is not None
    for row in estonia.rows:
        assert row.country.reason == TOO_FEW_ORGANISATIONS
        assert row.international.has_band  # the reference is shown all the same
    assert TOO_FEW_ORGANISATIONS in estonia.reasons
    # Malta: its named agencies are known, so only one unknown agency is left to protect.
    assert all(row.country.withheld for row in malta.rows)

    # Without that protection the same data would show Malta: it is what withholds it.
    monkeypatch.setitem(app.config, SETTING, ("named",))
    publish()
    assert not _comparison("MT").rows[overall].country.withheld


def test_scores_are_placed_on_the_one_to_five_scale() -> None:
    assert (position(1), position(3), position(5)) == (0.0, 50.0, 100.0)
    assert (position(0.2), position(7), position(None)) == (0.0, 100.0, 0.0)
