"""Guard rails over the route table: every route declares who may use it."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from assessment.accounts.access import (
    ACCOUNT_LINK,
    INVITATION_TOKEN,
    PUBLIC,
    SIGN_IN_STEP,
    endpoint_rule,
)
from tests.fixtures.transactions import QUESTION_PAGE_READ

# The only routes anyone may reach without signing in.
DECLARED_PUBLIC = {
    "static",
    "main.home",
    "main.health",
    "auth.sign_in",
    "onboarding.forgot_password",
    "api.openapi",
}


def example_url(app: Flask, rule: object) -> str:
    """Build a URL for ``rule`` with harmless values for its parameters."""
    values = {}
    for name in rule.arguments:  # type: ignore[attr-defined]
        converter = rule._converters[name]  # type: ignore[attr-defined]
        kind = converter.__class__.__name__
        if isinstance(converter, IntegerConverter):  # core/urls.py bounds it
            values[name] = 1
        elif kind == "AnyConverter":
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = "x"
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)  # type: ignore[attr-defined]


def test_every_route_declares_an_access_rule(app: Flask) -> None:
    with app.test_request_context():
        undeclared = [
            r.endpoint for r in app.url_map.iter_rules() if endpoint_rule(r.endpoint) is None
        ]
    assert undeclared == []


def test_the_public_routes_are_exactly_the_declared_ones(app: Flask) -> None:
    with app.test_request_context():
        public = {
            r.endpoint for r in app.url_map.iter_rules() if endpoint_rule(r.endpoint) == PUBLIC
        }
    assert public == DECLARED_PUBLIC


@QUESTION_PAGE_READ  # unknown links are looked up too
def test_no_other_route_is_reachable_without_signing_in(app: Flask) -> None:
    client = app.test_client()
    reached = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in DECLARED_PUBLIC:
            continue
        url = example_url(app, rule)
        by_token = endpoint_rule_of(app, rule.endpoint) in (INVITATION_TOKEN, ACCOUNT_LINK)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            signed_out = response.status_code == 302 and response.location.startswith(
                "/account/sign-in"
            )
            # A route reached by invitation or account link answers 404 to an unknown
            # token (a POST without its form's CSRF token: 400); a sign-in step without
            # a password given first sends to sign in.
            refused = response.status_code in (404, 400) if by_token else signed_out
            if not (refused or response.status_code == 401):
                reached.append(f"{method} {url} -> {response.status_code}")
    assert reached == []


def endpoint_rule_of(app: Flask, endpoint: str) -> str | None:
    with app.test_request_context():
        return endpoint_rule(endpoint)


def test_only_respondent_pages_are_reached_by_invitation_link(app: Flask) -> None:
    by_token = [
        r.rule
        for r in app.url_map.iter_rules()
        if endpoint_rule_of(app, r.endpoint) == INVITATION_TOKEN
    ]
    assert by_token
    assert all(rule.startswith("/respond/<string:token>/") for rule in by_token)


def test_account_links_and_sign_in_steps_are_account_pages(app: Flask) -> None:
    # Both are reached without a sign-in session: they must stay few and under /account/.
    special = {
        r.rule
        for r in app.url_map.iter_rules()
        if endpoint_rule_of(app, r.endpoint) in (ACCOUNT_LINK, SIGN_IN_STEP)
    }
    assert special == {
        "/account/invitation/<string:token>",
        "/account/reset-password/<string:token>",
        "/account/verify-email/<string:token>",
        "/account/two-step/set-up",
        "/account/two-step/code",
    }


def test_a_route_without_a_declaration_is_refused(app: Flask) -> None:
    probe = Flask(__name__)
    from assessment.accounts import access

    access.init_app(probe)

    @probe.get("/forgotten")
    def forgotten() -> str:
        return "should not be served"

    with probe.test_client() as client:
        assert client.get("/forgotten").status_code == 403
