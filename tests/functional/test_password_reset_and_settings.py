"""Forgot password, change of e-mail address, language, sessions: self-service through the pages.

E-mails arrive at a real local SMTP server (tests/fixtures/mail.py).
"""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from assessment.accounts import services as accounts
from assessment.accounts.links import AccountLink
from assessment.accounts.sessions import SignInSession
from assessment.core.extensions import db
from assessment.core.security import limiter
from assessment.core.types import utcnow
from tests.fixtures.mail import Mailbox
from tests.fixtures.web import csrf_token, post_form, sign_in

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "lantern orchard velvet compass"


def _account(app: Flask, email: str, language: str = "en") -> None:
    with app.app_context():
        user = accounts.create_user(email, PASSWORD, role="analyst")
        user.preferred_language = language
        db.session.commit()


def _ask_reset(app: Flask, email: str, address: str = "192.0.2.10") -> str:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    response = post_form(client, "/account/forgot-password", {"email": email})
    assert response.status_code == 200, response.text
    return str(response.text)


def _is_signed_in(client: FlaskClient) -> bool:
    return client.get("/account/").status_code == 200


def test_a_reset_link_changes_the_password_once_and_ends_every_session(
    app: Flask, mailbox: Mailbox
) -> None:
    _account(app, "someone@agency.example")
    laptop = app.test_client()
    sign_in(laptop, "someone@agency.example", PASSWORD)
    _ask_reset(app, "Someone@Agency.example ")
    link = mailbox.link_to("someone@agency.example", "/account/reset-password/")

    response = post_form(app.test_client(), link, {"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert response.status_code == 302 and response.location == "/account/sign-in"
    assert not _is_signed_in(laptop)
    sign_in(app.test_client(), "someone@agency.example", NEW_PASSWORD)
    assert app.test_client().get(link).status_code == 404  # used


def test_a_reset_link_expires_within_the_hour(app: Flask, mailbox: Mailbox) -> None:
    _account(app, "someone@agency.example")
    _ask_reset(app, "someone@agency.example")
    link = mailbox.link_to("someone@agency.example", "/account/reset-password/")
    with app.app_context():
        row = db.session.execute(db.select(AccountLink)).scalar_one()
        assert row.expires_at - row.created_at <= timedelta(hours=1)
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert app.test_client().get(link).status_code == 404


def test_asking_again_makes_the_earlier_reset_link_stop_working(
    app: Flask, mailbox: Mailbox
) -> None:
    _account(app, "someone@agency.example")
    _ask_reset(app, "someone@agency.example")
    first = mailbox.link_to("someone@agency.example", "/reset-password/")
    _ask_reset(app, "someone@agency.example", address="192.0.2.11")
    assert app.test_client().get(first).status_code == 404
    assert (
        app.test_client().get(mailbox.link_to("someone@agency.example", "/reset-")).status_code
        == 200
    )


def test_an_unknown_address_gets_the_same_answer_and_no_email(app: Flask, mailbox: Mailbox) -> None:
    _account(app, "known@agency.example")
    known = _ask_reset(app, "known@agency.example", address="192.0.2.20")
    unknown = _ask_reset(app, "nobody@agency.example", address="192.0.2.21")

    def without_variables(page: str) -> str:
        page = page.replace("known@agency.example", "ADDRESS")
        page = page.replace("nobody@agency.example", "ADDRESS")
        return re.sub(r'(nonce|value)="[^"]+"', "", page)

    assert without_variables(known) == without_variables(unknown)
    mailbox.deliver()
    assert [m["To"] for m in mailbox.messages] == ["known@agency.example"]


def test_resets_are_limited_per_address_and_per_client(app: Flask, mailbox: Mailbox) -> None:
    saved = (app.config["PASSWORD_RESET_ADDRESS_LIMIT"], app.config["PASSWORD_RESET_CLIENT_LIMIT"])
    app.config["PASSWORD_RESET_ADDRESS_LIMIT"] = "2 per hour"
    app.config["PASSWORD_RESET_CLIENT_LIMIT"] = "3 per hour"
    limiter.reset()
    try:
        # One address, asked about from many clients.
        for address in ("198.51.100.1", "198.51.100.2"):
            _ask_reset(app, "target@agency.example", address=address)
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = "198.51.100.3"
        refused = post_form(client, "/account/forgot-password", {"email": "target@agency.example"})
        assert refused.status_code == 429
        # One client, asking about many addresses.
        for number in range(3):
            _ask_reset(app, f"other{number}@agency.example", address="198.51.100.9")
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = "198.51.100.9"
        refused = post_form(client, "/account/forgot-password", {"email": "fresh@agency.example"})
        assert refused.status_code == 429
    finally:
        app.config["PASSWORD_RESET_ADDRESS_LIMIT"], app.config["PASSWORD_RESET_CLIENT_LIMIT"] = (
            saved
        )
        limiter.reset()


def test_the_email_address_changes_only_once_the_new_one_is_confirmed(
    app: Flask, mailbox: Mailbox
) -> None:
    _account(app, "old@agency.example", language="fr")
    client = app.test_client()
    sign_in(client, "old@agency.example", PASSWORD)
    response = post_form(
        client, "/account/email", {"new_email": "new@agency.example", "password": PASSWORD}
    )
    assert response.status_code == 302, response.text
    # Both addresses hear of it, in the account's language.
    assert mailbox.last_to("old@agency.example")["Subject"].startswith("Demande de changement")
    link = mailbox.link_to("new@agency.example", "/account/verify-email/")
    assert "old@agency.example" in client.get("/account/").text
    assert app.test_client().get(link).status_code == 200  # opening it changes nothing
    with app.app_context():
        assert accounts.find_user("old@agency.example") is not None
    page = client.get(link)
    assert client.post(link, data={"csrf_token": csrf_token(page.text)}).status_code == 302
    assert "new@agency.example" in client.get("/account/").text
    sign_in(app.test_client(), "new@agency.example", PASSWORD)


def test_a_wrong_password_changes_no_email_address(app: Flask, mailbox: Mailbox) -> None:
    _account(app, "old@agency.example")
    client = app.test_client()
    sign_in(client, "old@agency.example", PASSWORD)
    response = post_form(
        client, "/account/email", {"new_email": "new@agency.example", "password": "wrong one"}
    )
    assert response.status_code == 400
    assert mailbox.messages == []


def test_the_language_preference_is_used_for_emails(app: Flask, mailbox: Mailbox) -> None:
    _account(app, "someone@agency.example")
    client = app.test_client()
    sign_in(client, "someone@agency.example", PASSWORD)
    token = csrf_token(client.get("/account/").text)
    changed = client.post("/account/language", data={"csrf_token": token, "language": "fr"})
    assert changed.status_code == 302
    _ask_reset(app, "someone@agency.example")
    assert (
        mailbox.last_to("someone@agency.example")["Subject"] == "Réinitialiser votre mot de passe"
    )


def test_one_session_is_ended_from_another_and_only_ones_own(app: Flask, mailbox: Mailbox) -> None:
    _account(app, "someone@agency.example")
    _account(app, "other@agency.example")
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, "someone@agency.example", PASSWORD)
    sign_in(phone, "someone@agency.example", PASSWORD)
    stranger = app.test_client()
    sign_in(stranger, "other@agency.example", PASSWORD)
    with app.app_context():
        user = accounts.find_user("someone@agency.example")
        rows = db.session.execute(
            db.select(SignInSession).filter_by(user_id=user.id).order_by(SignInSession.id)
        ).scalars()
        laptop_id, phone_id = [row.id for row in rows]
    page = laptop.get("/account/").text
    assert "End this session" in page and "This session" in page

    token = csrf_token(stranger.get("/account/").text)
    assert stranger.post(f"/account/sessions/{phone_id}/end",
                         data={"csrf_token": token}).status_code == 404  # fmt: skip
    assert _is_signed_in(phone)

    token = csrf_token(page)
    assert laptop.post(f"/account/sessions/{phone_id}/end",
                       data={"csrf_token": token}).status_code == 302  # fmt: skip
    assert not _is_signed_in(phone)
    assert _is_signed_in(laptop)
    assert laptop_id != phone_id
