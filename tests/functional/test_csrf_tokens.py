"""Flask-WTF's CSRF tokens protect the question page's form, one session at a time."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError

from tests.fixtures import journeys
from tests.fixtures.transactions import QUESTION_PAGE_READ
from tests.fixtures.web import csrf_token

pytestmark = QUESTION_PAGE_READ

SECTION = "leadership-mindsets"


@pytest.fixture()
def question(app: Flask) -> str:
    journeys.seed_demo(app, organisations=1)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    journeys.invite(coordinator, round_path, ["ana@example.org"], "staff")
    link = journeys.links_by_email(coordinator)["ana@example.org"]
    return journeys.question_paths(app.test_client(), link)[0]


def answer(token: str, revision: int = 0) -> dict[str, str]:
    return {"csrf_token": token, "answer": "l3", "comment": "", "revision": str(revision)}


def test_every_token_a_session_was_shown_is_accepted(app: Flask, question: str) -> None:
    client = app.test_client()
    first = csrf_token(client.get(question).text)
    page = client.get(question).text
    later = csrf_token(page)
    assert page.count(later) == 2  # the form and the timeout dialog carry the same token
    assert client.post(question, data=answer(later)).status_code == 302
    # A token from an earlier page of the same session is still good (no time limit).
    assert client.post(question, data=answer(first, revision=1)).status_code == 302


def test_another_sessions_token_is_refused_and_the_answer_kept(app: Flask, question: str) -> None:
    ana, mallory = app.test_client(), app.test_client()
    ana.get(question)
    stolen = csrf_token(mallory.get(question).text)
    refused = ana.post(question, data=answer(stolen))
    assert refused.status_code == 400
    assert "this answer is not saved yet" in refused.text
    assert 'value="l3" checked' in refused.text


def test_a_form_sent_without_a_token_is_refused(app: Flask, question: str) -> None:
    client = app.test_client()
    client.get(question)
    refused = client.post(question, data={"answer": "l3", "comment": "", "revision": "0"})
    assert refused.status_code == 400
    assert "this answer is not saved yet" in refused.text


def test_a_forged_token_is_refused(app: Flask) -> None:
    with app.test_request_context(), pytest.raises(ValidationError):
        validate_csrf("not-a-token")
