"""Charts built from rounds stored in the database, as the page and the PDF report get them."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from flask import Flask
from flask_babel import force_locale

from assessment.accounts.organisations import Organisation
from assessment.charting.web import figure_json
from assessment.core.extensions import db
from assessment.demo.assessments import COMPLETED_TITLE, IN_PROGRESS_TITLE
from assessment.results.capability import capability_data
from assessment.results.charts import build_charts, chart_plan
from assessment.results.targets import DimensionTarget
from assessment.survey.models import AssessmentRound


@pytest.fixture()
def agency(app: Flask) -> Iterator[Organisation]:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "2"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        yield db.session.execute(db.select(Organisation).filter_by(slug="demo-agency")).scalar_one()


def round_titled(organisation: Organisation, title: str) -> AssessmentRound:
    return db.session.execute(
        db.select(AssessmentRound).filter_by(organisation_id=organisation.id, title=title)
    ).scalar_one()


def test_a_completed_round_gives_every_chart_and_each_embeds_as_inert_json(
    agency: Organisation,
) -> None:
    with force_locale("en"):
        charts = build_charts(capability_data(agency, round_titled(agency, COMPLETED_TITLE)))
    ids = [chart.id for chart in charts]
    assert ids[0] == "radar-leadership-mindsets"
    assert {"skills-by-stage-innovation-skills", "partners-by-stage-ecosystem-partners",
            "facets-innovation-portfolio", "groups-ecosystem-partners"} <= set(ids)  # fmt: skip
    assert len(ids) == len(set(ids)) and charts
    for chart in charts:
        embedded = str(figure_json(chart))
        assert "<" not in embedded
        assert json.loads(embedded)["layout"]["meta"]["id"] == chart.id


def test_the_open_round_with_one_submission_draws_nothing(agency: Organisation) -> None:
    # No request here, as in the report worker: the language is forced, in an app context.
    with force_locale("fr"):
        plan = chart_plan(capability_data(agency, round_titled(agency, IN_PROGRESS_TITLE)))
    # One person submitted: their result would be their answers, so no chart is drawn,
    # and the trend, with one round shown, says why it is missing.
    assert [p.entry.id for p in plan if hasattr(p.entry, "figure")] == []
    trend = plan[-1].entry
    assert trend.id == "trend" and not hasattr(trend, "figure") and trend.reason


def test_stored_targets_reach_the_data_the_charts_and_exports_read(agency: Organisation) -> None:
    completed = round_titled(agency, COMPLETED_TITLE)
    db.session.add(DimensionTarget(round_id=completed.id, questionnaire_id="leadership-mindsets",
                                   dimension_id="risk-and-testing", target_level=5))  # fmt: skip
    db.session.commit()
    with force_locale("en"):
        data = capability_data(agency, completed)
    (leadership,) = [i for i in data.instruments if i.questionnaire == "leadership-mindsets"]
    assert leadership.targets["risk-and-testing"] == 5
