"""A worker outlives its broker: Redis stops and starts again, and the work still gets done.

A real ``flask worker`` on Redis; Redis is stopped (the worker keeps running, logging
the lost connection), a report is asked for meanwhile (the page answers; the job waits
in the database, not on the queue), Redis starts again on the same port, and the report
is rendered: the next visit of its page puts it on the queue again, and the worker,
reconnected by itself, renders it.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from assessment import create_app
from assessment.core.extensions import db
from assessment.demo.assessments import COMPLETED_TITLE
from assessment.reports.models import ReportJob
from tests.fixtures import journeys
from tests.fixtures.redis import REDIS_SERVER, _answers, free_port
from tests.fixtures.workers import Worker, worker_environment
from tests.functional.test_report_journey import rounds, wait_for_download

pytestmark = pytest.mark.slow


class Redis:
    """redis-server on a fixed port, stopped and started again at will."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - the machine's redis-server
            [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while not _answers(self.port):
            assert time.monotonic() < deadline, "redis-server did not answer"
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture()
def redis(tmp_path: Path) -> Iterator[Redis]:
    server = Redis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.mark.committed(reason="a worker process and a second app read the seeded data")
def test_a_worker_reconnects_after_redis_restarts_and_no_report_is_lost(
    app: Flask, database_url: str, redis: Redis, tmp_path: Path
) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "1"])
    assert result.exit_code == 0, result.output
    host = create_app({
        "TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": app.config["SECRET_KEY"],
        "REDIS_URL": redis.url, "SIGN_IN_RATE_LIMIT": "10000 per minute",
    })  # fmt: skip
    environ = {**worker_environment(host.config, tmp_path / "worker"), "REDIS_URL": redis.url}
    worker = Worker(environ, tmp_path / "worker.log").start()
    try:
        redis.stop()
        time.sleep(3)  # the worker notices: it logs the lost connection and keeps going
        assert worker.process is not None and worker.process.poll() is None, worker.log()
        coordinator = journeys.coordinator(host)
        round_id = rounds(app)[("demo-agency", COMPLETED_TITLE)]
        path = f"/organisations/demo-agency/rounds/{round_id}/report?lang=en"
        assert coordinator.get(path).status_code == 200
        with host.app_context():
            job = db.session.execute(db.select(ReportJob)).scalar_one()
            assert (job.status, job.enqueued_at) == ("queued", None)  # waits in the database

        redis.start()  # the same port, empty: whatever was queued in Redis is gone
        link = wait_for_download(coordinator, path)
        with coordinator.get(link) as pdf:
            assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
        assert "Error reading from queue" in worker.log()  # it did lose the broker
    finally:
        assert worker.stop() == 0, worker.log()
        with host.app_context():
            db.engine.dispose()
