"""Nothing a respondent saved is lost or overwritten by someone else, whatever happens."""

from __future__ import annotations

import re
import threading

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.core.extensions import db
from assessment.survey.responses import Answer, Response
from tests.fixtures import journeys
from tests.fixtures.transactions import QUESTION_PAGE_READ
from tests.fixtures.web import csrf_token

pytestmark = QUESTION_PAGE_READ

SECTION = "leadership-mindsets"


@pytest.fixture()
def links(app: Flask) -> dict[str, str]:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    journeys.invite(coordinator, round_path, ["ana@example.org", "ben@example.org"], "staff")
    found = journeys.links_by_email(coordinator)
    found["round_path"] = round_path
    return found


def first_question(client: FlaskClient, link: str) -> str:
    return journeys.question_paths(client, link)[0]


def post_answer(
    client: FlaskClient,
    path: str,
    page_html: str,
    code: str,
    revision: str = "0",
    comment: str = "",
):
    return client.post(
        path,
        data={
            "csrf_token": csrf_token(page_html),
            "answer": code,
            "comment": comment,
            "revision": revision,
            "return_to": "",
        },
    )


def stored_answers(app: Flask) -> dict[str, str]:
    with app.app_context():
        return {a.item_id: a.code for a in db.session.execute(db.select(Answer)).scalars()}


def test_a_double_submit_gives_exactly_one_submission(app: Flask, links: dict[str, str]) -> None:
    client = app.test_client()
    link = links["ana@example.org"]
    journeys.answer_section(client, first_question(client, link), lambda _i: "l3")
    page = client.get(link + "submit").text
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', page).group(1)
    data = {"csrf_token": csrf_token(page), "submission_key": key, "declaration": "y"}
    first = client.post(link + "submit", data=data)
    second = client.post(link + "submit", data=data)
    assert first.status_code == second.status_code == 302
    assert second.location.endswith("/confirmation")
    with app.app_context():
        submitted = (
            db.session.execute(db.select(Response).filter_by(status="submitted")).scalars().all()
        )
    assert len(submitted) == 1
    assert submitted[0].submission_key == key


def test_a_stale_form_from_a_second_tab_does_not_overwrite_a_newer_answer(
    app: Flask, links: dict[str, str]
) -> None:
    client = app.test_client()
    path = first_question(client, links["ana@example.org"])
    item_id = path.rsplit("/", 1)[-1]
    tab_a = client.get(path).text
    tab_b = client.get(path).text
    assert post_answer(client, path, tab_b, "l4").status_code == 302
    stale = post_answer(client, path, tab_a, "l1")
    assert stale.status_code == 200
    assert "changed in another window" in stale.text
    assert stored_answers(app)[item_id] == "l4"
    # The page now shows the saved answer and its revision: choosing again works.
    assert 'value="l4" checked' in stale.text
    assert post_answer(client, path, stale.text, "l1", revision="1").status_code == 302
    assert stored_answers(app)[item_id] == "l1"


def test_a_save_after_the_session_expired_keeps_the_answer_on_screen(
    app: Flask, links: dict[str, str]
) -> None:
    client = app.test_client()
    path = first_question(client, links["ana@example.org"])
    page = client.get(path).text
    client.delete_cookie("session")  # the session lapsed while the page was open
    response = post_answer(client, path, page, "l2")
    assert response.status_code == 400
    assert "Your session had expired, so this answer is not saved yet" in response.text
    assert 'value="l2" checked' in response.text
    assert stored_answers(app) == {}
    assert post_answer(client, path, response.text, "l2").status_code == 302
    assert list(stored_answers(app).values()) == ["l2"]


def test_a_save_after_the_closing_date_is_refused_with_a_clear_message(
    app: Flask, links: dict[str, str]
) -> None:
    client = app.test_client()
    path = first_question(client, links["ana@example.org"])
    page = client.get(path).text
    assert post_answer(client, path, page, "l3").status_code == 302
    page = client.get(path).text
    coordinator = journeys.coordinator(app)
    round_page = coordinator.get(links["round_path"]).text
    close_form = round_page.split("/close")[1]
    version = re.search(r'name="version" type="hidden" value="(\d+)"', close_form).group(1)
    closed = coordinator.post(
        links["round_path"] + "close",
        data={"csrf_token": csrf_token(round_page), "version": version},
    )
    assert closed.status_code == 302
    open_page = client.get(path)  # reopened before the close, still on screen after it
    late = post_answer(client, path, page, "l5", revision="1")
    assert late.status_code == 409
    assert "This assessment closed" in late.text
    assert open_page.status_code == 409
    assert list(stored_answers(app).values()) == ["l3"]


