"""CSRF tokens are signed once a minute per session, and still protect every form."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError

from assessment.core import csrf_tokens
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


def answer(token: str) -> dict[str, str]:
    return {"csrf_token": token, "answer": "l3", "comment": "", "revision": "0"}


def test_a_session_sees_one_token_a_minute_and_it_is_accepted(app: Flask, question: str) -> None:
    client = app.test_client()
    tokens = [csrf_token(client.get(question).text) for _page in range(3)]
    assert tokens[1] == tokens[2]  # the first page made the session's secret
    page = client.get(question).text
    assert page.count(tokens[2]) == 2  # the form and the timeout dialog
    # Flask-WTF checks it when the form is sent, and the answer is saved.
    assert client.post(question, data=answer(tokens[2])).status_code == 302


def test_tokens_are_signed_again_after_a_minute(
    app: Flask, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = app.test_client()
    client.get(question)
    first = csrf_token(client.get(question).text)
    signed_at = {key: entry[0] for key, entry in csrf_tokens._signed.items()}
    now = max(signed_at.values())
    monkeypatch.setattr(csrf_tokens.time, "monotonic", lambda: now + 61)
    later = csrf_token(client.get(question).text)
    resigned = [key for key, entry in csrf_tokens._signed.items() if entry[0] == now + 61]
    assert len(resigned) == 1
    assert client.post(question, data=answer(later)).status_code == 302
    # The token signed a minute earlier stays valid for the session too.
    assert client.post(question, data={**answer(first), "revision": "1"}).status_code == 302


def test_another_sessions_token_is_refused(app: Flask, question: str) -> None:
    ana, mallory = app.test_client(), app.test_client()
    ana.get(question)
    mallory.get(question)
    stolen = csrf_token(mallory.get(question).text)
    assert stolen != csrf_token(ana.get(question).text)
    refused = ana.post(question, data=answer(stolen))
    assert refused.status_code == 400
    assert "this answer is not saved yet" in refused.text


def test_with_a_time_limit_every_page_signs_afresh(app: Flask, question: str) -> None:
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    try:
        client = app.test_client()
        client.get(question)
        before = dict(csrf_tokens._signed)
        token = csrf_token(client.get(question).text)
        assert csrf_tokens._signed == before  # nothing reused or kept
        assert client.post(question, data=answer(token)).status_code == 302
    finally:
        app.config["WTF_CSRF_TIME_LIMIT"] = None


def test_a_forged_token_is_refused(app: Flask) -> None:
    with app.test_request_context(), pytest.raises(ValidationError):
        validate_csrf("not-a-token")
