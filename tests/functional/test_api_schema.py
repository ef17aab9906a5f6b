"""The API fuzzed against its own OpenAPI document (schemathesis), through the WSGI app.

Positive cases (valid by the document) and negative ones (invalid by it) for every
operation, with the token of a coordinator who is an analyst too (so that both the
organisation's routes and the benchmark tables answer with data): the API must answer
each with a documented status, the documented content type and body, and never a
server error.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from assessment.accounts import token_auth as tokens
from assessment.accounts.services import grant_role
from assessment.core.extensions import db
from assessment.core.security import limiter
from tests.fixtures.benchmarks import (
    add_organisation,
    add_result,
    publish,
    seed_countries,
    user_with_role,
)

MAX_EXAMPLES = 20


@pytest.fixture()
def coordinator_token(app: Flask) -> str:
    with app.app_context():
        seed_countries({"FR": 15, "CA": 15, "PT": 15})
        own = add_organisation("own-agency", "FR")
        add_result(own, 3.1)
        publish()
        user_with_role("coordinator@example.org", "organisation_coordinator", organisation=own)
        from assessment.accounts.services import find_user

        user = find_user("coordinator@example.org")
        assert user is not None
        grant_role(user, "analyst")
        db.session.commit()
        _token, secret = tokens.create(user, "fuzzing", actor_id=None)
        db.session.commit()
    return secret


def test_the_openapi_document_is_public_and_valid(app: Flask) -> None:
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = schemathesis.openapi.from_dict(response.json)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} == {
        "/me", "/questionnaires", "/benchmarks/{questionnaire_id}",
        "/organisations/{slug}/results", "/organisations/{slug}/rounds/{round_id}/peers",
    }  # fmt: skip


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_keeps_to_its_openapi_document(
    app: Flask, coordinator_token: str, monkeypatch: pytest.MonkeyPatch, mode: GenerationMode
) -> None:
    # Hundreds of requests from one address would trip the rate limit, by design.
    monkeypatch.setattr(limiter, "enabled", False)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {coordinator_token}"}
    # Valid by the document is not always answerable: two breakdowns plus a filter use
    # three fields, which the document can say in words only (and the API answers 400).
    failures = []
    fuzzed = []
    for result in schema.get_all_operations():
        operation = result.ok()
        fuzzed.append(operation.path)
        tables = operation.path == "/benchmarks/{questionnaire_id}"
        try:
            _fuzz(operation, mode, headers, [positive_data_acceptance] if tables else [])
        except Exception as error:  # noqa: BLE001 - collect every operation's failure
            failures.append(f"{operation.label}: {error}")
    assert len(fuzzed) == 5, fuzzed  # every documented operation was exercised
    assert not failures, "\n\n".join(failures)


def _fuzz(
    operation: Any, mode: GenerationMode, headers: dict[str, str], excluded: list[Any]
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    check()
