"""Signing in and reaching one's own dashboard, and nothing else."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from assessment.accounts import services as accounts
from assessment.accounts.models import User
from assessment.core.extensions import db
from tests.fixtures.web import post_form, sign_in

PASSWORD = "innovate-demo-2026"


def seed(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "2"])
    assert result.exit_code == 0, result.output


def test_the_home_page_explains_the_product_in_english_and_french(client: FlaskClient) -> None:
    english = client.get("/")
    assert english.status_code == 200
    assert "How mature is your organisation" in english.text
    assert '<html lang="en"' in english.text
    french = client.get("/?lang=fr")
    assert '<html lang="fr"' in french.text
    assert "Quelle est la maturité de votre organisation" in french.text
    # The choice is remembered for the following pages.
    assert '<html lang="fr"' in client.get("/account/sign-in").text


def test_the_demo_coordinator_signs_in_and_lands_on_their_dashboard(
    app: Flask, client: FlaskClient
) -> None:
    seed(app)
    response = sign_in(client, "coordinator@demo.example", PASSWORD)
    page = client.get(response.location, follow_redirects=True)
    assert page.request.path == "/organisations/demo-agency/"
    assert page.status_code == 200
    assert "Demo Agency for Public Innovation" in page.text


def test_a_wrong_password_shows_an_error_and_signs_nobody_in(
    app: Flask, client: FlaskClient
) -> None:
    seed(app)
    response = post_form(
        client, "/account/sign-in", {"email": "coordinator@demo.example", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "<title>Error: Sign in" in response.text
    assert "Enter a correct email address and password" in response.text
    assert client.get("/dashboard").status_code == 302


def test_signing_in_without_a_csrf_token_is_refused(app: Flask, client: FlaskClient) -> None:
    seed(app)
    response = client.post(
        "/account/sign-in", data={"email": "coordinator@demo.example", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "Your form has expired" in response.text


def test_next_redirects_only_to_our_own_paths(app: Flask, client: FlaskClient) -> None:
    seed(app)
    for hostile in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = post_form(
            client, f"/account/sign-in?next={hostile}",
            {"email": "coordinator@demo.example", "password": PASSWORD},
        )  # fmt: skip
        assert response.location == "/dashboard"
        client.post("/account/sign-out", data={"csrf_token": _token(client)})
    response = post_form(
        client, "/account/sign-in?next=/account/",
        {"email": "coordinator@demo.example", "password": PASSWORD},
    )  # fmt: skip
    assert response.location == "/account/"


def _token(client: FlaskClient) -> str:
    from tests.fixtures.web import csrf_token

    return csrf_token(client.get("/account/").text)


def test_a_coordinator_cannot_see_another_organisations_dashboard(
    app: Flask, client: FlaskClient
) -> None:
    seed(app)
    sign_in(client, "coordinator@demo.example", PASSWORD)
    assert client.get("/organisations/demo-agency/").status_code == 200
    assert client.get("/organisations/demo-ca-00001/").status_code == 404
    assert client.get("/organisations/no-such-slug/").status_code == 404


def test_an_analyst_is_refused_the_coordinator_dashboard(app: Flask, client: FlaskClient) -> None:
    seed(app)
    sign_in(client, "analyst@demo.example", PASSWORD)
    assert client.get("/organisations/demo-agency/").status_code == 403


def test_ending_an_accounts_sessions_signs_out_its_existing_cookies(
    app: Flask, client: FlaskClient
) -> None:
    seed(app)
    sign_in(client, "coordinator@demo.example", PASSWORD)
    assert client.get("/dashboard").status_code == 302
    with app.app_context():
        user = db.session.execute(
            db.select(User).filter_by(email="coordinator@demo.example")
        ).scalar_one()
        accounts.end_sessions(user, actor_id=None)
        db.session.commit()
    response = client.get("/organisations/demo-agency/")
    assert response.status_code == 302
    assert response.location.startswith("/account/sign-in")
