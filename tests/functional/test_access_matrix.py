"""Every route requested as every kind of user: allowed where it should be, refused elsewhere.

The matrix must name every endpoint of the app, so a new route without an entry fails
here until someone decides who may use it. Ids in URLs belong to organisation A (the
demo agency in Canada); coordinator B and a French national coordinator must be refused.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient

from assessment.accounts import onboarding
from assessment.accounts import services as accounts
from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.survey.models import AssessmentRound, Invitation
from tests.fixtures.web import csrf_token, sign_in

PASSWORD = "innovate-demo-2026"
ANONYMOUS = "anonymous"
RESPONDENT = "respondent"
COORDINATOR_A = "coordinator of A"
COORDINATOR_B = "coordinator of B"
NATIONAL_A = "national coordinator of A's country"
NATIONAL_OTHER = "national coordinator of another country"
ANALYST = "analyst"
ADMIN = "admin"
ROLES = (ANONYMOUS, RESPONDENT, COORDINATOR_A, COORDINATOR_B, NATIONAL_A, NATIONAL_OTHER,
         ANALYST, ADMIN)  # fmt: skip
SIGNED_IN = set(ROLES) - {ANONYMOUS}
COORDINATING_A = {COORDINATOR_A, ADMIN}

# endpoint -> who may use it. "token" routes answer to an invitation link or an API token
# instead and have their own tests; "public" routes answer everyone.
MATRIX: dict[str, set[str] | str] = {
    "static": "public",
    "main.home": "public",
    "main.health": "public",
    "auth.sign_in": "public",
    "onboarding.forgot_password": "public",
    # Reached through a single-use link from an e-mail: tests/functional/test_onboarding.py.
    "onboarding.accept_invitation": "link",
    "onboarding.reset_password": "link",
    "onboarding.verify_email": "link",
    "api.openapi": "public",
    "auth.account": SIGNED_IN,
    "auth.sign_out": SIGNED_IN,
    "auth.sign_out_everywhere": SIGNED_IN,
    "auth.change_password": SIGNED_IN,
    # Also reached between password and code while signing in: tests/functional/test_two_step.py.
    "mfa.enrol": SIGNED_IN,
    "mfa.challenge": SIGNED_IN,
    "mfa.new_recovery_codes": SIGNED_IN,
    "mfa.turn_off": SIGNED_IN,
    "settings.change_email": SIGNED_IN,
    "settings.change_language": SIGNED_IN,
    "settings.end_session": SIGNED_IN,
    "settings.leave": SIGNED_IN,
    "people.invitation_action": COORDINATING_A,
    "people.organisation_people": COORDINATING_A,
    "people.invite_to_organisation": COORDINATING_A,
    "people.remove_from_organisation": COORDINATING_A,
    "people.country_agencies": {NATIONAL_A, ADMIN},
    "people.add_agency": {NATIONAL_A, ADMIN},
    "people.invite_coordinator": {NATIONAL_A, ADMIN},
    "people.everyone": {ADMIN},
    "people.invite_anyone": {ADMIN},
    "people.go_to_country": {ADMIN},
    "people.set_enabled": {ADMIN},
    "people.reset_two_step": {ADMIN},
    "dashboard.index": SIGNED_IN,
    "api_tokens.index": {COORDINATOR_A, COORDINATOR_B, NATIONAL_A, NATIONAL_OTHER, ANALYST, ADMIN},
    "api_tokens.create": {COORDINATOR_A, COORDINATOR_B, NATIONAL_A, NATIONAL_OTHER, ANALYST, ADMIN},
    "api_tokens.revoke": {COORDINATOR_A, COORDINATOR_B, NATIONAL_A, NATIONAL_OTHER, ANALYST, ADMIN},
    "privacy.audit_log": {ADMIN},
    "privacy.erase": {ADMIN},
    "benchmarks.explorer": {ANALYST, ADMIN},
    "benchmarks.export": {ANALYST, ADMIN},
    "benchmarks.quality": {ANALYST, ADMIN},
    "benchmarks.national": {NATIONAL_A, ADMIN},
    "benchmark_reports.explorer_report": {ANALYST, ADMIN},
    "benchmark_reports.explorer_download": {ANALYST, ADMIN},
    "benchmark_reports.national_report": {NATIONAL_A, ADMIN},
    "benchmark_reports.national_download": {NATIONAL_A, ADMIN},
    "dashboard.organisation": COORDINATING_A,
    "rounds.outbox": COORDINATING_A,
    "rounds.new_round": COORDINATING_A,
    "rounds.round_page": COORDINATING_A,
    "round_dates.close": COORDINATING_A,
    "round_dates.extend": COORDINATING_A,
    "round_dates.reminders": COORDINATING_A,
    "benchmarks.change_consent": COORDINATING_A,
    "round_invitations.preview": COORDINATING_A,
    "round_invitations.change": COORDINATING_A,
    "round_invitations.confirm": COORDINATING_A,
    "rounds.invitation_action": COORDINATING_A,
    "rounds.remind": COORDINATING_A,
    "privacy.organisation_privacy": COORDINATING_A,
    "privacy.request_deletion": COORDINATING_A,
    "privacy.organisation_export": COORDINATING_A,
    "results.round_results": COORDINATING_A,
    "results.export": COORDINATING_A,
    "results.save_targets": COORDINATING_A,
    "reports.capability_report": COORDINATING_A,
    "reports.download": COORDINATING_A,
    "reports.results_export": COORDINATING_A,
    "reports.results_export_file": COORDINATING_A,
    "annex.annex": COORDINATING_A,
    "annex.download": COORDINATING_A,
}
TOKEN_PREFIXES = ("respond.", "api.")
# Endpoints whose ids do not exist in the world below: allowed users get 404 there.
MISSING_OBJECTS = {
    "reports.download",
    "reports.results_export_file",
    "annex.download",
    "api_tokens.revoke",
    "privacy.erase",
    "settings.end_session",  # nobody's session 999999: each person's own are tested apart
    "settings.leave",
    "people.remove_from_organisation",
    "benchmark_reports.explorer_download",
    "benchmark_reports.national_download",
}


def world(app: Flask) -> dict[str, object]:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "3"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        a = db.session.execute(db.select(Organisation).filter_by(slug="demo-agency")).scalar_one()
        b = db.session.execute(
            db.select(Organisation).filter(Organisation.slug != "demo-agency").limit(1)
        ).scalar_one()
        accounts.create_user("coordinator-b@example.org", PASSWORD,
                             role="organisation_coordinator", organisation=b)  # fmt: skip
        accounts.create_user("national-fr@example.org", PASSWORD,
                             role="national_coordinator", country="FR")  # fmt: skip
        coordinator_a = accounts.find_user(EMAILS[COORDINATOR_A])
        with app.test_request_context():
            leader_invitation = onboarding.invite(
                coordinator_a, "leader@example.org", "organisation_leader", organisation=a
            )
        respondent = accounts.find_user(EMAILS[RESPONDENT])
        db.session.commit()
        round_a = (
            db.session.execute(
                db.select(AssessmentRound)
                .filter_by(organisation_id=a.id)
                .order_by(AssessmentRound.id)
            )
            .scalars()
            .first()
        )
        invitation = (
            db.session.execute(db.select(Invitation).filter_by(round_id=round_a.id))
            .scalars()
            .first()
        )
        return {
            "slug": a.slug, "round_id": round_a.id, "invitation_id": invitation.id,
            "job_id": 999999, "token_id": 999999, "organisation_id": b.id, "country": a.country,
            "link_id": leader_invitation.id, "session_id": 999999, "assignment_id": 999999,
            "user_id": respondent.id,
            "questionnaire_id": "leadership-mindsets",
            "filename": "dist/app.css",
        }  # fmt: skip


@pytest.fixture(scope="module")
def values(module_app: Flask) -> dict[str, object]:
    """The world, seeded once for the module; each test's requests are rolled back."""
    return world(module_app)


