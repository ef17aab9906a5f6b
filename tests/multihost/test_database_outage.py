"""A worker outlives its database: the connection is cut mid-job, and the job completes once.

A real ``flask worker`` reaches PostgreSQL through a TCP proxy the test cuts and
restores (``tests/fixtures/tcp_proxy.py``): every connection is closed and new ones are
refused, as when the database restarts or the network between them fails. The page
and the test read the database directly, never through the proxy.

And a worker whose database is not there when it starts (a wrong port, a database
still booting) waits with a doubling pause, one log line per attempt and no traceback,
then starts once the database answers; one whose SECRET_KEY is not the installation's
refuses to start (it would mail links that fail elsewhere).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from assessment.core import key_fingerprint
from assessment.core.extensions import db
from assessment.demo.assessments import COMPLETED_TITLE
from assessment.reports.models import REPORT_DONE, REPORT_RUNNING, ReportJob
from assessment.storage import storage
from assessment.tasks import queue
from tests.fixtures import journeys
from tests.fixtures.tcp_proxy import TcpProxy
from tests.fixtures.workers import Worker, worker_environment
from tests.functional.test_report_journey import rounds, wait_for_download

pytestmark = [
    pytest.mark.slow,
    pytest.mark.committed(reason="a real worker process reads the queued job"),
]


@pytest.fixture()
def postgres_app(app: Flask, database_url: str) -> Flask:
    if not database_url.startswith("postgresql"):
        pytest.skip("a database reached over TCP: PostgreSQL (TEST_DATABASE_URL)")
    with app.app_context():
        queue().huey.flush()
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "1"])
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture()
def proxy(database_url: str) -> Iterator[TcpProxy]:
    url = sa.engine.make_url(database_url)
    through = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    yield through
    through.cut()


def through_proxy(app: Flask, proxy: TcpProxy, folder: Path) -> dict[str, str]:
    """A worker's environment with its database reached through ``proxy``."""
    url = sa.engine.make_url(str(app.config["SQLALCHEMY_DATABASE_URI"]))
    proxied = url.set(host="127.0.0.1", port=proxy.port)
    return {
        **worker_environment(app.config, folder),
        "DATABASE_URL": proxied.render_as_string(hide_password=False),
        # A lease short enough to lapse while the database is away.
        "TASK_LEASE_SECONDS": "4",
        "TASK_REQUEUE_SECONDS": "6",
    }


def wait_until(
    condition: Callable[[], bool], what: str, log: Callable[[], str], seconds: float = 120
) -> None:
    """Wait for ``condition``, or fail saying ``what`` did not happen, with the worker's log."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {seconds} s\n{log()}"
        time.sleep(0.2)


def job_status(app: Flask) -> str:
    with app.app_context():
        found = db.session.execute(db.select(ReportJob.status)).scalar_one_or_none()
        return str(found)


def lease_lapsed(app: Flask) -> bool:
    """The job's lease ran out (or it is no longer running): no worker holds it."""
    with app.app_context():
        row = db.session.execute(
            db.select(ReportJob.status, ReportJob.lease_until < sa.func.now())
        ).one()
        return bool(row[0] != REPORT_RUNNING or row[1])


def job_row(app: Flask) -> ReportJob | None:
    with app.app_context():
        job = db.session.execute(db.select(ReportJob)).scalar_one_or_none()
        if job is not None:
            db.session.expunge(job)
        return job


