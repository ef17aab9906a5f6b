"""Every route that hands data out leaves a trace in the audit log: generated from the routes.

A route "hands data out" when it answers a successful request with something other than
a web page: a CSV, XLSX or JSON export, a PDF, an API answer. Each is requested here as
an administrator (pages) or with an administrator's API token (the API), and must have
added an audit event naming who took it. A new export without its audit fails here.
"""

from __future__ import annotations

import pytest
from flask import Flask, url_for
from werkzeug.routing import Rule

from assessment.accounts import services as accounts
from assessment.accounts import token_auth
from assessment.accounts.access import PUBLIC, access_rule
from assessment.core.audit_events import AuditEvent
from assessment.core.extensions import db
from tests.fixtures.transactions import QUESTION_PAGE_READ
from tests.functional.test_access_matrix import ADMIN, EMAILS, client_for, url_of, world

PAGE = "text/html"


def _events(app: Flask) -> int:
    with app.app_context():
        return int(db.session.execute(db.select(db.func.count(AuditEvent.id))).scalar_one())


def _api_secret(app: Flask) -> str:
    with app.app_context():
        admin = accounts.find_user(EMAILS[ADMIN])
        assert admin is not None
        _token, secret = token_auth.create(admin, "audit test", days=1, actor_id=admin.id)
        db.session.commit()
        return secret


def _every_format(app: Flask, rule: Rule, values: dict[str, object]) -> list[str]:
    """The rule's URL once per value of a choice argument such as ``<any(csv, xlsx):fmt>``."""
    choices = {
        name: sorted(items)
        for name in rule.arguments
        if (items := getattr(rule._converters[name], "items", None))
    }
    if not choices:
        return [url_of(app, rule, values)]
    urls = []
    for name, options in choices.items():
        for option in options:
            arguments = {
                argument: option if argument == name else values.get(argument)
                for argument in rule.arguments
            }
            with app.test_request_context():
                urls.append(url_for(rule.endpoint, **arguments))
    return urls


@QUESTION_PAGE_READ  # it asks the respondent routes for an unknown link too
def test_every_route_that_hands_data_out_is_audited(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    values = {"item_id": "q1", "anything": "x", "token": "a-link-nobody-was-given", **world(app)}
    client, _csrf = client_for(app, ADMIN)
    headers = {"Authorization": f"Bearer {_api_secret(app)}"}
    taken, silent = [], []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        public = rule.endpoint == "static" or access_rule(view) == PUBLIC
        if "GET" not in (rule.methods or set()) or public:
            continue
        for url in _every_format(app, rule, values):
            before = _events(app)
            response = client.get(url, headers=headers)
            response.close()
            if response.status_code != 200 or response.mimetype == PAGE:
                continue
            taken.append(url)
            if _events(app) == before:
                silent.append(f"{url} ({response.mimetype})")
    assert len(taken) >= 5, f"expected several data routes, found {taken}"
    assert silent == [], "\n".join(silent)
