"""The question page reuses what is the same for every reader, and only that.

Its wording, hint, comment and timeout texts are rendered once per item, language and
position ({% cache %}); answers, errors, tokens and languages must never be shared.
"""

from __future__ import annotations

import html

import pytest
from flask import Flask

from assessment.core.templating import fragment_cache
from questionnaires.model import Item
from tests.fixtures import journeys
from tests.fixtures.transactions import QUESTION_PAGE_READ
from tests.fixtures.web import csrf_token

pytestmark = QUESTION_PAGE_READ

SECTION = "leadership-mindsets"
ENGLISH = ("I do not know", "Your session will end soon", "Comment or evidence (optional)")
FRENCH = ("Je ne sais pas", "Votre session va bientôt prendre fin", "Commentaire ou élément")


@pytest.fixture()
def links(app: Flask) -> dict[str, str]:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    journeys.invite(coordinator, round_path, ["ana@example.org"], "staff")
    journeys.invite(coordinator, round_path, ["lea@example.org"], "leader")
    return journeys.links_by_email(coordinator)


def items(app: Flask, role: str) -> tuple[Item, ...]:
    return app.extensions["questionnaires"].get(SECTION).items_for_role(role)


def test_each_language_shows_only_its_own_texts(app: Flask, links: dict[str, str]) -> None:
    client = app.test_client()
    path = journeys.question_paths(client, links["ana@example.org"])[0]
    first = items(app, "staff")[0]
    for lang, own, other, prompt, other_prompt in (
        ("en", ENGLISH, FRENCH, first.prompt["en"], first.prompt["fr"]),
        ("fr", FRENCH, ENGLISH, first.prompt["fr"], first.prompt["en"]),
        ("en", ENGLISH, FRENCH, first.prompt["en"], first.prompt["fr"]),
    ):
        page = html.unescape(client.get(f"{path}?lang={lang}").text)
        assert all(text in page for text in own), lang
        assert not any(text in page for text in other), lang
        assert prompt in page and other_prompt not in page


def test_each_question_shows_its_own_wording_and_position(
    app: Flask, links: dict[str, str]
) -> None:
    client = app.test_client()
    first_path = journeys.question_paths(client, links["ana@example.org"])[0]
    staff, leader = items(app, "staff"), items(app, "leader")
    second_path = first_path.rsplit("/", 1)[0] + "/" + staff[1].id
    first_page, second_page = client.get(first_path).text, client.get(second_path).text
    assert html.escape(staff[0].prompt["en"]) in first_page
    assert html.escape(staff[1].prompt["en"]) in second_page
    assert html.escape(staff[0].prompt["en"]) not in second_page
    assert f"question 1 of {len(staff)}" in first_page
    assert f"question 2 of {len(staff)}" in second_page
    # A leader is asked more questions: the same item has another position for her.
    leader_path = first_path.replace(links["ana@example.org"], links["lea@example.org"])
    assert len(leader) != len(staff)
    leader_page = app.test_client().get(leader_path).text
    assert f"question 1 of {len(leader)}" in leader_page


def test_answers_comments_and_errors_belong_to_each_page_view(
    app: Flask, links: dict[str, str]
) -> None:
    client = app.test_client()
    path = journeys.question_paths(client, links["ana@example.org"])[0]
    page = client.get(path).text
    assert " checked" not in page
    assert "govuk-form-group--error" not in page

    refused = client.post(
        path, data={"csrf_token": csrf_token(page), "answer": "l9", "comment": "", "revision": "0"}
    )
    assert refused.status_code == 400
    assert 'aria-describedby="answer-hint answer-error"' in refused.text
    assert 'id="answer-error"' in refused.text and "govuk-form-group--error" in refused.text
    assert " checked" not in refused.text
    # What a request sends never becomes a key of the cache.
    keys = fragment_cache(app.jinja_env).fragments
    assert keys and not any("l9" in key for key in keys)

    comment = "Seen in <b>two</b> budget rounds & more"
    saved = client.post(
        path,
        data={"csrf_token": csrf_token(page), "answer": "l3", "comment": comment, "revision": "0"},
    )
    assert saved.status_code == 302
    again = client.get(path).text
    assert 'value="l3" checked' in again and again.count(" checked") == 1
    assert html.escape(comment, quote=False) in again
    assert 'id="answer-error"' not in again and "govuk-form-group--error" not in again
    assert 'aria-describedby="answer-hint"' in again
    # Another person on the same question sees none of it.
    other = (
        app.test_client()
        .get(journeys.question_paths(app.test_client(), links["lea@example.org"])[0])
        .text
    )
    assert " checked" not in other and "budget rounds" not in other


def test_the_timeout_dialog_carries_this_link_and_this_session(
    app: Flask, links: dict[str, str]
) -> None:
    pages = []
    for email in ("ana@example.org", "lea@example.org"):
        client = app.test_client()
        path = journeys.question_paths(client, links[email])[0]
        pages.append((links[email], client.get(path).text))
    for link, page in pages:
        assert f'data-keep-alive-url="{link}keep-alive"' in page
        assert f'data-csrf-token="{csrf_token(page)}"' in page
        assert 'form="answer-form" name="save_and_return"' in page
    assert csrf_token(pages[0][1]) != csrf_token(pages[1][1])