def test_a_job_survives_its_workers_database_going_away_and_completes_once(
    postgres_app: Flask, proxy: TcpProxy, tmp_path: Path
) -> None:
    app = postgres_app
    proxy.start()
    worker = Worker(through_proxy(app, proxy, tmp_path / "worker"), tmp_path / "w.log").start()
    try:
        coordinator = journeys.coordinator(app)
        round_id = rounds(app)[("demo-agency", COMPLETED_TITLE)]
        path = f"/organisations/demo-agency/rounds/{round_id}/report?lang=en"
        assert coordinator.get(path).status_code == 200
        wait_until(lambda: job_status(app) == REPORT_RUNNING, "the worker claims the job",
                   worker.log)  # fmt: skip

        proxy.cut()  # mid-job: its connections closed, new ones refused
        # It notices at its next lease heartbeat, or when it settles the job if the
        # rendering ends first: either way a refused connection is in its log.
        wait_until(lambda: "Connection refused" in worker.log(),
                   "the worker notices the database is gone", worker.log)  # fmt: skip
        # Away until the worker's lease on the job has lapsed: the job is nobody's.
        wait_until(lambda: lease_lapsed(app), "the lease lapses", worker.log)
        connections_before = proxy.connections
        proxy.restore()

        # The worker, still running, reconnects by itself and finishes the job: the test
        # only reads the database (a visit of the page could enqueue the job again).
        wait_until(lambda: job_status(app) == REPORT_DONE, "the job is done", worker.log,
                   seconds=240)  # fmt: skip
        assert worker.process is not None and worker.process.poll() is None, worker.log()
        assert proxy.connections > connections_before  # new connections after the outage
        job = job_row(app)
        assert job is not None
        # The worker logs "done" just after committing it: wait for the line.
        done_line = rf"report job {job.id} done in"
        wait_until(lambda: re.search(done_line, worker.log()) is not None,
                   "the worker logs the job as done", worker.log)  # fmt: skip
        with app.app_context():
            jobs = db.session.execute(db.select(sa.func.count()).select_from(ReportJob))
            assert jobs.scalar_one() == 1
            assert job.file_key and storage().exists(job.file_key)
        link = wait_for_download(coordinator, path)
        with coordinator.get(link) as pdf:
            assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
        # Rendered once, and still once now that the worker has stopped.
        assert worker.stop() == 0, worker.log()
        assert len(re.findall(done_line, worker.log())) == 1, worker.log()
    finally:
        worker.stop()


def test_a_worker_started_without_its_database_waits_quietly_then_starts(
    postgres_app: Flask, proxy: TcpProxy, tmp_path: Path
) -> None:
    # The proxy's port has nobody listening yet: a worker configured with a wrong port.
    worker = Worker(through_proxy(postgres_app, proxy, tmp_path / "worker"), tmp_path / "w.log")
    worker.start(wait=False)
    try:
        worker.wait_for_log("attempt 3:")
        log = worker.log()
        assert "Traceback" not in log, log
        attempts = re.findall(r"database not reachable \(attempt (\d+): (.+)\); trying again"
                              r" in (\d+) s", log)  # fmt: skip
        assert [int(n) for n, _reason, _delay in attempts][:3] == [1, 2, 3]
        assert [int(delay) for _n, _reason, delay in attempts][:3] == [1, 2, 4]  # doubling
        assert all("refused" in reason for _n, reason, _delay in attempts), log
        # One line per attempt: nothing else was written meanwhile.
        lines = [line for line in log.splitlines() if line.strip()]
        assert len(lines) == len(attempts), log

        proxy.start()  # the database answers on that port now
        worker.wait_for_log("Worker started")
        assert "database reachable again after" in worker.log()
        assert "Traceback" not in worker.log(), worker.log()
    finally:
        assert worker.stop() == 0, worker.log()


def test_a_worker_with_another_secret_key_refuses_to_start_and_says_why(
    postgres_app: Flask, tmp_path: Path
) -> None:
    app = postgres_app
    with app.app_context():  # the installation's key is recorded by the first to start
        assert key_fingerprint.check() == ""
    environ = {**worker_environment(app.config, tmp_path / "worker"),
               "SECRET_KEY": "a-key-no-other-host-has-ever-used"}  # fmt: skip
    worker = Worker(environ, tmp_path / "w.log").start(wait=False)
    assert worker.process is not None
    assert worker.process.wait(timeout=120) != 0, worker.log()
    assert "SECRET_KEY differs from the key the other hosts" in worker.log()
    assert "Worker started" not in worker.log()
