"""What goes on when a service is away, and what stops a host that does not fit.

Redis down degrades, never breaks: sign-in, respondents' links, the API and the report
page keep answering (rate limits counted in memory, the report's task left for the due
pass). A host whose SECRET_KEY differs from the installation's refuses to serve.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from assessment import create_app
from assessment.core import key_fingerprint
from assessment.core.config import ConfigurationError
from assessment.core.extensions import db
from assessment.demo.assessments import COMPLETED_TITLE
from assessment.reports.models import ReportJob
from assessment.tasks import process_due, queue
from bench.load.redis_server import private_redis
from tests.fixtures import journeys
from tests.fixtures.web import sign_in
from tests.functional.test_report_journey import rounds

# A second host of the installation is an app with an engine of its own: it reads only
# what the test really committed.
SECOND_HOST = pytest.mark.committed(reason="a second host's own engine reads the test's data")


@pytest.fixture()
def redis_gone(app: Flask, database_url: str, tmp_path: object) -> Iterator[Flask]:
    """A host of the installation configured with a Redis that has just stopped."""
    journeys.seed_demo(app)
    with private_redis() as redis_url:
        host = create_app({
            "TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": app.config["SECRET_KEY"],
            "REDIS_URL": redis_url, "SIGN_IN_RATE_LIMIT": "10000 per minute",
        })  # fmt: skip
        assert host.test_client().get("/health").json["broker"] == "ok"
    yield host  # Redis has stopped
    with host.app_context():
        db.engine.dispose()


@SECOND_HOST
def test_with_redis_down_people_can_still_sign_in_answer_and_use_the_api(
    redis_gone: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = redis_gone.test_client()
    sign_in(client, "coordinator@demo.example", journeys.DEMO_PASSWORD)
    assert client.get("/dashboard").status_code in (200, 302)
    assert redis_gone.test_client().get("/respond/no-such-link-at-all/").status_code == 404
    assert redis_gone.test_client().get("/api/v1/openapi.json").status_code == 200
    assert any("unreachable" in record.getMessage() for record in caplog.records)
    health = redis_gone.test_client().get("/health")
    assert health.status_code == 200 and health.json["broker"] != "ok"
    assert health.json["database"] == "ok"


@SECOND_HOST
def test_with_redis_down_a_report_waits_in_the_database_for_the_broker(
    redis_gone: Flask, app: Flask
) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "1"])
    assert result.exit_code == 0, result.output
    client = redis_gone.test_client()
    sign_in(client, "coordinator@demo.example", journeys.DEMO_PASSWORD)
    round_id = rounds(app)[("demo-agency", COMPLETED_TITLE)]
    answer = client.get(f"/organisations/demo-agency/rounds/{round_id}/report")
    assert answer.status_code == 200 and "waiting to be prepared" in answer.text
    with redis_gone.app_context():
        job = db.session.execute(db.select(ReportJob)).scalar_one()
        assert job.status == "queued" and job.enqueued_at is None  # not on the queue
    # The broker back (here: the embedded queue of the test app), the due pass finds it.
    app.config["TASK_REQUEUE_SECONDS"] = 0
    try:
        with app.app_context():
            queue().huey.flush()
            assert process_due() == 1 and queue().huey.pending_count() == 1
    finally:
        app.config["TASK_REQUEUE_SECONDS"] = 120


@SECOND_HOST
def test_a_host_with_another_secret_key_refuses_to_serve_and_says_why(
    app: Flask, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with app.app_context():  # the first host to start records the installation's key
        assert key_fingerprint.check() == ""
    stranger = create_app({"TESTING": True, "DATABASE_URL": database_url,
                           "SECRET_KEY": "another-key-entirely"})  # fmt: skip
    assert stranger.test_client().get("/").status_code == 503
    assert any("SECRET_KEY differs" in r.getMessage() for r in caplog.records)
    health = stranger.test_client().get("/health")
    assert health.status_code == 503 and health.json["secret_key"].startswith("SECRET_KEY differs")
    with app.app_context():
        from assessment.core.key_fingerprint import InstanceSetting

        stored = db.session.execute(db.select(InstanceSetting.value)).scalar_one()
    assert "test-secret-key" not in stored and "another-key" not in stored
    with stranger.app_context():
        db.engine.dispose()


def test_a_generated_key_is_refused_with_a_postgresql_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="same long random value on every web server"):
        create_app({"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"})


def test_health_reports_each_service(app: Flask) -> None:
    answer = app.test_client().get("/health")
    assert answer.status_code == 200
    assert answer.json == {"status": "ok", "database": "ok", "broker": "ok", "storage": "ok",
                           "secret_key": "ok"}  # fmt: skip
