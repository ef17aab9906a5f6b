"""After a consent change, a worker computes the altered benchmark figures, not the next page."""

from __future__ import annotations

import re

from flask import Flask

from assessment.benchmarks import cache as benchmark_cache
from assessment.core.extensions import db
from assessment.tasks import queue
from tests.fixtures.benchmarks import (
    QUESTIONNAIRE,
    add_organisation,
    add_result,
    seed_countries,
    signed_in_client,
    user_with_role,
)
from tests.fixtures.web import csrf_token


def test_a_consent_change_enqueues_the_refresh_which_computes_the_tables(app: Flask) -> None:
    with app.app_context():
        queue().huey.flush()
        seed_countries({"FR": 5})
        own = add_organisation("own-agency", "FR")
        round_id = add_result(own, 3.0).id
        db.session.commit()
        user_with_role("coordinator@example.org", "organisation_coordinator", organisation=own)
    coordinator = signed_in_client(app, "coordinator@example.org")
    round_path = f"/organisations/own-agency/rounds/{round_id}/"
    page = coordinator.get(round_path)
    version = re.search(r'name="version" value="(\d+)"', page.text)
    assert version
    form = {"csrf_token": csrf_token(page.text), "consent": "private", "version": version.group(1)}
    answer = coordinator.post(round_path + "consent", data=form)
    assert answer.status_code == 302
    with app.app_context():
        assert queue().huey.pending_count() == 1
        benchmark_cache.clear()
        assert queue().run_queued() == 1
        # The worker computed the canonical table of the new data state and kept it, for
        # the pages of the next minute (and every host, through Redis when configured).
        state = benchmark_cache.data_state(QUESTIONNAIRE)
        assert any(state in repr(key) for key in benchmark_cache._tables.entries)