@pytest.mark.committed(reason="two threads save at once, each on a connection of its own")
def test_two_respondents_saving_at_the_same_time_both_keep_every_answer(
    app: Flask, links: dict[str, str]
) -> None:
    counts: dict[str, int] = {}
    errors: list[BaseException] = []

    def respond(email: str, code: str) -> None:
        try:
            client = app.test_client()
            link = links[email]
            counts[email] = journeys.answer_section(
                client, first_question(client, link), lambda _i: code
            )
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [
        threading.Thread(target=respond, args=("ana@example.org", "l2")),
        threading.Thread(target=respond, args=("ben@example.org", "l5")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with app.app_context():
        rows = db.session.execute(db.select(Response.invitation_id, Answer.code).join(Answer)).all()
    by_code: dict[str, int] = {}
    for _invitation, code in rows:
        by_code[code] = by_code.get(code, 0) + 1
    assert by_code == {"l2": counts["ana@example.org"], "l5": counts["ben@example.org"]}


@pytest.mark.parametrize(
    ("tamper", "expected_status"),
    [
        ("unknown-item", 404),
        ("invalid-code", 400),
        ("other-token", 404),
        ("other-questionnaire", 404),
    ],
)
def test_a_tampered_form_gets_a_clear_response_and_changes_nothing(
    app: Flask, links: dict[str, str], tamper: str, expected_status: int
) -> None:
    client = app.test_client()
    link = links["ana@example.org"]
    path = first_question(client, link)
    page = client.get(path).text
    assert post_answer(client, path, page, "l3").status_code == 302
    before = stored_answers(app)
    target, code = path, "l4"
    if tamper == "unknown-item":
        target = path.rsplit("/", 1)[0] + "/no-such-item"
    elif tamper == "invalid-code":
        code = "l9"
    elif tamper == "other-token":
        target = path.replace(link, "/respond/" + "A" * 43 + "/")
    elif tamper == "other-questionnaire":
        target = path.replace(SECTION, "innovation-skills")
    response = post_answer(client, target, client.get(path).text, code, revision="1")
    assert response.status_code == expected_status
    if tamper == "invalid-code":
        assert "Select one of the answers shown" in response.text
        assert response.text.count("govuk-error-summary") >= 1
    assert stored_answers(app) == before


def test_answers_cannot_change_after_submitting(app: Flask, links: dict[str, str]) -> None:
    client = app.test_client()
    link = links["ana@example.org"]
    path = first_question(client, link)
    journeys.answer_section(client, path, lambda _i: "l3")
    assert journeys.submit(client, link).status_code == 302
    before = stored_answers(app)
    response = client.get(path)
    assert response.status_code == 302
    assert response.location.endswith("/confirmation")
    assert stored_answers(app) == before


def test_a_revoked_link_stops_working_but_keeps_the_answers(
    app: Flask, links: dict[str, str]
) -> None:
    client = app.test_client()
    link = links["ana@example.org"]
    path = first_question(client, link)
    assert post_answer(client, path, client.get(path).text, "l3").status_code == 302
    open_page = client.get(path).text  # still on screen when the link is revoked
    coordinator = journeys.coordinator(app)
    round_page = coordinator.get(links["round_path"]).text
    revoke = re.findall(r'action="([^"]+/revoke)"', round_page)[0]
    assert coordinator.post(revoke, data={"csrf_token": csrf_token(round_page)}).status_code == 302
    assert client.get(link).status_code == 404
    assert client.get(path).status_code == 404
    assert post_answer(client, path, open_page, "l1", revision="1").status_code == 404
    assert list(stored_answers(app).values()) == ["l3"]


def test_a_link_opened_straight_at_a_question_saves_its_first_answer(
    app: Flask, links: dict[str, str]
) -> None:
    # Ben never saw the start page or the task list: the question page starts his response.
    question = first_question(app.test_client(), links["ana@example.org"])
    path = question.replace(links["ana@example.org"], links["ben@example.org"])
    client = app.test_client()
    page = client.get(path)
    assert page.status_code == 200
    assert 'value="l2" checked' not in page.text
    assert post_answer(client, path, page.text, "l2").status_code == 302
    with app.app_context():
        responses = db.session.execute(db.select(Response)).scalars().all()
    assert len(responses) == 2  # Ana's, from her task list, and Ben's
    assert list(stored_answers(app).values()) == ["l2"]
    assert 'value="l2" checked' in client.get(path).text


def test_every_save_moves_the_response_version_and_the_answer_revision_together(
    app: Flask, links: dict[str, str]
) -> None:
    client = app.test_client()
    path = first_question(client, links["ana@example.org"])
    stale = client.get(path).text
    assert post_answer(client, path, stale, "l2").status_code == 302  # first answer
    assert post_answer(client, path, client.get(path).text, "l4", "1").status_code == 302
    assert post_answer(client, path, stale, "l1").status_code == 200  # conflict: no change
    # The same answer sent twice (a double click) is saved again, not refused.
    page = client.get(path).text
    assert post_answer(client, path, page, "l5", "2").status_code == 302
    assert post_answer(client, path, page, "l5", "2").status_code == 302
    with app.app_context():
        response = db.session.execute(db.select(Response)).scalar_one()
        answers = db.session.execute(db.select(Answer)).scalars().all()
    assert [(a.code, a.revision) for a in answers] == [("l5", 4)]
    assert response.version == 1 + sum(a.revision for a in answers)


def test_a_closed_rounds_link_shows_nothing_but_that_it_closed(
    app: Flask, links: dict[str, str]
) -> None:
    link = links["ana@example.org"]
    client = app.test_client()
    path = first_question(client, link)
    page = client.get(path).text
    assert post_answer(client, path, page, "l3", comment="a private remark").status_code == 302
    coordinator = journeys.coordinator(app)
    round_page = coordinator.get(links["round_path"]).text
    version = re.search(
        r'name="version" type="hidden" value="(\d+)"', round_page.split("/close")[1]
    ).group(1)
    coordinator.post(
        links["round_path"] + "close",
        data={"csrf_token": csrf_token(round_page), "version": version},
    )
    stranger = app.test_client()  # whoever holds the link now: a forwarded e-mail, say
    for page_path in ("", "tasks", "answers", "saved", "confirmation", "submit"):
        response = stranger.get(link + page_path)
        assert response.status_code == 409, page_path
        assert "This assessment closed" in response.text
        assert "a private remark" not in response.text
        assert "See your answers" not in response.text
