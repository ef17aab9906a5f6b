"""The respondent layout gives exactly the markup of the main layout.

Respondent pages have their own copy of layouts/base.html, which caches the parts that
are the same for every reader; this test keeps the two in step, for visitors and
signed-in users, in both languages, with and without an answer form on the page.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from flask import Flask, render_template_string

from tests.fixtures import journeys
from tests.fixtures.transactions import QUESTION_PAGE_READ

PAGE = """
{% block title %}A question{% endblock %}
{% block before_content %}<a href="/back" class="govuk-back-link">Back</a>{% endblock %}
{% block content %}<p>Content</p>{% endblock %}
"""
MAIN = (
    '{% extends "layouts/base.html" %}'
    '{% set keep_alive_url = url_for("respond.keep_alive", token=request.view_args.token) %}'
    "{% set respondent_journey = true %}"
)
RESPONDENT = '{% extends "respond/_layout.html" %}'
SAVE_FORM = '{% set save_form_id = "answer-form" %}'
TOKEN = "A" * 43


class Markup(HTMLParser):
    """Elements, attributes and text, whitespace aside; the per-request nonce left out."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[tuple[object, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append((tag, sorted((k, v) for k, v in attrs if k != "nonce")))

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(("/" + tag,))

    def handle_data(self, data: str) -> None:
        if data.split():
            self.parts.append((" ".join(data.split()),))


def markup(html: str) -> list[tuple[object, ...]]:
    parser = Markup()
    parser.feed(html)
    return parser.parts


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
@pytest.mark.parametrize("form", [False, True], ids=["page", "answer-form"])
def test_respondent_pages_have_the_main_layouts_markup(
    app: Flask, lang: str, signed_in: bool, form: bool
) -> None:
    journeys.seed_demo(app, organisations=1)
    client = journeys.coordinator(app) if signed_in else app.test_client()
    cookies = {c.key: c.value for c in client._cookies.values()}  # the signed-in session
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    with app.test_request_context(f"/respond/{TOKEN}/saved?lang={lang}", headers=headers):
        app.preprocess_request()
        pages = [
            markup(render_template_string(layout + (SAVE_FORM if form else "") + PAGE))
            for layout in (MAIN, RESPONDENT, RESPONDENT)  # twice: rendered, then cached
        ]
    assert pages[0] == pages[1] == pages[2]
    assert ("/account/sign-out" in str(pages[0])) is signed_in
    assert ("keep-alive" in str(pages[0])) and ("timeout-dialog" in str(pages[0]))


SIGN_IN_LINK = 'href="/account/sign-in"'


@QUESTION_PAGE_READ  # the question page is among those read
def test_respondent_pages_offer_no_sign_in_and_other_pages_still_do(app: Flask) -> None:
    """People answering through their link have no account: "Sign in" would mislead them."""
    journeys.seed_demo(app, organisations=1)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, ("leadership-mindsets",))
    journeys.invite(coordinator, round_path, ["someone@x.example"], "staff")
    link = journeys.links_by_email(coordinator)["someone@x.example"]
    visitor = app.test_client()
    question = journeys.question_paths(visitor, link)[0]
    for path in (link, link + "tasks", question, link + "saved", "/respond/" + "B" * 43 + "/"):
        for lang in ("en", "fr"):
            page = visitor.get(f"{path}?lang={lang}")
            assert page.status_code in (200, 404), (path, page.status_code)
            assert 'class="app-header' in page.text, path
            assert SIGN_IN_LINK not in page.text, (path, lang)
    for lang in ("en", "fr"):
        home = app.test_client().get(f"/?lang={lang}")
        assert SIGN_IN_LINK in home.text
    # Someone signed in who opens a link still has their own account's navigation.
    assert "/account/sign-out" in coordinator.get(link).text
