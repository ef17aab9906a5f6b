"""Guard rails over the route table: every route declares who may use it."""

from __future__ import annotations

from flask import Flask

from assessment.accounts.access import INVITATION_TOKEN, PUBLIC, endpoint_rule
from tests.fixtures.transactions import QUESTION_PAGE_READ

# The only routes anyone may reach without signing in.
DECLARED_PUBLIC = {"static", "main.home", "main.health", "auth.sign_in", "api.openapi"}


def example_url(app: Flask, rule: object) -> str:
    """Build a URL for ``rule`` with harmless values for its parameters."""
    values = {}
    for name in rule.arguments:  # type: ignore[attr-defined]
        converter = rule._converters[name]  # type: ignore[attr-defined]
        kind = converter.__class__.__name__
        if kind == "IntegerConverter":
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
        by_token = endpoint_rule_of(app, rule.endpoint) == INVITATION_TOKEN
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            signed_out = response.status_code == 302 and response.location.startswith(
                "/account/sign-in"
            )
            # A route reached by invitation link answers 404 to an unknown token.
            refused = response.status_code == 404 if by_token else signed_out
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


def test_a_route_without_a_declaration_is_refused(app: Flask) -> None:
    probe = Flask(__name__)
    from assessment.accounts import access

    access.init_app(probe)

    @probe.get("/forgotten")
    def forgotten() -> str:
        return "should not be served"

    with probe.test_client() as client:
        assert client.get("/forgotten").status_code == 403
