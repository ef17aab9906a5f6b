"""Two-step verification (TOTP) through the real pages, with pyotp computing the codes.

The shared fixture switches the requirement off; the ``required`` fixture puts the
platform's default back (admin, analyst, national coordinator) for each test here.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.accounts import services as accounts
from assessment.accounts import two_factor
from assessment.core.audit_events import AuditEvent
from assessment.core.config import DEFAULTS
from assessment.core.extensions import db
from assessment.core.sealing import SealError, seal, unseal
from tests.fixtures.web import csrf_token, post_form

PASSWORD = "correct horse battery staple"
NATIONAL = "nc@gov.example"
COORDINATOR = "coord@agency.example"
ADMIN = "admin@opsi.example"


@pytest.fixture()
def required(app: Flask) -> Iterator[None]:
    saved = app.config["MFA_REQUIRED_ROLES"]
    app.config["MFA_REQUIRED_ROLES"] = DEFAULTS["MFA_REQUIRED_ROLES"]
    yield
    app.config["MFA_REQUIRED_ROLES"] = saved


def _account(app: Flask, email: str, role: str, **scope: str) -> None:
    with app.app_context():
        if role == "organisation_coordinator":
            from assessment.accounts import agencies

            organisation = agencies.create(
                agencies.AgencyDraft("Agency", "CA", "national", "health", "50-249"), actor=None
            )
            accounts.create_user(email, PASSWORD, role=role, organisation=organisation)
        else:
            accounts.create_user(email, PASSWORD, role=role, **scope)  # type: ignore[arg-type]
        db.session.commit()


def _password(client: FlaskClient, email: str) -> str:
    response = post_form(client, "/account/sign-in", {"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.text
    return str(response.location)


def _enrol(client: FlaskClient) -> tuple[str, list[str]]:
    page = client.get("/account/two-step/set-up")
    assert page.status_code == 200
    secret = re.search(r'id="secret">([A-Z2-7 ]+)<', page.text).group(1).replace(" ", "")
    assert "<svg" in page.text  # the QR code, inline
    response = client.post(
        "/account/two-step/set-up",
        data={"csrf_token": csrf_token(page.text), "code": pyotp.TOTP(secret).now()},
    )
    assert response.status_code == 200, response.text
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.text)
    assert len(codes) == two_factor.RECOVERY_CODES
    return secret, codes


def _enrolled_national(app: Flask) -> tuple[FlaskClient, str, list[str]]:
    """A national coordinator signed in on a client that has just enrolled: the client,
    the app's secret and the recovery codes."""
    _account(app, NATIONAL, "national_coordinator", country="CA")
    client = app.test_client()
    _password(client, NATIONAL)
    secret, codes = _enrol(client)
    return client, secret, codes


def _code(client: FlaskClient, code: str) -> int:
    page = client.get("/account/two-step/code")
    return client.post(
        "/account/two-step/code", data={"csrf_token": csrf_token(page.text), "code": code}
    ).status_code


def _step_code(secret: str, steps_ahead: int) -> str:
    return pyotp.TOTP(secret).at(time.time() + steps_ahead * 30)


def test_a_national_coordinator_enrols_before_anything_else(app: Flask, required: None) -> None:
    _account(app, NATIONAL, "national_coordinator", country="CA")
    client = app.test_client()
    assert _password(client, NATIONAL) == "/account/two-step/set-up"
    # Nothing else is reachable: the password alone signed nobody in.
    blocked = client.get("/dashboard")
    assert blocked.status_code == 302 and blocked.location.startswith("/account/sign-in")
    _enrol(client)
    assert client.get("/dashboard").status_code == 200
    with app.app_context():
        actions = [e.action for e in db.session.execute(db.select(AuditEvent)).scalars()]
    assert "mfa.enrolled" in actions


def test_a_code_is_refused_when_replayed_within_its_window(app: Flask, required: None) -> None:
    _first, secret, _codes = _enrolled_national(app)

    # The next step's code is accepted early (clock drift of one step)...
    ahead = _step_code(secret, 1)
    second = app.test_client()
    assert _password(second, NATIONAL) == "/account/two-step/code"
    assert _code(second, ahead) == 302
    assert second.get("/dashboard").status_code == 200

    # ...and neither it nor an older code works again, on another device either.
    third = app.test_client()
    _password(third, NATIONAL)
    assert _code(third, ahead) == 400
    assert _code(third, pyotp.TOTP(secret).now()) == 400
    assert third.get("/dashboard").status_code == 302


