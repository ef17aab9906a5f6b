"""API tokens from creation to revocation, and what each token may read."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from flask import Flask

from assessment.accounts import services as accounts
from assessment.accounts.api_tokens import ApiToken
from assessment.accounts.models import User
from assessment.core.audit_events import AuditEvent
from assessment.core.extensions import db
from assessment.core.types import utcnow
from tests.fixtures.benchmarks import (
    QUESTIONNAIRE,
    add_organisation,
    add_result,
    publish,
    seed_countries,
    signed_in_client,
    user_with_role,
)
from tests.fixtures.web import csrf_token

SECRET = re.compile(r'<code class="app-token" id="new-token"[^>]*>(imsa_[A-Za-z0-9_-]+)</code>')


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _create_on_page(client, name: str = "Statistics import", days: str = "30") -> str:  # type: ignore[no-untyped-def]
    page = client.get("/account/api-tokens/")
    response = client.post(
        "/account/api-tokens/",
        data={"csrf_token": csrf_token(page.text), "name": name, "days": days},
    )
    assert response.status_code == 200, response.text
    found = SECRET.search(response.text)
    assert found, "the new token is shown once"
    return found.group(1)


def test_a_token_is_created_shown_once_stored_hashed_used_and_revoked(app: Flask) -> None:
    with app.app_context():
        seed_countries({"FR": 6})
        publish()
        user_with_role("analyst@example.org", "analyst")
    browser = signed_in_client(app, "analyst@example.org")
    api = app.test_client()
    assert api.get("/api/v1/me").status_code == 401

    secret = _create_on_page(browser)

    assert len(secret) >= len("imsa_") + 43  # 256 random bits, URL-safe base64
    with app.app_context():
        token = db.session.execute(db.select(ApiToken)).scalar_one()
        assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert secret not in repr(vars(token))
        assert timedelta(days=29) < token.expires_at - utcnow() <= timedelta(days=30)
        token_id = token.id
        assert db.session.execute(
            db.select(AuditEvent).filter_by(action="api_token.created")
        ).scalar_one()
    listing = browser.get("/account/api-tokens/").text
    assert "Statistics import" in listing and secret not in listing
    assert "What your tokens can read" in listing
    assert "Benchmark tables of every country." in listing

    me = api.get("/api/v1/me", headers=_bearer(secret))
    assert me.status_code == 200 and me.json["email"] == "analyst@example.org"
    assert me.json["scopes"] == ["benchmarks"]
    table = api.get(f"/api/v1/benchmarks/{QUESTIONNAIRE}?group_by=country", headers=_bearer(secret))
    assert table.status_code == 200
    assert table.json["cells"][0]["group"] == {"country": "FR"}
    with app.app_context():
        assert db.session.get(ApiToken, token_id).last_used_at is not None

    page = browser.get("/account/api-tokens/")
    revoked = browser.post(
        f"/account/api-tokens/{token_id}/revoke", data={"csrf_token": csrf_token(page.text)}
    )
    assert revoked.status_code == 302
    refused = api.get("/api/v1/me", headers=_bearer(secret))
    assert refused.status_code == 401
    assert refused.mimetype == "application/problem+json"
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")


def test_expired_tokens_and_disabled_accounts_are_refused(app: Flask) -> None:
    with app.app_context():
        user_with_role("analyst@example.org", "analyst")
    secret = _create_on_page(signed_in_client(app, "analyst@example.org"))
    api = app.test_client()
    with app.app_context():
        token = db.session.execute(db.select(ApiToken)).scalar_one()
        token.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert api.get("/api/v1/me", headers=_bearer(secret)).status_code == 401
    with app.app_context():
        token = db.session.execute(db.select(ApiToken)).scalar_one()
        token.expires_at = utcnow() + timedelta(days=1)
        db.session.execute(db.update(User).values(is_enabled=False))
        db.session.commit()
    assert api.get("/api/v1/me", headers=_bearer(secret)).status_code == 401
    assert api.get("/api/v1/me", headers=_bearer(secret + "x")).status_code == 401
    assert api.get("/api/v1/me", headers={"Authorization": "Basic abc"}).status_code == 401


def test_the_token_form_explains_its_mistakes(app: Flask) -> None:
    with app.app_context():
        user_with_role("analyst@example.org", "analyst")
    browser = signed_in_client(app, "analyst@example.org")
    page = browser.get("/account/api-tokens/")
    for data, message in (({"name": "", "days": "30"}, "Enter a name for the token"),
                          ({"name": "x", "days": "400"}, "from 1 to 365")):  # fmt: skip
        response = browser.post(
            "/account/api-tokens/", data={"csrf_token": csrf_token(page.text), **data}
        )
        assert response.status_code == 400 and message in response.text
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(ApiToken.id))).scalar() == 0


def test_respondents_get_no_token_page(app: Flask) -> None:
    with app.app_context():
        agency = add_organisation("agency", "FR")
        db.session.commit()
        user_with_role("respondent@example.org", "respondent", organisation=agency)
    assert (
        signed_in_client(app, "respondent@example.org").get("/account/api-tokens/").status_code
        == 403
    )


def test_a_browser_session_alone_does_not_open_the_api(app: Flask) -> None:
    with app.app_context():
        user_with_role("analyst@example.org", "analyst")
    browser = signed_in_client(app, "analyst@example.org")
    response = browser.get("/api/v1/me")
    assert response.status_code == 401 and response.json["status"] == 401


def test_coordinators_read_only_their_own_organisations_results(app: Flask) -> None:
    with app.app_context():
        seed_countries({"FR": 12})
        own = add_organisation("own-agency", "FR")
        own_round = add_result(own, 3.3)
        other = add_organisation("other-agency", "FR")
        add_result(other, 2.2)
        publish()
        user_with_role("coordinator@example.org", "organisation_coordinator", organisation=own)
        user_with_role("analyst@example.org", "analyst")
        round_id = own_round.id
    coordinator = _bearer(_create_on_page(signed_in_client(app, "coordinator@example.org")))
    analyst = _bearer(_create_on_page(signed_in_client(app, "analyst@example.org")))
    api = app.test_client()

    own_results = api.get("/api/v1/organisations/own-agency/results", headers=coordinator)
    assert own_results.status_code == 200
    assert own_results.json["rounds"][0]["results"][0]["overall_score"] == 3.3
    peers = api.get(
        f"/api/v1/organisations/own-agency/rounds/{round_id}/peers", headers=coordinator
    )
    assert peers.status_code == 200 and "placement" in peers.json
    for path in ("/api/v1/organisations/other-agency/results",
                 "/api/v1/organisations/no-such-agency/results",
                 f"/api/v1/organisations/other-agency/rounds/{round_id}/peers"):  # fmt: skip
        assert api.get(path, headers=coordinator).status_code == 404
    assert api.get("/api/v1/organisations/own-agency/results", headers=analyst).status_code == 404
    # Benchmark tables are for analysts: a coordinator's token gets a clear 403.
    refused = api.get(f"/api/v1/benchmarks/{QUESTIONNAIRE}?group_by=sector", headers=coordinator)
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    assert "analysts and national coordinators" in refused.json["detail"]
    assert api.get("/api/v1/me", headers=coordinator).json["scopes"] == ["organisation:own-agency"]
    table = api.get(f"/api/v1/benchmarks/{QUESTIONNAIRE}?group_by=sector", headers=analyst)
    assert table.status_code == 200
    cells = table.json["cells"]
    assert cells and all(c["suppressed"] or c["n_organisations"] >= 5 for c in cells)


def test_leading_an_organisation_adds_nothing_to_a_coordinators_token(app: Flask) -> None:
    """Leaders read results on the web pages; a token of theirs (held for another
    role) reads only what that role allows, and its page says the same."""
    with app.app_context():
        seed_countries({"FR": 12})
        own = add_organisation("own-agency", "FR", name="Coordinated Agency")
        add_result(own, 3.3)
        led = add_organisation("led-agency", "FR", name="Led Agency")
        add_result(led, 2.2)
        publish()
        user_with_role("both@example.org", "organisation_coordinator", organisation=own)
        user = accounts.find_user("both@example.org")
        accounts.grant_role(user, "organisation_leader", organisation=led)
        db.session.commit()
        user_with_role("leader@example.org", "organisation_leader", organisation=led)
    browser = signed_in_client(app, "both@example.org")
    token = _bearer(_create_on_page(browser))
    listing = browser.get("/account/api-tokens/").text
    assert "The results and positions among peers of Coordinated Agency." in listing
    assert "Led Agency" not in listing
    api = app.test_client()

    assert api.get("/api/v1/me", headers=token).json["scopes"] == ["organisation:own-agency"]
    assert api.get("/api/v1/organisations/own-agency/results", headers=token).status_code == 200
    assert api.get("/api/v1/organisations/led-agency/results", headers=token).status_code == 404
    # A leader alone holds no token at all.
    leader = signed_in_client(app, "leader@example.org")
    assert leader.get("/account/api-tokens/").status_code == 403


def test_a_national_coordinators_token_reads_the_tables_of_its_own_country_only(
    app: Flask,
) -> None:
    with app.app_context():
        seed_countries({"FR": 15, "CA": 15, "PT": 15})
        publish()
        user_with_role("national.fr@example.org", "national_coordinator", country="FR")
    browser = signed_in_client(app, "national.fr@example.org")
    national = _bearer(_create_on_page(browser))
    assert (
        "Benchmark tables of France only, asked for with that country as the filter."
        in browser.get("/account/api-tokens/").text
    )
    api = app.test_client()
    base = f"/api/v1/benchmarks/{QUESTIONNAIRE}"

    own = api.get(f"{base}?group_by=government_level&country=FR", headers=national)
    assert own.status_code == 200 and own.json["method"]["filters"] == {"country": "FR"}
    for query in ("?group_by=country", "?country=CA", "", "?group_by=sector&country=PT"):
        refused = api.get(base + query, headers=national)
        assert refused.status_code == 403, query
        assert "country=FR" in refused.json["detail"]
    assert api.get("/api/v1/me", headers=national).json["scopes"] == ["benchmarks:country:FR"]


def test_wrong_methods_and_unknown_paths_are_problem_details(app: Flask) -> None:
    with app.app_context():
        user_with_role("analyst@example.org", "analyst")
    token = _bearer(_create_on_page(signed_in_client(app, "analyst@example.org")))
    api = app.test_client()
    wrong = api.delete("/api/v1/me", headers=token)
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "GET"
    assert wrong.mimetype == "application/problem+json"
    missing = api.get("/api/v1/nothing/here", headers=token)
    assert missing.status_code == 404 and missing.json["title"] == "Not found"
    bad = api.get(f"/api/v1/benchmarks/{QUESTIONNAIRE}?group_by=country&country=FR", headers=token)
    assert bad.status_code == 400 and "both a breakdown and a filter" in bad.json["detail"]
    assert api.get(f"/api/v1/benchmarks/{QUESTIONNAIRE}?lang=de", headers=token).status_code == 400


def test_operators_manage_tokens_from_the_command_line(app: Flask) -> None:
    with app.app_context():
        user_with_role("analyst@example.org", "analyst")
    runner = app.test_cli_runner()
    created = runner.invoke(
        args=[
            "benchmark",
            "api-token",
            "create",
            "analyst@example.org",
            "--name",
            "ETL",
            "--days",
            "7",
        ]
    )
    assert created.exit_code == 0, created.output
    secret = created.output.strip().splitlines()[-1]
    api = app.test_client()
    assert api.get("/api/v1/me", headers=_bearer(secret)).status_code == 200
    listed = runner.invoke(args=["benchmark", "api-token", "list", "analyst@example.org"])
    assert "ETL" in listed.output and secret not in listed.output
    token_id = listed.output.split()[0]
    revoked = runner.invoke(args=["benchmark", "api-token", "revoke", token_id])
    assert revoked.exit_code == 0, revoked.output
    assert api.get("/api/v1/me", headers=_bearer(secret)).status_code == 401
    nobody = runner.invoke(
        args=["benchmark", "api-token", "create", "no@example.org", "--name", "x"]
    )
    assert nobody.exit_code != 0
