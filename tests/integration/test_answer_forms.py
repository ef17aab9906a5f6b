"""Answer forms are built once per item and language, and still validate every request."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.ctx import RequestContext
from flask_wtf.csrf import generate_csrf
from werkzeug.datastructures import MultiDict

from assessment.core.forms import wtforms_messages
from assessment.survey.answer_display import ShownAnswer
from assessment.survey.answer_forms import answer_choices, answer_form_class
from questionnaires.model import Item

LIMIT = 1200


@pytest.fixture()
def item(app: Flask) -> Iterator[Item]:
    yield app.extensions["questionnaires"].get("leadership-mindsets").items[0]


def posted(app: Flask, lang: str, **fields: str) -> tuple[RequestContext, MultiDict]:
    """A request context for a POST of ``fields`` (with a valid CSRF token) in ``lang``."""
    context = app.test_request_context(
        f"/?lang={lang}", method="POST", headers={"Accept-Language": lang}
    )
    context.push()
    data = MultiDict({"csrf_token": generate_csrf(), **fields})
    return context, data


def test_the_same_item_language_and_limit_reuse_one_class(app: Flask, item: Item) -> None:
    with app.test_request_context("/?lang=en"):
        first = answer_form_class(item, "en", LIMIT)
        assert answer_form_class(item, "en", LIMIT) is first
        assert answer_form_class(item, "fr", LIMIT) is not first
        assert answer_form_class(item, "en", 10) is not first


def test_a_class_never_carries_another_languages_text(app: Flask, item: Item) -> None:
    # Each class is first built while the page is in the *other* language.
    with app.test_request_context("/?lang=en"):
        french = answer_form_class(item, "fr", LIMIT + 1)
    with app.test_request_context("/?lang=fr"):
        english = answer_form_class(item, "en", LIMIT + 1)
        french_form, english_form = french(formdata=None), english(formdata=None)
    assert french_form.answer.label.text == item.prompt["fr"]
    assert english_form.answer.label.text == item.prompt["en"]
    assert ("dont_know", "Je ne sais pas") in french_form.answer.choices
    assert ("dont_know", "I do not know") in english_form.answer.choices
    assert french_form.comment.label.text == "Commentaire ou élément probant (facultatif)"
    assert english_form.comment.label.text == "Comment or evidence (optional)"
    assert [label for _code, label in french_form.answer.choices[:-1]] == [
        option.label["fr"] for option in item.options
    ]


def test_a_reused_class_still_refuses_a_tampered_answer(app: Flask, item: Item) -> None:
    form_class = answer_form_class(item, "en", LIMIT)
    for code, valid in (("l3", True), ("l9", False), ("l2", True), ("", False)):
        context, data = posted(app, "en", answer=code, comment="", revision="0")
        try:
            form = form_class(formdata=data)
            assert form.validate() is valid, code
            if not valid:
                assert set(form.errors) == {"answer"}
        finally:
            context.pop()
    context, data = posted(app, "en", answer="l9", comment="", revision="0")
    try:
        form = form_class(formdata=data)
        assert not form.validate()
        assert form.errors["answer"] == ["Select one of the answers shown"]
    finally:
        context.pop()


def test_a_reused_class_refuses_a_missing_csrf_token_and_a_long_comment(
    app: Flask, item: Item
) -> None:
    form_class = answer_form_class(item, "en", 20)
    context, data = posted(app, "en", answer="l3", comment="x" * 21, revision="0")
    try:
        data.pop("csrf_token")
        form = form_class(formdata=data)
        assert not form.validate()
        assert set(form.errors) == {"csrf_token", "comment"}
        assert form.errors["comment"] == ["Comment must be 20 characters or fewer"]
    finally:
        context.pop()


def test_wtforms_own_messages_follow_the_page_language(app: Flask, item: Item) -> None:
    for lang, message in (("fr", "N'est pas un entier valide."), ("en", "Not a valid integer")):
        context, data = posted(app, lang, answer="l3", comment="", revision="abc")
        try:
            form = answer_form_class(item, lang, LIMIT)(formdata=data)
            assert not form.validate()
            assert form.errors["revision"][0].startswith(message)
        finally:
            context.pop()
    assert wtforms_messages("fr") is wtforms_messages("fr")  # read from disk once


def test_a_page_not_yet_sent_shows_the_saved_answer_without_a_form(item: Item) -> None:
    offered = {code for code, _label in item_choices(item)}
    shown = ShownAnswer.unsent(offered, "l3", "Seen twice", 2, "check")
    assert (shown.checked, shown.comment, shown.revision, shown.return_to) == (
        "l3",
        "Seen twice",
        "2",
        "check",
    )
    assert shown.errors == () and not shown.has_errors
    # A code the item no longer offers (another version) checks nothing.
    assert ShownAnswer.unsent(offered, "l9", "", 1, "").checked is None


def test_a_sent_form_shows_its_errors_in_field_order_without_the_session_one(
    app: Flask, item: Item
) -> None:
    context, data = posted(app, "en", answer="l9", comment="x" * 21, revision="abc")
    try:
        data.pop("csrf_token")
        form = answer_form_class(item, "en", 20)(formdata=data)
        assert not form.validate()
        shown = ShownAnswer.sent(form)
    finally:
        context.pop()
    fields_in_error = list(dict.fromkeys(name for name, _message in shown.errors))
    assert fields_in_error == ["revision", "answer", "comment"]
    assert shown.has_errors and shown.checked is None and shown.revision == "abc"
    assert shown.first_error("answer") == "Select one of the answers shown"
    assert shown.first_error("return_to") is None


def test_choices_are_built_once_per_item_and_language(app: Flask, item: Item) -> None:
    with app.test_request_context("/?lang=en"):
        french = answer_choices(item, "fr")
        assert answer_choices(item, "fr") is french
        english = answer_choices(item, "en")
    assert french[-1] == ("dont_know", "Je ne sais pas")
    assert english[-1] == ("dont_know", "I do not know")
    assert [code for code, _label in french] == [code for code, _label in english]


def item_choices(item: Item) -> tuple[tuple[str, str], ...]:
    return tuple((o.code, o.label["en"]) for o in item.options)