def test_a_recovery_code_works_once(app: Flask, required: None) -> None:
    _client, _secret, codes = _enrolled_national(app)

    lost_phone = app.test_client()
    _password(lost_phone, NATIONAL)
    assert _code(lost_phone, codes[0]) == 302
    assert lost_phone.get("/dashboard").status_code == 200

    again = app.test_client()
    _password(again, NATIONAL)
    assert _code(again, codes[0]) == 400
    assert _code(again, codes[1].upper().replace("-", " ")) == 302  # as people type it


def test_wrong_codes_pause_the_account_even_with_the_right_password(
    app: Flask, required: None
) -> None:
    _client, secret, _codes = _enrolled_national(app)
    guesser = app.test_client()
    for attempt in range(accounts.PAUSE_AFTER_FAILURES):
        if attempt % 3 == 0:  # typing the password again buys no new guesses
            _password(guesser, NATIONAL)
        assert _code(guesser, f"{attempt:06d}") == 400
    assert _code(guesser, _step_code(secret, 1)) == 400  # paused: even the right code


def test_an_admin_reset_ends_the_sessions_and_the_person_enrols_again(
    app: Flask, required: None
) -> None:
    _account(app, NATIONAL, "national_coordinator", country="CA")
    _account(app, ADMIN, "admin")
    person = app.test_client()
    _password(person, NATIONAL)
    _enrol(person)
    admin = app.test_client()
    _password(admin, ADMIN)
    _enrol(admin)
    with app.app_context():
        user_id = accounts.find_user(NATIONAL).id
    token = csrf_token(admin.get("/admin/people").text)
    assert admin.post(f"/admin/people/{user_id}/reset-two-step",
                      data={"csrf_token": token}).status_code == 302  # fmt: skip
    assert person.get("/dashboard").status_code == 302
    again = app.test_client()
    assert _password(again, NATIONAL) == "/account/two-step/set-up"
    with app.app_context():
        reset = db.session.execute(
            db.select(AuditEvent).filter_by(action="mfa.reset_by_admin")
        ).scalar_one()
        assert reset.subject == NATIONAL and reset.actor_id is not None


def test_two_step_is_offered_to_a_coordinator_and_then_asked_for(
    app: Flask, required: None
) -> None:
    _account(app, COORDINATOR, "organisation_coordinator")
    client = app.test_client()
    assert _password(client, COORDINATOR) != "/account/two-step/code"  # not required
    assert "Set up two-step verification" in client.get("/account/").text
    secret, _codes = _enrol(client)
    later = app.test_client()
    assert _password(later, COORDINATOR) == "/account/two-step/code"
    assert _code(later, _step_code(secret, 1)) == 302


def test_a_session_given_a_role_that_requires_two_step_must_enrol(
    app: Flask, required: None
) -> None:
    _account(app, COORDINATOR, "organisation_coordinator")
    client = app.test_client()
    _password(client, COORDINATOR)
    assert client.get("/account/").status_code == 200
    with app.app_context():
        accounts.grant_role(accounts.find_user(COORDINATOR), "national_coordinator", country="CA")
        db.session.commit()
    moved = client.get("/account/")
    assert moved.status_code == 302 and moved.location == "/account/two-step/set-up"


def test_a_copy_of_the_database_does_not_give_the_authenticator_codes(
    app: Flask, required: None
) -> None:
    _client, secret, _codes = _enrolled_national(app)
    with app.app_context():
        rows = db.session.execute(db.text("SELECT * FROM totp_credentials")).all()
    # An attacker holding the rows (a dump, a backup) but not SECRET_KEY: the secret
    # the app was given is in no column, so no code can be computed from them.
    assert len(rows) == 1
    stored = [str(value) for value in rows[0]]
    assert not any(secret in value for value in stored), stored
    with pytest.raises(SealError):
        unseal(rows[0].sealed_secret, "another installation's key")


def test_an_authenticator_sealed_under_another_key_gives_way_to_a_recovery_code(
    app: Flask, required: None
) -> None:
    # As after SECRET_KEY was changed: the stored secret cannot be opened any more.
    _client, secret, codes = _enrolled_national(app)
    with app.app_context():
        found = db.session.execute(db.select(two_factor.TotpCredential)).scalar_one()
        found.sealed_secret = seal(secret, "the key before")
        db.session.commit()

    later = app.test_client()
    assert _password(later, NATIONAL) == "/account/two-step/code"
    assert _code(later, _step_code(secret, 1)) == 400  # the right code, unreadable secret
    assert _code(later, codes[0]) == 302
    assert later.get("/dashboard").status_code == 200
