"""Benchmark figures are published on the queue's weekly schedule, never after a consent change."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask import Flask

from assessment.benchmarks.models import BenchmarkSnapshot
from assessment.benchmarks.refresh import claim_key, scheduled_refresh
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.tasks import queue
from tests.fixtures.benchmarks import (
    QUESTIONNAIRE,
    add_organisation,
    add_result,
    publish,
    seed_countries,
    signed_in_client,
    user_with_role,
)
from tests.fixtures.web import csrf_token

REFRESH = "benchmarks.refresh"
# 2026-12-07 is a Monday: the refresh starts at 03:17 UTC that day only.
MONDAY = datetime(2026, 12, 7, 3, 17)
TABLE = f"/analyst/explorer/export.json?questionnaire={QUESTIONNAIRE}&country=FR"


def _due_at(moment: datetime) -> list[str]:
    """The names of the scheduled tasks the queue's scheduler starts at ``moment`` (UTC)."""
    return sorted(task.name for task in queue().huey.read_periodic(moment))


def _run_scheduled_refresh() -> None:
    """Run the refresh as the scheduler starts it: the periodic task, through Huey."""
    db.session.commit()  # the worker has its own connection: end this one's reads first
    huey = queue().huey
    (scheduled,) = [t for t in huey.read_periodic(MONDAY) if t.name == REFRESH]
    huey.execute(scheduled)


def _a_week_passes() -> None:
    """Every publication so far is moved a week back, as if the schedule's week went by."""
    for snapshot in db.session.execute(db.select(BenchmarkSnapshot)).scalars():
        snapshot.published_at -= timedelta(days=7)
    db.session.commit()


def _snapshot_ids() -> list[int]:
    return list(db.session.execute(db.select(BenchmarkSnapshot.id).order_by("id")).scalars())


def test_the_refresh_is_scheduled_weekly_on_the_queue(app: Flask) -> None:
    with app.app_context():
        assert REFRESH in _due_at(MONDAY)
        for other in (
            datetime(2026, 12, 7, 3, 18),
            datetime(2026, 12, 7, 4, 17),
            datetime(2026, 12, 8, 3, 17),
            datetime(2026, 12, 13, 3, 17),
        ):
            assert REFRESH not in _due_at(other), other
        assert REFRESH in _due_at(datetime(2026, 12, 14, 3, 17))


def test_a_consent_change_waits_for_the_scheduled_refresh(app: Flask) -> None:
    with app.app_context():
        queue().huey.flush()
        seed_countries({"FR": 7})
        own = add_organisation("own-agency", "FR")
        round_id = add_result(own, 3.0).id
        publish()
        user_with_role("coordinator@example.org", "organisation_coordinator", organisation=own)
        user_with_role("analyst@example.org", "analyst")
    analyst = signed_in_client(app, "analyst@example.org")
    before = analyst.get(TABLE).json["cells"]
    assert before[-1]["n_organisations"] == 10  # 8, rounded

    coordinator = signed_in_client(app, "coordinator@example.org")
    round_path = f"/organisations/own-agency/rounds/{round_id}/"
    page = coordinator.get(round_path)
    version = re.search(r'name="version" value="(\d+)"', page.text)
    assert version
    form = {"csrf_token": csrf_token(page.text), "consent": "private", "version": version.group(1)}
    assert coordinator.post(round_path + "consent", data=form).status_code == 302

    with app.app_context():
        # No refresh is enqueued (only the round's own reports, which show its placement
        # with consent), and nothing published moves with this one organisation.
        assert [task.name for task in queue().huey.pending()] == ["reports.prerender"]
        published = db.session.execute(db.select(db.func.max(BenchmarkSnapshot.id))).scalar()
    assert analyst.get(TABLE).json["cells"] == before

    with app.app_context():
        _a_week_passes()
        _run_scheduled_refresh()
        latest = db.session.execute(
            db.select(BenchmarkSnapshot).order_by(BenchmarkSnapshot.id.desc()).limit(1)
        ).scalar_one()
        assert latest.id != published and latest.organisations == 7  # a new publication
    assert analyst.get(TABLE).json["cells"][-1]["n_organisations"] == 5  # 7, rounded


def test_every_workers_scheduler_starts_the_refresh_and_one_publishes(app: Flask) -> None:
    with app.app_context():
        queue().huey.flush()
        seed_countries({"FR": 7})
        publish()
        _a_week_passes()
        before = _snapshot_ids()
        # Each worker's scheduler enqueues the task at the same minute.
        _run_scheduled_refresh()
        _run_scheduled_refresh()
        published = _snapshot_ids()
        assert len(set(published) - set(before)) == 1  # one new publication
        _a_week_passes()
        # A worker that took the day's refresh keeps it, even if it died meanwhile.
        assert scheduled_refresh() == 0
        assert _snapshot_ids() == published
        queue().huey.delete(claim_key(utcnow().date()))  # a week later: a new claim
        assert scheduled_refresh() not in (0, *published)
