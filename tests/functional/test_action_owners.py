"""Owners and due dates of the action plan: set on the results page, checked, shown in
the plan, the exports and the annex; input that does not fit is refused."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from flask import Flask
from flask_babel import force_locale

from assessment.accounts.organisations import Organisation
from assessment.core.audit_events import AuditEvent
from assessment.core.extensions import db
from assessment.reports.annex import annex_content
from assessment.results.capability import capability_data
from assessment.results.targets import DimensionTarget
from assessment.survey.models import AssessmentRound
from tests.fixtures import journeys
from tests.functional.test_results_page import Demo, leadership_section, seed_results

PREFIX = "leadership-mindsets-target_mandate_and_strategy"
OWNER, DUE = PREFIX + "_owner", PREFIX + "_due"


@pytest.fixture()
def demo(app: Flask) -> Demo:
    return seed_results(app)


def form_fields(html: str) -> dict[str, str]:
    """Every field of the Leadership for innovation targets form, with its current value."""
    section = leadership_section(html)
    form = section[section.index("<form") : section.index("</form>")]
    fields = dict(re.findall(r'name="([^"]+)" type="hidden" value="([^"]*)"', form))
    for name, body in re.findall(r'<select[^>]+name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        fields[name] = re.search(r'value="(\d)" selected', body).group(1)
    fields.update(
        re.findall(
            r'<input class="govuk-input[^"]*" id="[^"]+" name="([^"]+)" type="text"'
            r' value="([^"]*)"',
            form,
        )
    )
    return fields


def test_an_owner_and_due_date_are_saved_and_shown_everywhere(app: Flask, demo: Demo) -> None:
    coordinator = journeys.coordinator(app)
    fields = form_fields(coordinator.get(demo.completed).text)
    assert fields[OWNER] == "" and fields[DUE] == ""
    fields[OWNER], fields[DUE] = "  Strategy unit  ", "2027-06-30"
    saved = coordinator.post(demo.completed + "/targets/leadership-mindsets", data=fields)
    assert saved.status_code == 302

    page = coordinator.get(demo.completed).text
    assert form_fields(page)[OWNER] == "Strategy unit"
    assert "Owner: Strategy unit. Due by 30 June 2027." in leadership_section(page)
    french = coordinator.get(demo.completed + "?lang=fr").text
    assert "Responsable : Strategy unit. Échéance : 30 juin 2027." in french

    exported = coordinator.get(demo.completed + "/export.csv").data.decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(exported)) if r["code"] == "mandate-and-strategy"]
    assert (rows[0]["owner"], rows[0]["due_on"]) == ("Strategy unit", "2027-06-30")

    with app.app_context():
        stored = db.session.execute(
            db.select(DimensionTarget).filter_by(dimension_id="mandate-and-strategy")
        ).scalar_one()
        assert (stored.owner, stored.due_on) == ("Strategy unit", date(2027, 6, 30))
        event = db.session.execute(
            db.select(AuditEvent).filter_by(action="targets.changed")
        ).scalar_one()
        assert event.details["owners"]["mandate-and-strategy"] == ["Strategy unit", "2027-06-30"]
        organisation = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        assessment_round = db.session.get(AssessmentRound, int(demo.completed.split("/")[4]))
        with force_locale("en"):
            data = capability_data(organisation, assessment_round)
            assert data.owner_of("leadership-mindsets", "mandate-and-strategy") is not None
            table = annex_content(data, date(2026, 12, 7)).part("actions").tables[0]
        assert ("Mandate and strategy", "2 – Emerging", "3 – Structured", "Strategy unit",
                "30 June 2027") in table.rows  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (DUE, "30/06/2027", "Enter the due date as year-month-day, for example 2027-06-30"),
        (DUE, "1899-01-01", "Enter a due date between 2000 and 2100"),
        (OWNER, "x" * 121, "Field cannot be longer than 120 characters."),
        (OWNER, "Line one\nline two", "name on one line"),
    ],
)
def test_tampered_owner_or_date_is_refused(
    app: Flask, demo: Demo, field: str, value: str, message: str
) -> None:
    coordinator = journeys.coordinator(app)
    fields = form_fields(coordinator.get(demo.completed).text)
    fields[field] = value
    refused = coordinator.post(demo.completed + "/targets/leadership-mindsets", data=fields)
    assert refused.status_code == 400
    assert f'href="#{field}"' in refused.text
    assert message in refused.text
    with app.app_context():
        assert db.session.execute(db.select(DimensionTarget)).first() is None
