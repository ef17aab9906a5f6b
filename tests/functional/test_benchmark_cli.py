"""``flask benchmark export`` writes the explorer's table, with its method, in three formats."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask
from openpyxl import load_workbook

from tests.fixtures.benchmarks import QUESTIONNAIRE, seed_countries


def test_the_json_export_has_group_values_counts_suppression_and_scores(
    app: Flask, tmp_path: Path
) -> None:
    with app.app_context():
        seed_countries({"FR": 15, "CA": 15, "PT": 15, "EE": 2})
    published = app.test_cli_runner().invoke(args=["benchmark", "refresh"])
    assert published.exit_code == 0, published.output
    assert "Benchmark snapshot" in published.output and "47 organisations" in published.output
    output = tmp_path / "levels.json"
    result = app.test_cli_runner().invoke(
        args=["benchmark", "export", "--questionnaire", QUESTIONNAIRE, "--group-by",
              "government_level,country", "--format", "json", "--output", str(output)]
    )  # fmt: skip
    assert result.exit_code == 0, result.output

    data = json.loads(output.read_text())
    method = data["method"]
    assert method["group_by"] == ["government_level", "country"]
    assert method["questionnaire_versions"] == ["1.0.0"]
    assert method["rules"]["organisation_threshold"] == 5
    assert method["generated_at"] and method["suppressed_cells"] >= 1
    for cell in data["cells"]:
        assert set(cell["group"]) == {"government_level", "country"}
        assert {"n_organisations", "suppressed", "kind"} <= set(cell)
        if cell["suppressed"]:
            assert cell["n_organisations"] is None and "overall" not in cell
        else:
            assert cell["n_organisations"] >= 5
            overall = cell["overall"]
            assert overall["suppressed"] or overall["median"] is not None
            assert set(cell["dimensions"]) >= {"mandate-and-strategy"}
    levels = [c for c in data["cells"] if c["kind"] == "margin" and c["group"]["country"] is None]
    assert [c["group"]["government_level"] for c in levels] == ["local", "national", "regional"]
    assert any(not c["suppressed"] for c in levels)
    assert f"{method['suppressed_cells']} withheld" in result.output


def test_csv_and_xlsx_exports_and_refused_queries(app: Flask, tmp_path: Path) -> None:
    with app.app_context():
        seed_countries({"FR": 6, "CA": 6, "PT": 6})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["benchmark", "refresh"]).exit_code == 0
    csv_file, xlsx_file = tmp_path / "t.csv", tmp_path / "t.xlsx"
    assert runner.invoke(args=["benchmark", "export", "--group-by", "country", "--format",
                               "csv", "--output", str(csv_file)]).exit_code == 0  # fmt: skip
    assert csv_file.read_text().startswith("# title: Benchmark explorer")
    french = runner.invoke(args=["benchmark", "export", "--filter", "country=FR", "--format",
                                 "xlsx", "--lang", "fr", "--output", str(xlsx_file)])  # fmt: skip
    assert french.exit_code == 0, french.output
    method = load_workbook(xlsx_file)["Method"]
    assert (method["A1"].value, method["C1"].value) == ("Titre", "title")  # label, then key

    refused = runner.invoke(
        args=["benchmark", "export", "--group-by", "country,sector", "--filter", "period=2025",
              "--format", "json", "--output", str(tmp_path / "x.json")]
    )  # fmt: skip
    assert refused.exit_code != 0 and "at most two fields" in refused.output
    assert not (tmp_path / "x.json").exists()
    bad = runner.invoke(args=["benchmark", "export", "--filter", "country", "--format", "csv",
                              "--output", str(tmp_path / "y.csv")])  # fmt: skip
    assert bad.exit_code != 0


def test_the_pdf_export_is_the_explorers_benchmark_report(app: Flask, tmp_path: Path) -> None:
    from pypdf import PdfReader

    with app.app_context():
        seed_countries({"FR": 9, "CA": 9, "PT": 9, "EE": 2})
    output = tmp_path / "report.pdf"
    result = app.test_cli_runner().invoke(
        args=["benchmark", "export", "--questionnaire", QUESTIONNAIRE, "--group-by",
              "country", "--format", "pdf", "--lang", "fr", "--output", str(output)]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    reader = PdfReader(output)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert "Rapport de comparaison" in text and "Règles de diffusion" in text
    assert "Masqué" in text  # Estonia's two organisations
