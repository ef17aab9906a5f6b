"""Exports carry the explorer's table with its method, and never a live spreadsheet formula."""

from __future__ import annotations

import csv
import io
import json

from flask import Flask
from flask_babel import force_locale
from openpyxl import load_workbook

from assessment.benchmarks import exports as benchmark_exports
from assessment.benchmarks import services as benchmarks
from tests.fixtures.benchmarks import (
    QUESTIONNAIRE,
    add_organisation,
    add_result,
    publish,
    seed_countries,
)

HOSTILE = '=HYPERLINK("http://example.invalid","x")'


def _exploration(group_by: tuple[str, ...]) -> benchmarks.Exploration:
    return benchmarks.explore(benchmarks.ExplorerQuery(QUESTIONNAIRE, group_by))


def _with_hostile_sector() -> None:
    seed_countries({"FR": 15, "CA": 15, "PT": 15})
    agency = add_organisation("hostile", "FR", sector=HOSTILE)
    add_result(agency, 3.0)
    publish()


def test_csv_starts_with_the_method_and_neutralises_formulas(app: Flask, app_context: None) -> None:
    _with_hostile_sector()
    with force_locale("en"):
        text = benchmark_exports.as_csv(_exploration(("sector",)))

    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert any(line.startswith("# questionnaire_versions: 1.0.0") for line in comments)
    assert any("At least 5 organisations" in line for line in comments)
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    hostile = [r for r in rows if HOSTILE in r["sector"]]
    assert hostile and all(r["sector"] == "'" + HOSTILE for r in hostile)
    assert not any(value.startswith(("=", "+", "@")) for r in rows for value in r.values())
    # The single hostile agency is withheld, so health is too (or 46 - 45 would tell).
    health = [r for r in rows if r["sector"] == "health"]
    assert [(r["suppressed"], r["reason"]) for r in health] == [("True", "complementary")]
    total = [r for r in rows if r["kind"] == "total" and r["measure"] == "overall"]
    assert total[0]["n_organisations"] == "45"  # 46, rounded to a multiple of 5
    assert set(rows[0]) >= {"level_1_percent", "level_5_percent"}


def test_xlsx_has_the_table_and_the_method_as_text(app: Flask, app_context: None) -> None:
    _with_hostile_sector()
    with force_locale("fr"):
        workbook = load_workbook(io.BytesIO(benchmark_exports.as_xlsx(_exploration(("sector",)))))

    table = workbook["Benchmark"]
    header = [c.value for c in table[1]]
    assert header[:4] == ["sector", "group_label", "kind", "n_organisations"]
    values = [c.value for row in table.iter_rows(min_row=2) for c in row]
    assert "'" + HOSTILE in values and HOSTILE not in values
    assert all(c.data_type != "f" for row in table.iter_rows() for c in row)
    # Each line: its label in the report's language, its value, its key.
    method = {row[2].value: row[1].value for row in workbook["Method"].iter_rows()}
    assert method["questionnaire_versions"] == "1.0.0"
    assert "Au moins 5 organisations" in method["rules"]
    assert "66,7\u00a0%" in method["rules"]  # Babel's French percentage
    assert method["reason too_few_organisations"] == "Moins de 5 organisations."
    assert method["group_by"] == "Secteur"


def test_json_cells_carry_group_values_counts_suppression_and_scores(
    app: Flask, app_context: None
) -> None:
    seed_countries({"FR": 15, "CA": 15, "PT": 15, "EE": 2})
    publish()
    with force_locale("en"):
        data = json.loads(benchmark_exports.render(_exploration(("country",)), "json"))

    assert data["method"]["rules"]["organisation_threshold"] == 5
    assert data["method"]["rules"]["count_base"] == 5
    assert data["method"]["questionnaire_versions"] == ["1.0.0"]
    assert data["method"]["published"] is True
    by_country = {c["group"]["country"]: c for c in data["cells"]}
    assert by_country["FR"]["n_organisations"] == 15 and not by_country["FR"]["suppressed"]
    assert by_country["FR"]["overall"]["median"] is not None
    shares = by_country["FR"]["overall"]["level_shares"]
    assert set(shares) == {"1", "2", "3", "4", "5"} and "levels" not in by_country["FR"]["overall"]
    assert by_country["EE"] == {
        "group": {"country": "EE"}, "kind": "cell", "n_organisations": None, "suppressed": True,
        "reason": "too_few_organisations", "note": "Fewer than 5 organisations.",
    }  # fmt: skip
    assert by_country[None]["kind"] == "total"


def keys_of(data: object) -> list[str]:
    if isinstance(data, dict):
        return [str(k) for k in data] + [k for v in data.values() for k in keys_of(v)]
    if isinstance(data, list):
        return [k for v in data for k in keys_of(v)]
    return []


def test_no_minimum_or_maximum_is_published_in_the_json(app: Flask, app_context: None) -> None:
    seed_countries({"FR": 15, "CA": 15, "PT": 15, "EE": 2})
    publish()
    with force_locale("en"):
        data = json.loads(benchmark_exports.render(_exploration(("country",)), "json"))

    words = {word for key in keys_of(data) for word in key.lower().split("_")}
    assert {"median", "p25", "suppressed", "note"} <= words  # the keys really were collected
    assert not words & {"min", "max", "minimum", "maximum", "lowest", "highest", "range"}


def test_the_json_notes_follow_the_language_they_are_built_in(
    app: Flask, app_context: None
) -> None:
    seed_countries({"FR": 15, "CA": 15, "PT": 15, "EE": 2})
    publish()
    exploration = _exploration(("country",))
    with force_locale("fr"):
        french = json.loads(benchmark_exports.render(exploration, "json"))
    with force_locale("en"):
        english = json.loads(benchmark_exports.render(exploration, "json"))

    estonia = [c for c in french["cells"] if c["group"]["country"] == "EE"]
    assert estonia and estonia[0]["note"] == "Moins de 5 organisations."
    assert french["method"]["language"] == "fr" and english["method"]["language"] == "en"
    assert french["method"]["title"] == "Explorateur des comparaisons"
    assert english["method"]["reasons"]["dominant_country"] == (
        "One country accounts for more than 66.7% of the organisations."
    )
    # Everything but the words is the same in both languages.
    for document in (french, english):
        for key in ("title", "questionnaire_title", "rules_text", "records_rule", "reasons",
                    "publication_text", "language", "generated_at"):  # fmt: skip
            document["method"].pop(key)
        for cell in document["cells"]:
            cell.pop("note", None)
            for measure in (cell.get("overall"), *(cell.get("dimensions") or {}).values()):
                if measure:
                    measure.pop("note", None)
                    measure.pop("distribution_note", None)
    assert french == english
