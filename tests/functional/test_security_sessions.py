"""Sessions end when they should, and guessing is slowed down."""

from __future__ import annotations

import time

from flask import Flask

from assessment.core.security import limiter
from tests.fixtures import journeys
from tests.fixtures.web import csrf_token, post_form


def test_sign_out_everywhere_ends_every_session_of_the_account(app: Flask) -> None:
    journeys.seed_demo(app)
    laptop = journeys.coordinator(app)
    phone = journeys.coordinator(app)
    page = laptop.get("/account/").text
    assert (
        laptop.post(
            "/account/sign-out-everywhere", data={"csrf_token": csrf_token(page)}
        ).status_code
        == 302
    )
    for client in (laptop, phone):
        response = client.get("/organisations/demo-agency/")
        assert response.status_code == 302
        assert response.location.startswith("/account/sign-in")


def test_an_idle_session_lapses_on_the_server(app: Flask) -> None:
    journeys.seed_demo(app)
    client = journeys.coordinator(app)
    with client.session_transaction() as session:
        session["last_seen"] = int(time.time()) - 31 * 60
    response = client.get("/organisations/demo-agency/")
    assert response.status_code == 302
    assert response.location.startswith("/account/sign-in")


def test_an_idle_session_never_ends_before_its_limit_and_at_most_half_a_minute_after(
    app: Flask,
) -> None:
    journeys.seed_demo(app)
    limit = app.config["SESSION_IDLE_MINUTES"] * 60
    for idle_seconds, still_signed_in in (
        (limit - 5, True),
        (limit + 20, True),
        (limit + 35, False),
    ):
        client = journeys.coordinator(app)
        with client.session_transaction() as session:
            session["last_seen"] = int(time.time()) - idle_seconds
        response = client.get("/organisations/demo-agency/")
        assert (response.status_code == 200) is still_signed_in, idle_seconds


def test_an_unchanged_session_cookie_is_not_sent_again(app: Flask) -> None:
    journeys.seed_demo(app)
    client = journeys.coordinator(app)
    client.get("/organisations/demo-agency/")
    for _page in range(3):
        response = client.get("/organisations/demo-agency/")
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
    # Half a minute later the time of last activity is written again, with a fresh expiry.
    with client.session_transaction() as session:
        session["last_seen"] = int(time.time()) - 31
    response = client.get("/organisations/demo-agency/")
    assert "session=" in response.headers["Set-Cookie"]
    assert "Expires=" in response.headers["Set-Cookie"]
    with client.session_transaction() as session:
        assert int(time.time()) - session["last_seen"] < 5


def test_a_session_ends_after_its_absolute_lifetime_even_if_active(app: Flask) -> None:
    journeys.seed_demo(app)
    client = journeys.coordinator(app)
    with client.session_transaction() as session:
        session["signed_in_at"] = int(time.time()) - 13 * 3600
    assert client.get("/organisations/demo-agency/").status_code == 302


def test_pages_carry_security_headers_and_a_nonce_for_their_one_inline_script(app: Flask) -> None:
    response = app.test_client().get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline' ;" not in policy and "script-src 'self' 'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in response.text
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_repeated_wrong_passwords_are_rate_limited(app: Flask) -> None:
    journeys.seed_demo(app)
    app.config["SIGN_IN_RATE_LIMIT"] = "10 per minute"
    limiter.reset()
    try:
        client = app.test_client()
        statuses = [
            post_form(
                client, "/account/sign-in", {"email": "coordinator@demo.example", "password": "x"}
            ).status_code
            for _attempt in range(12)
        ]
    finally:
        app.config["SIGN_IN_RATE_LIMIT"] = "10000 per minute"
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]


def test_guessing_invitation_links_is_rate_limited(app: Flask) -> None:
    app.config["LINK_RATE_LIMIT"] = "5 per minute"
    limiter.reset()
    try:
        client = app.test_client()
        statuses = [client.get(f"/respond/guess{n}/").status_code for n in range(7)]
    finally:
        app.config["LINK_RATE_LIMIT"] = "10000 per minute"
    assert statuses == [404] * 5 + [429, 429]


