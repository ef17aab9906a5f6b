"""Sessions, passwords and sign-in throttling, tried from outside as an attacker would.

Each test replays a finding of the security review against the real app and database:
it succeeds as an attack when the protection is switched off (for example, with the
session left alive on the server at sign-out, the copied cookie signs in again).
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from assessment.accounts import services as accounts
from assessment.accounts.models import User
from assessment.core.audit_events import AuditEvent
from assessment.core.extensions import db
from tests.fixtures.web import csrf_token, post_form, sign_in

EMAIL = "coordinator@agency.example"
PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "lantern orchard velvet compass"
PROTECTED = "/account/"


def _account(app: Flask) -> None:
    with app.app_context():
        accounts.create_user(EMAIL, PASSWORD)
        db.session.commit()


def _client_from(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _is_signed_in(client: FlaskClient) -> bool:
    response = client.get(PROTECTED)
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response.location.startswith("/account/sign-in")
    return False


def _copy_session_cookie(source: FlaskClient, target: FlaskClient) -> None:
    cookie = source.get_cookie("session")
    assert cookie is not None, "the signed-in client has no session cookie"
    target.set_cookie("session", cookie.value)


def test_a_copied_cookie_stops_working_when_its_owner_signs_out(app: Flask) -> None:
    _account(app)
    victim = app.test_client()
    sign_in(victim, EMAIL, PASSWORD)
    attacker = app.test_client()
    _copy_session_cookie(victim, attacker)
    assert _is_signed_in(attacker), "the copied cookie should work while the session lives"

    token = csrf_token(victim.get(PROTECTED).text)
    assert victim.post("/account/sign-out", data={"csrf_token": token}).status_code == 302

    assert not _is_signed_in(attacker)


def test_changing_the_password_ends_every_other_session(app: Flask) -> None:
    _account(app)
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, EMAIL, PASSWORD)
    sign_in(phone, EMAIL, PASSWORD)

    response = post_form(
        laptop,
        "/account/password",
        {"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert _is_signed_in(laptop), "the session that changed the password stays"
    assert not _is_signed_in(phone)
    sign_in(app.test_client(), EMAIL, NEW_PASSWORD)


def test_a_weak_new_password_is_refused_and_the_old_one_kept(app: Flask) -> None:
    _account(app)
    client = app.test_client()
    sign_in(client, EMAIL, PASSWORD)
    for weak, message in (
        ("a", "at least 12 characters"),
        ("password1234", "too common"),
        ("Password1234!", "too common"),
    ):
        response = post_form(
            client, "/account/password", {"current": PASSWORD, "new": weak, "confirm": weak}
        )
        assert response.status_code == 200
        assert message in response.text
    sign_in(app.test_client(), EMAIL, PASSWORD)


def test_the_command_line_refuses_a_weak_password(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["create-user", "weak@agency.example", "--role", "analyst", "--password", "a"]
    )
    assert result.exit_code != 0
    assert "at least 12 characters" in result.output
    with app.app_context():
        assert accounts.find_user("weak@agency.example") is None


def test_a_disabled_accounts_session_is_refused_on_its_next_request(app: Flask) -> None:
    _account(app)
    client = app.test_client()
    sign_in(client, EMAIL, PASSWORD)
    assert _is_signed_in(client)

    result = app.test_cli_runner().invoke(args=["disable-user", EMAIL])

    assert result.exit_code == 0, result.output
    assert not _is_signed_in(client)
    refused = post_form(
        app.test_client(), "/account/sign-in", {"email": EMAIL, "password": PASSWORD}
    )
    assert refused.status_code == 200


def test_an_administrator_can_end_another_accounts_sessions(app: Flask) -> None:
    _account(app)
    client = app.test_client()
    sign_in(client, EMAIL, PASSWORD)
    result = app.test_cli_runner().invoke(args=["end-sessions", EMAIL])
    assert result.exit_code == 0, result.output
    assert "1 session(s)" in result.output
    assert not _is_signed_in(client)


def test_guesses_spread_over_addresses_pause_the_account(app: Flask) -> None:
    _account(app)
    for attempt in range(18):
        guesser = _client_from(app, f"192.0.2.{1 + attempt % 2}")
        response = post_form(
            guesser, "/account/sign-in", {"email": EMAIL, "password": f"guess number {attempt}"}
        )
        assert response.status_code == 200

    third = _client_from(app, "198.51.100.7")
    response = post_form(third, "/account/sign-in", {"email": EMAIL, "password": PASSWORD})

    assert response.status_code == 200, "the right password must not sign in while paused"
    assert not _is_signed_in(third)

    # Once the pause is over, the owner signs in again.
    with app.app_context():
        user = accounts.find_user(EMAIL)
        assert user is not None
        user.sign_ins_paused_until = None
        db.session.commit()
    sign_in(third, EMAIL, PASSWORD)


def test_failed_sign_ins_are_in_the_audit_log(app: Flask) -> None:
    _account(app)
    post_form(app.test_client(), "/account/sign-in", {"email": EMAIL, "password": "not it at all"})
    with app.app_context():
        failures = db.session.execute(
            db.select(AuditEvent).filter_by(action="user.sign_in_failed")
        ).scalars()
        assert [event.subject for event in failures] == [EMAIL]
        user = db.session.execute(db.select(User).filter_by(email=EMAIL)).scalar_one()
        assert user.failed_sign_ins == 1
