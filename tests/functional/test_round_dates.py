"""Round dates: typed as day, month and year, kept in the organisation's time zone,
and shown as the day entered; benchmark consent is asked, never assumed."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from flask import Flask

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.survey.models import AssessmentRound
from tests.fixtures import journeys
from tests.fixtures.web import csrf_token

NEW_ROUND = "/organisations/demo-agency/rounds/new"


def _in_canada(app: Flask) -> None:
    with app.app_context():
        organisation = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        organisation.country = "CA"
        db.session.commit()


def test_the_form_uses_date_boxes_the_countrys_zone_and_no_preselected_consent(
    app: Flask,
) -> None:
    journeys.seed_demo(app)
    _in_canada(app)
    coordinator = journeys.coordinator(app)
    page = coordinator.get(NEW_ROUND).text
    assert 'type="date"' not in page
    for part in ("day", "month", "year"):
        assert f'name="closes_on-{part}"' in page
    assert re.search(r'<option value="America/Toronto"[^>]*selected', page)
    assert re.search(r'name="consent" type="radio"[^>]*checked', page) is None

    response = coordinator.post(
        NEW_ROUND,
        data={
            "csrf_token": csrf_token(page),
            "title": "Winter round",
            "questionnaires": ["leadership-mindsets"],
            **journeys.date_fields("opens_on", date(2026, 12, 1)),
            "closes_on-day": "6",
            "closes_on-year": "2027",
            "time_zone": "America/Toronto",
        },
    )
    assert response.status_code == 400
    assert "The date must include a month" in response.text
    assert "results may be used in benchmarks</a>" in response.text
    assert 'name="closes_on-day" type="text" inputmode="numeric" value="6"' in response.text


def test_a_round_closing_on_6_january_says_so_in_its_own_time_zone(app: Flask) -> None:
    journeys.seed_demo(app)
    _in_canada(app)
    coordinator = journeys.coordinator(app)
    page = coordinator.get(NEW_ROUND).text
    response = coordinator.post(
        NEW_ROUND,
        data={
            "csrf_token": csrf_token(page),
            "title": "Winter round",
            "questionnaires": ["leadership-mindsets"],
            **journeys.date_fields("opens_on", date(2026, 12, 1)),
            **journeys.date_fields("closes_on", date(2027, 1, 6)),
            "time_zone": "America/Toronto",
            "consent": "private",
        },
    )
    assert response.status_code == 302, response.text
    with app.app_context():
        stored = db.session.execute(db.select(AssessmentRound)).scalar_one()
        # The end of 6 January in Toronto (UTC-5) is 05:00 UTC on the 7th.
        assert stored.closes_at == datetime(2027, 1, 7, 5, 0, tzinfo=UTC)
        assert stored.consent == "private"
    round_page = coordinator.get(response.location).text
    assert "January 6, 2027, at the end of the day (America/Toronto)" in round_page
    assert "January 7" not in round_page
    french = coordinator.get(response.location + "?lang=fr").text
    assert "6 janvier 2027" in french
