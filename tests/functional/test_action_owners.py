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
from assessment.reports.content import report_content
from assessment.results.capability import capability_data
from assessment.results.targets import DimensionTarget
from assessment.survey.models import AssessmentRound
from tests.fixtures import journeys
from tests.functional.test_results_page import Demo, leadership_section, seed_results

PREFIX = "leadership-mindsets-target_mandate_and_strategy"
OWNER, DUE = PREFIX + "_owner", PREFIX + "_due"
DAY, MONTH, YEAR = DUE + "-day", DUE + "-month", DUE + "-year"


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
            r'[^>]*? value="([^"]*)"',
            form,
        )
    )
    return fields


def test_an_owner_and_due_date_are_saved_and_shown_everywhere(app: Flask, demo: Demo) -> None:
    coordinator = journeys.coordinator(app)
    fields = form_fields(coordinator.get(demo.completed).text)
    assert fields[OWNER] == "" and (fields[DAY], fields[MONTH], fields[YEAR]) == ("", "", "")
    assert DUE not in fields  # three boxes, no ISO text field
    fields[OWNER] = "  Strategy unit  "
    fields[DAY], fields[MONTH], fields[YEAR] = "30", " 6 ", "2027"
    saved = coordinator.post(demo.completed + "/targets/leadership-mindsets", data=fields)
    assert saved.status_code == 302

    page = coordinator.get(demo.completed).text
    shown = form_fields(page)
    assert shown[OWNER] == "Strategy unit"
    assert (shown[DAY], shown[MONTH], shown[YEAR]) == ("30", "6", "2027")
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
            report = report_content(data, (), date(2026, 12, 7))
        plan = next(i.plan for i in report.instruments if i.id == "leadership-mindsets")
        owned = [(a.owner, a.due) for a in plan.actions if a.dimension == "Mandate and strategy"]
        assert owned and set(owned) == {("Strategy unit", "30 June 2027")}
        assert ("Mandate and strategy", "2 – Emerging", "3 – Structured", "Strategy unit",
                "30 June 2027") in table.rows  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({OWNER: "x" * 121}, "Field cannot be longer than 120 characters."),
        ({OWNER: "Line one\nline two"}, "name on one line"),
        ({DAY: "1", MONTH: "1", YEAR: "1899"}, "Enter a due date between 2000 and 2100"),
        ({DAY: "30", MONTH: "13", YEAR: "2027"}, "the month must be a number from 1 to 12"),
        ({DAY: "31", MONTH: "6", YEAR: "2027"}, "the day must be a number from 1 to 30"),
        ({DAY: "29", MONTH: "2", YEAR: "2027"}, "the day must be a number from 1 to 28"),
        ({DAY: "30", MONTH: "6", YEAR: "27"}, "the year must have 4 digits"),
        ({DAY: "30", MONTH: "June", YEAR: "2027"}, "Enter a real date in numbers"),
        ({DAY: "30", MONTH: "", YEAR: "2027"}, "The due date must include a month"),
        ({DAY: "", MONTH: "6", YEAR: "2027"}, "The due date must include a day"),
        ({DUE: "2027-06-30"}, None),  # the old ISO field is ignored: no date, nothing wrong
    ],
)
def test_an_owner_or_date_that_does_not_fit_is_refused_and_kept(
    app: Flask, demo: Demo, typed: dict[str, str], message: str | None
) -> None:
    coordinator = journeys.coordinator(app)
    fields = form_fields(coordinator.get(demo.completed).text)
    fields.update(typed)
    sent = coordinator.post(demo.completed + "/targets/leadership-mindsets", data=fields)
    if message is None:
        assert sent.status_code == 302
        with app.app_context():
            assert all(t.due_on is None for t in db.session.scalars(db.select(DimensionTarget)))
        return
    assert sent.status_code == 400
    anchor = OWNER if OWNER in typed else DUE  # the day box carries the date's id
    assert f'href="#{anchor}"' in sent.text and f'id="{anchor}-error"' in sent.text
    assert message in sent.text
    kept = form_fields(sent.text)  # what was typed is shown again, to be corrected
    assert all(kept[name] == value.strip() for name, value in typed.items())
    with app.app_context():
        assert db.session.execute(db.select(DimensionTarget)).first() is None


def test_due_date_errors_speak_french(app: Flask, demo: Demo) -> None:
    coordinator = journeys.coordinator(app)
    fields = form_fields(coordinator.get(demo.completed + "?lang=fr").text)
    fields.update({DAY: "30", MONTH: "13", YEAR: "2027"})
    sent = coordinator.post(demo.completed + "/targets/leadership-mindsets?lang=fr", data=fields)
    assert sent.status_code == 400
    assert "le mois doit être un nombre de 1 à 12" in sent.text
    assert "Jour" in sent.text and "Mois" in sent.text and "Année" in sent.text
