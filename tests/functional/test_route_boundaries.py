"""Every route of the route table, given ids no database integer can hold: a 404, never a 500.

Generated from ``app.url_map``, so a new route is covered as soon as it exists. The
values are past PostgreSQL's ``integer`` (2^31) and past SQLite's 64-bit integers, the
two places where an unbounded id used to fail inside the query.
"""

from __future__ import annotations

from flask import Flask

from tests.functional.test_access_matrix import ADMIN, client_for, url_of, world

IMPOSSIBLE_IDS = (2**31, 99999999999, 2**64)


def test_ids_out_of_the_databases_range_are_not_found_on_every_route(app: Flask) -> None:
    values = world(app)
    client, token = client_for(app, ADMIN)
    tried, wrong = 0, []
    for rule in app.url_map.iter_rules():
        numeric = [name for name in rule.arguments if rule._converters[name].regex == r"\d+"]
        if not numeric or rule.endpoint.startswith("auth.sign_out"):
            continue
        for impossible in IMPOSSIBLE_IDS:
            url = url_of(app, rule, {**values, **dict.fromkeys(numeric, impossible)})
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                data = {"csrf_token": token} if method == "POST" else None
                status = client.open(url, method=method, data=data).status_code
                tried += 1
                if status != 404:
                    wrong.append(f"{method} {url}: {status}")
    assert tried >= 20, "the route table should have many routes with ids"
    assert wrong == []
