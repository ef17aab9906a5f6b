"""A round with fewer than MIN_GROUP_SIZE submissions shows no result, anywhere.

With one submitted response, the round page named the only "Submitted" person and the
results page, its exports and the API showed that response's scores: the coordinator
could read one colleague's answers. Role groups under the minimum were already withheld;
the whole organisation now follows the same rule.
"""

from __future__ import annotations

import json

import pytest
from flask import Flask

from assessment.accounts import token_auth
from assessment.accounts.models import User
from assessment.core.extensions import db
from tests.fixtures import journeys
from tests.fixtures.transactions import QUESTION_PAGE_READ

pytestmark = QUESTION_PAGE_READ  # the respondents answer on the question page

QUESTIONNAIRE = "leadership-mindsets"


def _round_with_submissions(app: Flask, count: int) -> str:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (QUESTIONNAIRE,))
    people = [f"person{n}@agency.example" for n in range(count)]
    journeys.invite(coordinator, round_path, people, "staff")
    for link in journeys.links_by_email(coordinator).values():
        client = app.test_client()
        for path in journeys.question_paths(client, link):
            journeys.answer_section(client, path, lambda _item: "l3")
        journeys.submit(client, link)
    return round_path


def _api_results(app: Flask) -> list[dict[str, object]]:
    with app.app_context():
        coordinator = db.session.execute(
            db.select(User).filter_by(email="coordinator@demo.example")
        ).scalar_one()
        _token, secret = token_auth.create(coordinator, "test", days=1, actor_id=None)
        db.session.commit()
    response = app.test_client().get(
        "/api/v1/organisations/demo-agency/results",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 200
    rounds = json.loads(response.text)["rounds"]
    return [result for r in rounds for result in r["results"]]


@pytest.mark.parametrize("submitted", [1, 2])
def test_below_the_minimum_no_page_export_or_api_shows_a_score(app: Flask, submitted: int) -> None:
    assert app.config["MIN_GROUP_SIZE"] == 3
    round_path = _round_with_submissions(app, submitted)
    coordinator = journeys.coordinator(app)

    page = coordinator.get(round_path + "results")
    assert page.status_code == 200
    assert "at least 3 people have submitted" in page.text
    assert "Overall level" not in page.text
    exported = coordinator.get(round_path + "results/export.json")
    assert exported.status_code == 200
    assert [row for row in json.loads(exported.text)["rows"] if row.get("score") is not None] == []
    assert [r for r in _api_results(app) if r["questionnaire"] == QUESTIONNAIRE] == []


def test_at_the_minimum_the_result_is_shown(app: Flask) -> None:
    round_path = _round_with_submissions(app, 3)
    coordinator = journeys.coordinator(app)
    page = coordinator.get(round_path + "results")
    assert "Overall level" in page.text
    exported = json.loads(coordinator.get(round_path + "results/export.json").text)
    assert [row for row in exported["rows"] if row.get("score") is not None] != []
    assert [r["respondents"] for r in _api_results(app) if r["questionnaire"] == QUESTIONNAIRE] == [
        3
    ]
