"""Every form, fed hostile input by a user allowed to post it: a clear answer, never a crash.

Markup comes back escaped, oversize bodies are refused before any work, and nothing
already saved is lost.
"""

from __future__ import annotations

import pytest
from flask import Flask

from tests.functional.test_access_matrix import (
    COORDINATOR_A,
    MATRIX,
    client_for,
    url_of,
    world,
)

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'
HOSTILE_VALUES = [
    MARKUP,
    '=HYPERLINK("http://evil.example")',
    "x" * 20_000,
    "\u202e\u0000\ufeffnul and bidi",
    "../../etc/passwd",
    "' OR 1=1 --",
]
FIELDS = ("title", "unit_assessed", "emails", "respondent_role", "language", "questionnaires",
          "opens_on", "closes_on", "time_zone", "version", "consent", "target", "name",
          "confirm_slug", "expires_in_days", "email", "password")  # fmt: skip


@pytest.fixture(scope="module")
def values(module_app: Flask) -> dict[str, object]:
    """The access matrix's world, seeded once for the module; each test's posts roll back."""
    return world(module_app)


def post_endpoints(app: Flask) -> list[object]:
    return [
        rule
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
        if "POST" in (rule.methods or set())
        and isinstance(MATRIX.get(rule.endpoint), set)
        and COORDINATOR_A in MATRIX[rule.endpoint]  # type: ignore[operator]
        # Sign-out and deletion end the session or the data the other forms need; the
        # report form takes no field and would start a worker process.
        and not rule.endpoint.startswith(
            ("auth.sign_out", "privacy.request_deletion", "reports.capability_report")
        )
    ]


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=range(len(HOSTILE_VALUES)))
def test_hostile_values_in_every_coordinator_form_never_crash_nor_come_back_unescaped(
    app: Flask, values: dict[str, object], value: str
) -> None:
    client, token = client_for(app, COORDINATOR_A)
    problems = []
    for rule in post_endpoints(app):
        url = url_of(app, rule, values)
        data = {field: value for field in FIELDS}
        data["csrf_token"] = token
        response = client.post(url, data=data, follow_redirects=True)
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
        if MARKUP in response.text:
            problems.append(f"{url}: markup came back unescaped")
    assert problems == []


def test_the_sign_in_form_refuses_hostile_input_clearly(
    app: Flask, values: dict[str, object]
) -> None:
    client = app.test_client()
    page = client.get("/account/sign-in").text
    from tests.fixtures.web import csrf_token

    for value in HOSTILE_VALUES:
        response = client.post(
            "/account/sign-in",
            data={"csrf_token": csrf_token(page), "email": value, "password": value},
        )
        assert MARKUP not in response.text
        if "\x00" in value:
            # No legitimate input holds a NUL byte: refused before any query.
            assert response.status_code == 400
            assert "The request could not be understood" in response.text
        else:
            assert response.status_code == 200
            assert "There is a problem" in response.text


def test_an_oversize_body_is_refused_before_any_work(app: Flask, values: dict[str, object]) -> None:
    client, token = client_for(app, COORDINATOR_A)
    url = f"/organisations/{values['slug']}/rounds/{values['round_id']}/invitations"
    response = client.post(url, data={"csrf_token": token, "emails": "a" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "too large" in response.text
