"""Faults in production: answers acknowledged to a respondent survive them all.

A real gunicorn (gunicorn.conf.py, two workers) serves the platform on a loopback port,
on PostgreSQL when TEST_DATABASE_URL is set (in a database of its own next to it) and
on SQLite otherwise. Respondents answer through the real pages over HTTP. After each
fault: every answer acknowledged with a 302 is in the database, no response is
half-written, the same server answers normally again, and people saw a clear page,
never a stack trace.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from assessment.core.config import normalise_database_url
from bench.load import respondent, seed
from bench.load.server import APP, Gunicorn
from tests.fixtures.database import POSTGRES_URL
from tests.fixtures.journeys import seed_demo

RESPONDENTS_PER_TEST = 3
QUESTIONS = 12  # of the 24 that leadership-mindsets asks staff: mid-survey, and quick


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[seed.Seeded]:
    """A migrated database with an open round and links for every test of this module."""
    if not POSTGRES_URL:
        url = f"sqlite:///{tmp_path_factory.mktemp('faults') / 'faults.sqlite3'}"
        yield seed.prepare(url, RESPONDENTS_PER_TEST * 4)
        return
    # A database of this run's own: other runs on the same server never touch it.
    name = f"{make_url(POSTGRES_URL).database}_faults_{os.getpid()}"
    url = seed.recreate_postgres_database(POSTGRES_URL, name)
    yield seed.prepare(url, RESPONDENTS_PER_TEST * 4)
    seed.drop_postgres_database(url)


@pytest.fixture(scope="module")
def server(
    database: seed.Seeded, redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Gunicorn]:
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    environ = {
        "ENVIRONMENT": "production",
        "DATABASE_URL": database.url,
        "SECRET_KEY": seed.SECRET_KEY,
        "REDIS_URL": redis_url,
    }
    with Gunicorn(APP, log, environ, workers=2) as running:
        yield running


@pytest.fixture(scope="module")
def links(database: seed.Seeded) -> Iterator[str]:
    """Hands out links nobody has used yet, a few per test."""
    return iter(list(database.tokens))


def take(links: Iterator[str], count: int) -> list[str]:
    return [next(links) for _ in range(count)]


def survey_in_threads(
    server: Gunicorn, tokens: list[str], **options: float
) -> tuple[list[respondent.Tally], list[threading.Thread]]:
    """Start one respondent per token; return their live tallies and threads."""
    tallies = [respondent.Tally() for _ in tokens]
    deadline = time.monotonic() + 60
    threads = [
        threading.Thread(
            target=respondent.complete_survey,
            args=(server.url, token),
            kwargs={
                "deadline": deadline,
                "submit": False,
                "tally": tally,
                "questions": QUESTIONS,
                **options,
            },
            daemon=True,
        )
        for token, tally in zip(tokens, tallies, strict=True)
    ]
    for thread in threads:
        thread.start()
    return tallies, threads


def wait_until(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert condition(), f"still waiting after {seconds} s"


def join(threads: list[threading.Thread], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    for thread in threads:
        thread.join(timeout=max(0.1, deadline - time.monotonic()))
    assert not any(t.is_alive() for t in threads), "respondents did not finish in time"


def assert_nothing_lost(
    database: seed.Seeded, tokens: list[str], tallies: list[respondent.Tally]
) -> None:
    stored = seed.stored_answers(database.url)
    for token, tally in zip(tokens, tallies, strict=True):
        in_database = stored.get(database.tokens[token], {})
        missing = {k: v for k, v in tally.acknowledged.items() if in_database.get(k) != v}
        assert missing == {}, f"acknowledged but not stored: {missing}"
    assert seed.half_written(database.url) == []


def assert_people_saw_clear_pages(tallies: list[respondent.Tally], allowed: set[int]) -> None:
    assert sum(t.stack_traces for t in tallies) == 0
    expected = {"answer_post": 302}
    seen = {
        status
        for tally in tallies
        for kind, status, _seconds in tally.timings
        if status != expected.get(kind, 200)
    }
    assert seen <= allowed, [p for t in tallies for p in t.problems][:5]
    unavailable = sum(t.unavailable_pages for t in tallies)
    served_503 = sum(1 for t in tallies for _k, status, _s in t.timings if status == 503)
    assert unavailable == served_503, "a 503 without the friendly page"


def assert_serves_normally(server: Gunicorn, token: str) -> None:
    """Every worker answers: as many page loads as workers, twice over, all 200."""
    for _attempt in range(2 * server.workers):
        browser = respondent.Browser(server.url)
        assert browser.request("GET", f"/respond/{token}/tasks", "tasks").status == 200


@pytest.mark.slow
def test_killing_a_worker_while_respondents_save_loses_no_acknowledged_answer(
    server: Gunicorn, database: seed.Seeded, links: Iterator[str]
) -> None:
    tokens = take(links, RESPONDENTS_PER_TEST)
    tallies, threads = survey_in_threads(server, tokens)

    def saved() -> int:
        return sum(len(t.acknowledged) for t in tallies)

    killed: list[int] = []
    saved_at_kill: list[int] = []
    for threshold in (6, 16):
        wait_until(lambda n=threshold: saved() >= n, 30)
        # Not the pid killed before, should the master not have reaped it yet.
        wait_until(lambda: not set(killed) & set(server.worker_pids()), 10)
        saved_at_kill.append(saved())
        killed.append(server.kill_worker())
    join(threads)

    # Both kills hit while respondents were still saving.
    assert len(set(killed)) == 2
    assert max(saved_at_kill) < QUESTIONS * len(tokens)
    assert_nothing_lost(database, tokens, tallies)
    # Connections cut by the kill (0) are the only failures; the master replaced the
    # worker and every respondent finished by selecting Continue again.
    assert_people_saw_clear_pages(tallies, allowed={0})
    assert [len(t.acknowledged) for t in tallies] == [QUESTIONS] * len(tokens)
    assert len(server.wait_for_workers()) == server.workers
    assert_serves_normally(server, tokens[0])


def _cluster() -> tuple[str, str]:
    versions = sorted(os.listdir("/etc/postgresql"))
    return versions[-1], "main"


def _postgres_answers() -> bool:
    return seed.postgres_reachable(POSTGRES_URL, timeout=1) == ""


def _ensure_postgres_running() -> None:
    if _postgres_answers():
        return
    version, cluster = _cluster()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "start"],
        check=False,
        timeout=60,
        capture_output=True,
    )
    wait_until(_postgres_answers, 30)


@pytest.mark.slow
@pytest.mark.skipif(not POSTGRES_URL, reason="restarts PostgreSQL: needs TEST_DATABASE_URL")
@pytest.mark.skipif(
    not Path("/etc/postgresql").is_dir() or shutil.which("pg_ctlcluster") is None,
    reason="needs a local PostgreSQL cluster managed by pg_ctlcluster",
)
@pytest.mark.skipif(os.geteuid() != 0, reason="restarting PostgreSQL needs root")
def test_restarting_postgresql_during_a_run_loses_nothing_and_needs_no_app_restart(
    server: Gunicorn, database: seed.Seeded, links: Iterator[str]
) -> None:
    tokens = take(links, RESPONDENTS_PER_TEST)
    # People who meet the "briefly unavailable" page select Continue again a bit later.
    tallies, threads = survey_in_threads(server, tokens, attempts=40, retry_pause=0.5)
    version, cluster = _cluster()
    try:
        wait_until(lambda: sum(len(t.acknowledged) for t in tallies) >= 8, 30)
        restart = subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "restart"],
            check=False,
            timeout=90,
            capture_output=True,
            text=True,
        )
        assert restart.returncode == 0, restart.stderr
        join(threads)
    finally:
        _ensure_postgres_running()

    assert_nothing_lost(database, tokens, tallies)
    assert_people_saw_clear_pages(tallies, allowed={503})
    assert [len(t.acknowledged) for t in tallies] == [QUESTIONS] * len(tokens)
    assert server.process is not None and server.process.poll() is None
    assert_serves_normally(server, tokens[0])


class Outage:
    """Make the database unreachable for the app, then reachable again."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.lock: sqlite3.Connection | None = None

    def _admin(self) -> sa.Engine:
        return sa.create_engine(
            make_url(normalise_database_url(self.url)).set(database="postgres"),
            isolation_level="AUTOCOMMIT",
        )

    def begin(self) -> None:
        if self.url.startswith("sqlite"):
            # A writer holding the lock past the app's busy timeout (10 s).
            self.lock = sqlite3.connect(make_url(self.url).database, isolation_level=None)
            self.lock.execute("BEGIN EXCLUSIVE")
            return
        name = make_url(self.url).database
        engine = self._admin()
        with engine.connect() as connection:
            connection.execute(sa.text(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false'))
            connection.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
        engine.dispose()

    def end(self) -> None:
        if self.lock is not None:
            self.lock.rollback()
            self.lock.close()
            self.lock = None
            return
        if self.url.startswith("sqlite"):
            return
        engine = self._admin()
        with engine.connect() as connection:
            connection.execute(
                sa.text(
                    f'ALTER DATABASE "{make_url(self.url).database}" WITH ALLOW_CONNECTIONS true'
                )
            )
        engine.dispose()


@pytest.mark.slow
def test_a_form_sent_while_the_database_is_unavailable_gets_a_clear_page_and_works_again(
    server: Gunicorn, database: seed.Seeded, links: Iterator[str]
) -> None:
    (token,) = take(links, 1)
    browser = respondent.Browser(server.url, timeout=60)
    tasks = browser.request("GET", f"/respond/{token}/tasks", "tasks")
    assert tasks.status == 200, tasks.body[:500]
    path = respondent.QUESTION_LINK.findall(tasks.body)[0]
    page = browser.request("GET", path, "question_page")
    assert page.status == 200
    form = {
        "csrf_token": respondent.csrf_token(page.body),
        "answer": respondent.CODES.findall(page.body)[0],
        "comment": "Written while the database was away",
        "revision": "0",
        "return_to": "",
    }
    outage = Outage(database.url)
    outage.begin()
    try:
        refused = browser.request("POST", path, "answer_post", form)
    finally:
        outage.end()

    assert refused.status == 503
    assert "Sorry, the service is briefly unavailable" in refused.body
    assert "Your saved answers are kept" in refused.body
    assert respondent.TRACEBACK not in refused.body
    assert seed.stored_answers(database.url).get(database.tokens[token], {}) == {}

    # The same form, sent again once the database is back, is saved once.
    again = browser.request("POST", path, "answer_post", form)
    assert again.status == 302
    questionnaire_id, item_id = path.rsplit("/", 2)[-2:]
    stored = seed.stored_answers(database.url)[database.tokens[token]]
    assert stored == {(questionnaire_id, item_id): form["answer"]}
    assert seed.half_written(database.url) == []
    assert_serves_normally(server, token)
    assert "Database unavailable" in server.log()  # operators see it in the log


@pytest.mark.parametrize("signed_in", [False, True], ids=["respondent", "signed-in user"])
def test_the_unavailable_page_is_a_503_that_asks_to_retry(
    app: Flask, monkeypatch: pytest.MonkeyPatch, signed_in: bool
) -> None:
    """In-process: whichever query fails, the page says so without a stack trace."""
    from assessment.survey import invitations
    from tests.fixtures.web import sign_in

    seed_demo(app, organisations=1)
    client = app.test_client()
    if signed_in:
        sign_in(client, "coordinator@demo.example", "innovate-demo-2026")

    def unreachable(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    def users_unreachable(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "FROM sign_in_sessions" in statement:  # loading the signed-in user
            unreachable()

    if signed_in:
        from assessment.core.extensions import db

        with app.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", users_unreachable)
        try:
            response = client.get("/dashboard")
        finally:
            sa.event.remove(engine, "before_cursor_execute", users_unreachable)
    else:
        monkeypatch.setattr(invitations, "find_by_token", unreachable)
        response = client.get("/respond/" + "A" * 43 + "/")
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert "Sorry, the service is briefly unavailable" in response.text
    assert "Your saved answers are kept" in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text
    assert 'rel="stylesheet"' in response.text  # the site's own page, not the bare fallback


@pytest.mark.committed(reason="the request's own connection ends its transaction and is lost")
def test_a_connection_lost_after_the_page_was_rendered_still_serves_the_page(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process: the rollback that ends a request fails on a closed connection."""
    from assessment.core.extensions import db

    seed_demo(app, organisations=1)
    client = app.test_client()
    with app.app_context():
        dialect = db.engine.dialect
    lost = dialect.loaded_dbapi.OperationalError("server closed the connection unexpectedly")

    roll_back = dialect.do_rollback
    failures: list[object] = []

    def closed_connection(dbapi_connection: Any) -> None:
        if failures:  # only the request's own rollback meets the closed connection
            roll_back(dbapi_connection)
            return
        failures.append(dbapi_connection)
        if dialect.name == "sqlite":
            dbapi_connection.close()  # what a lost connection amounts to for SQLite
        raise lost

    unknown_link = "/respond/" + "A" * 43 + "/"  # looked up in the database, then a 404
    monkeypatch.setattr(dialect, "do_rollback", closed_connection)
    response = client.get(unknown_link)
    monkeypatch.undo()
    assert failures
    assert response.status_code == 404
    assert "This link no longer works" in response.text  # the respondent's own 404 page
    assert client.get(unknown_link).status_code == 404
