"""No browser or proxy may keep a copy of a page that is not public.

The outbox (live links), results, the round page (e-mail addresses), the audit log, the
national page and the privacy export all hold personal or live data. Generated from the
route table: every GET route that is not public answers ``Cache-Control: no-store``.
"""

from __future__ import annotations

from flask import Flask

from assessment.accounts.access import PUBLIC, access_rule
from tests.fixtures.transactions import QUESTION_PAGE_READ
from tests.functional.test_access_matrix import ADMIN, client_for, url_of, world


@QUESTION_PAGE_READ  # the respondent routes are asked for too
def test_every_private_page_says_no_store(app: Flask) -> None:
    # Personal-link and token routes answer 404 to a made-up token, with the same header.
    values = {"token": "a-link-nobody-was-given", "item_id": "q1", "anything": "x", **world(app)}
    client, _token = client_for(app, ADMIN)
    checked, cached = [], []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if "GET" not in (rule.methods or set()) or access_rule(view) in (PUBLIC, None):
            continue
        url = url_of(app, rule, values)
        response = client.get(url)
        checked.append(url)
        if response.headers.get("Cache-Control") != "no-store":
            cached.append(f"{url}: {response.status_code} {response.headers.get('Cache-Control')}")
    assert len(checked) >= 20
    assert cached == []


def test_public_pages_may_be_cached(app: Flask) -> None:
    assert "no-store" not in app.test_client().get("/").headers.get("Cache-Control", "")