def test_only_unknown_links_count_and_only_for_the_address_guessing(app: Flask) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, ("leadership-mindsets",))
    journeys.invite(coordinator, round_path, ["ana@example.org"], "staff")
    link = journeys.links_by_email(coordinator)["ana@example.org"]
    app.config["LINK_RATE_LIMIT"] = "3 per minute"
    limiter.reset()
    try:
        colleague = app.test_client()
        colleague.environ_base["REMOTE_ADDR"] = "192.0.2.10"
        guesser = app.test_client()
        guesser.environ_base["REMOTE_ADDR"] = "192.0.2.66"
        # Many pages of a real link, from one office address: never limited.
        assert {colleague.get(link + "tasks").status_code for _page in range(8)} == {200}
        guesses = [guesser.get(f"/respond/guess{n}/tasks") for n in range(4)]
        assert [g.status_code for g in guesses] == [404, 404, 404, 429]
        assert 0 < int(guesses[-1].headers["Retry-After"]) <= 60
        # The guesser is refused even on a real link; the colleague still answers.
        assert guesser.get(link + "tasks").status_code == 429
        assert colleague.get(link + "tasks").status_code == 200
        assert colleague.get("/respond/guess-once/tasks").status_code == 404
    finally:
        app.config["LINK_RATE_LIMIT"] = "10000 per minute"


def test_a_respondent_who_opened_their_link_goes_on_when_their_address_is_refused(
    app: Flask,
) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, ("leadership-mindsets",))
    journeys.invite(coordinator, round_path, ["ana@example.org", "ben@example.org"], "staff")
    links = journeys.links_by_email(coordinator)
    app.config["LINK_RATE_LIMIT"] = "3 per minute"
    limiter.reset()
    try:
        office = "192.0.2.20"
        ana, ben, guesser = app.test_client(), app.test_client(), app.test_client()
        for client in (ana, ben, guesser):
            client.environ_base["REMOTE_ADDR"] = office
        assert ana.get(links["ana@example.org"] + "tasks").status_code == 200
        guesses = [guesser.get(f"/respond/guess{n}/tasks").status_code for n in range(4)]
        assert guesses == [404, 404, 404, 429]
        # Ana's session has opened her link: she goes on. Ben, who had not yet, waits,
        # and Ana's session is no pass for guessing other links.
        assert ana.get(links["ana@example.org"] + "tasks").status_code == 200
        assert ben.get(links["ben@example.org"] + "tasks").status_code == 429
        assert ana.get("/respond/guess-from-ana/tasks").status_code == 429
        assert guesser.get(links["ana@example.org"] + "tasks").status_code == 429
    finally:
        app.config["LINK_RATE_LIMIT"] = "10000 per minute"


def test_the_content_security_policy_is_complete_and_its_nonce_fresh(app: Flask) -> None:
    client = app.test_client()
    first, second = client.get("/"), client.get("/")
    nonces = [
        r.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
        for r in (first, second)
    ]
    assert nonces[0] != nonces[1]
    assert first.headers["Content-Security-Policy"] == (
        f"default-src 'self'; script-src 'self' 'nonce-{nonces[0]}'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    )
    assert first.headers["X-Frame-Options"] == "DENY"
    assert first.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Cache-Control" not in first.headers
    assert client.get("/respond/unknown/").headers["Cache-Control"] == "no-store"


def test_sessions_signed_before_a_key_rotation_stay_open(app: Flask) -> None:
    journeys.seed_demo(app)
    client = journeys.coordinator(app)
    client.get("/organisations/demo-agency/")  # the session settles after signing in
    old_key = app.config["SECRET_KEY"]
    try:
        app.config["SECRET_KEY"] = "a-new-secret-key-after-rotation"
        app.config["SECRET_KEY_FALLBACKS"] = [old_key]
        assert client.get("/organisations/demo-agency/").status_code == 200
        app.config["SECRET_KEY_FALLBACKS"] = []
        assert client.get("/organisations/demo-agency/").status_code == 302  # signed out
    finally:
        app.config["SECRET_KEY"] = old_key
        app.config["SECRET_KEY_FALLBACKS"] = []


def test_the_api_keeps_its_own_rate_limit(app: Flask) -> None:
    app.config["API_RATE_LIMIT"] = "3 per minute"
    limiter.reset()
    try:
        client = app.test_client()
        responses = [client.get("/api/v1/openapi.json") for _call in range(5)]
    finally:
        app.config["API_RATE_LIMIT"] = "120 per minute"
    assert [r.status_code for r in responses] == [200, 200, 200, 429, 429]
    assert responses[0].headers["X-RateLimit-Limit"] == "3"
    assert responses[1].headers["X-RateLimit-Remaining"] == "1"
    assert int(responses[3].headers["Retry-After"]) > 0
