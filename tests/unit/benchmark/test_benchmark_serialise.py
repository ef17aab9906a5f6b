"""JSON-ready benchmark tables and placements: stable keys, notes instead of numbers."""

import json

from benchmark_factories import organisations, record

from scoring.benchmark import (
    TOO_FEW_ORGANISATIONS,
    Cell,
    DisclosureRules,
    aggregate,
    place_among_peers,
    placement_to_dict,
    table_to_dict,
)
from scoring.benchmark.aggregation import BenchmarkTable


def test_a_table_becomes_json_with_its_method_and_its_cells():
    records = organisations(12, sector="tax", dimensions={"d": 2.0}) + organisations(
        3, sector="health", prefix="h"
    )
    table = aggregate(records, group_by=("sector",), dimension_ids=("d",))

    data = json.loads(json.dumps(table_to_dict(table)))

    method = data["method"]
    assert method["questionnaire"] == "leadership-mindsets"
    assert method["group_by"] == ["sector"] and method["dimensions"] == ["d"]
    assert method["questionnaire_versions"] == ["1.0.0"] and method["periods"] == ["2026"]
    assert method["rules"]["organisation_threshold"] == 5
    assert method["quantiles"] == "inclusive"
    assert (method["cells"], method["suppressed_cells"], method["complementary_cells"]) == (3, 2, 1)
    health, tax, total = data["cells"]
    assert health == {
        "group": {"sector": "health"},
        "kind": "cell",
        "suppressed": True,
        "reason": TOO_FEW_ORGANISATIONS,
        "note": "Fewer than 5 organisations.",
    }
    assert tax["suppressed"] and tax["reason"] == "complementary"
    assert total["kind"] == "total" and total["organisations"] == 15


def test_a_published_cell_carries_its_statistics_and_its_withheld_parts_as_notes():
    records = organisations(12, dimensions={"d": 2.0}) + [
        record(f"x{n}", dimensions={"e": 4.0}) for n in range(3)
    ]
    table = aggregate(records, dimension_ids=("d", "e"), rules=DisclosureRules(count_base=1))

    cell = table_to_dict(table, lang="fr")["cells"][0]

    assert (cell["organisations"], cell["countries"]) == (15, 1)
    assert cell["overall"]["levels"] == {"1": 0, "2": 0, "3": 15, "4": 0, "5": 0}
    assert cell["dimensions"]["d"]["mean"] == 2.0
    assert cell["dimensions"]["d"]["distribution_reason"] is None
    assert cell["dimensions"]["e"] == {
        "suppressed": True,
        "reason": TOO_FEW_ORGANISATIONS,
        "note": "Moins de 5 organisations.",
    }


def test_a_withheld_distribution_is_a_note_next_to_the_mean():
    table = aggregate(organisations(6))

    overall = table_to_dict(table)["cells"][0]["overall"]

    assert overall["mean"] == 3.0 and overall["levels"] is None and overall["p25"] is None
    assert overall["distribution_note"].startswith("Fewer than 10 organisations")


def test_a_cell_built_without_an_overall_summary_serialises_it_as_null():
    table = BenchmarkTable(None, (), (), DisclosureRules(), (), (), (Cell((), False, None),))

    assert table_to_dict(table)["cells"][0]["overall"] is None


def test_a_placement_becomes_json_and_a_withheld_one_a_sentence():
    shown = placement_to_dict(place_among_peers(3.0, [2.0] * 5 + [4.0] * 5))
    hidden = placement_to_dict(place_among_peers(3.0, [2.0] * 3), lang="fr")
    small = placement_to_dict(
        place_among_peers(3.0, [2.0] * 3, DisclosureRules(distribution_threshold=20)),
        DisclosureRules(distribution_threshold=20),
    )

    assert shown == {
        "withheld": False,
        "peers": 10,
        "percentile": 50,
        "interval": [23, 77],
        "confidence": 0.95,
    }
    assert hidden["withheld"] and hidden["reason"] == "too_few_peers"
    assert hidden["note"].startswith("Moins de 10 organisations comparables")
    assert small["note"].startswith("Fewer than 20 comparable organisations")
