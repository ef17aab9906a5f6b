"""``flask report --annex``: the technical annex as a PDF or a workbook, from the command."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from openpyxl import load_workbook
from pypdf import PdfReader

from assessment.reports.annex import PARTS
from tests.fixtures import journeys


@pytest.fixture()
def seeded(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "2"])
    assert result.exit_code == 0, result.output


def titles(outline: list[Any]) -> list[str]:
    """Every bookmark's title, nested ones included."""
    found: list[str] = []
    for item in outline:
        found.extend(titles(item) if isinstance(item, list) else [item.title])
    return found


def annex(app: Flask, output: Path, *args: str) -> str:
    result = app.test_cli_runner().invoke(
        args=["report", "--organisation", "demo-agency", *args, "--annex", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_the_annex_command_writes_a_tagged_pdf_of_the_closed_round(
    app: Flask, seeded: None, tmp_path: Path
) -> None:
    output = tmp_path / "annex.pdf"
    said = annex(app, output, "--lang", "fr")
    # Without --round: the latest closed round with results.
    assert f"round {journeys.completed_round_of(app)} (Demo assessment 2025), fr" in said
    reader = PdfReader(io.BytesIO(output.read_bytes()))
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Annexe technique du rapport sur les capacités d'innovation" in text
    for heading in ("Données de chaque graphique", "Réponses par question", "Méthode"):
        assert heading in text
    # Bookmarks follow the parts' headings.
    assert "Accord et qualité des données" in titles(reader.outline)


def test_a_name_ending_in_xlsx_writes_the_workbook(
    app: Flask, seeded: None, tmp_path: Path
) -> None:
    output = tmp_path / "annex.xlsx"
    annex(app, output, "--round", str(journeys.completed_round_of(app)))
    workbook = load_workbook(output, read_only=True)
    assert workbook.sheetnames == ["about", *PARTS]
    first_cells = [row[0] for row in workbook["charts"].iter_rows(values_only=True) if row]
    assert "Leadership for innovation: score per dimension" in first_cells
    assert not list(tmp_path.glob(".*.tmp"))