EMAILS = {
    RESPONDENT: "respondent@demo.example",
    COORDINATOR_A: "coordinator@demo.example",
    COORDINATOR_B: "coordinator-b@example.org",
    NATIONAL_A: "national@demo.example",
    NATIONAL_OTHER: "national-fr@example.org",
    ANALYST: "analyst@demo.example",
    ADMIN: "admin@demo.example",
}


def client_for(app: Flask, role: str) -> tuple[FlaskClient, str | None]:
    client = app.test_client()
    if role == ANONYMOUS:
        return client, None
    sign_in(client, EMAILS[role], PASSWORD)
    return client, csrf_token(client.get("/account/").text)


def url_of(app: Flask, rule: object, values: dict[str, object]) -> str:
    arguments = {}
    for name in rule.arguments:  # type: ignore[attr-defined]
        converter = rule._converters[name]  # type: ignore[attr-defined]
        choices = getattr(converter, "items", None)
        arguments[name] = sorted(choices)[0] if choices else values[name]
    with app.test_request_context():
        return url_for(rule.endpoint, **arguments)  # type: ignore[attr-defined]


def test_the_matrix_names_every_route(app: Flask) -> None:
    endpoints = {r.endpoint for r in app.url_map.iter_rules()}
    unnamed = sorted(e for e in endpoints if e not in MATRIX and not e.startswith(TOKEN_PREFIXES))
    assert unnamed == []


@pytest.mark.parametrize("role", ROLES)
def test_each_route_allows_exactly_its_users(
    app: Flask, values: dict[str, object], role: str
) -> None:
    client, token = client_for(app, role)
    wrong = []
    rules = sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
    # Sign-out routes last: they end the session the other requests rely on.
    rules.sort(key=lambda r: r.endpoint.startswith("auth.sign_out"))
    for rule in rules:
        expected = MATRIX.get(rule.endpoint)
        if expected is None or expected in ("public", "link"):
            continue
        url = url_of(app, rule, values)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            data = {"csrf_token": token} if token and method == "POST" else None
            response = client.open(url, method=method, data=data)
            status = response.status_code
            to_sign_in = status == 302 and response.location.startswith("/account/sign-in")
            allowed = role in expected
            if rule.endpoint.startswith("auth.sign_out"):
                ok = status == 302  # ending a session (or having none) leads to a page
            elif role == ANONYMOUS:
                ok = to_sign_in
            elif allowed:
                ok = (
                    status not in (401, 403)
                    and not to_sign_in
                    and (status != 404 or rule.endpoint in MISSING_OBJECTS)
                )
            else:
                ok = status in (403, 404)
            if not ok:
                wrong.append(f"{method} {url} as {role}: {status}")
    assert wrong == []


def test_no_page_shows_a_respondents_individual_answers_to_their_coordinator(
    app: Flask, values: dict[str, object]
) -> None:
    client, _token = client_for(app, COORDINATOR_A)
    pages = [
        f"/organisations/{values['slug']}/",
        f"/organisations/{values['slug']}/rounds/{values['round_id']}/",
        f"/organisations/{values['slug']}/rounds/{values['round_id']}/results",
        f"/organisations/{values['slug']}/rounds/{values['round_id']}/results/export.json",
        f"/organisations/{values['slug']}/privacy/export.json",
    ]
    for page in pages:
        text = client.get(page).text
        assert "response_id" not in text
        assert not re.search(r"person\d+\.\d+@demo\.example.{0,200}\bl[1-5]\b", text)
