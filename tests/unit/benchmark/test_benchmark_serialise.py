"""Published tables and rules as plain data, and back: what is stored is what is read."""

import json

import pytest
from benchmark_factories import organisations

from scoring.benchmark import (
    BenchmarkError,
    DisclosureRules,
    aggregate,
    aggregate_cube,
    rules_from_data,
    rules_to_data,
    table_from_data,
    table_to_data,
)


def test_a_cube_survives_a_round_trip_through_json_unchanged():
    records = (
        organisations(12, "FR", dimensions={"d": 3.0})
        + organisations(7, "CA", score=2.0, dimensions={"d": 2.0})
        + organisations(2, "IE", score=4.0, sector="tax", dimensions={"d": None})
    )
    cube = aggregate_cube(records, ("d",), fields=("country", "sector"))
    assert any(c.suppressed for c in cube.cells) and any(not c.suppressed for c in cube.cells)
    assert any(c.overall and c.overall.level_shares for c in cube.cells)

    stored = json.loads(json.dumps(table_to_data(cube)))

    assert table_from_data(stored) == cube


def test_a_withheld_cell_is_stored_as_its_reason_only():
    data = table_to_data(aggregate(organisations(3)))

    assert data["cells"] == [{"values": [], "reason": "too_few_organisations"}]


def test_rules_survive_a_round_trip_and_missing_fields_keep_their_defaults():
    rules = DisclosureRules(count_base=1, dominance_share=None, named_known=False)

    assert rules_from_data(rules_to_data(rules)) == rules
    assert rules_from_data({"count_base": 10}) == DisclosureRules(count_base=10)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"colour": 1}, "unknown disclosure rule 'colour'"),
        ({"count_base": 0}, "count_base"),
    ],
)
def test_stored_rules_that_cannot_be_used_are_refused(data, message):
    with pytest.raises(BenchmarkError, match=message):
        rules_from_data(data)


def test_stored_data_that_is_not_a_table_is_refused():
    good = table_to_data(aggregate(organisations(6), ("country",)))

    with pytest.raises(BenchmarkError, match="not a stored benchmark table"):
        table_from_data({"cells": []})
    with pytest.raises(BenchmarkError, match="does not match the table's fields"):
        table_from_data({**good, "group_by": []})
