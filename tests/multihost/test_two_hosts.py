"""Two hosts, two workers, one PostgreSQL and one Redis: the platform as deployed widely.

Real processes only: two gunicorn servers on two loopback ports, each with an instance
folder of its own (nothing on disk is shared), two ``flask worker`` processes, a Redis
of the test's own, a PostgreSQL database of the test's own (named after
``TEST_DATABASE_URL``'s, with ``_multihost`` appended: the suites' shared database is
never touched), and an SMTP server the test stops and starts. The embedded default
(SQLite, its queue file, no Redis) goes through the same journeys on one host.

What it proves: a report asked for on host B downloads from host A; both hosts asking
at once render it once; a worker killed with ``kill -9`` mid-render does not lose the
report; a large results export asked for on B downloads from A; an invitation sent
while SMTP is down is delivered once it is back, exactly once.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from bench.load import seed
from bench.load.redis_server import private_redis
from bench.load.server import APP, Gunicorn
from tests.fixtures.journeys import confirm_form
from tests.fixtures.smtp import SmtpServer
from tests.fixtures.workers import Worker

pytestmark = pytest.mark.slow

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
PASSWORD = "innovate-demo-2026"
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
DOWNLOAD = re.compile(r'download href="([^"]+\.pdf)"')
EXPORT_FILE = re.compile(r'download href="([^"]+/report/export/\d+\.csv)"')
LINK = re.compile(r"(/respond/[A-Za-z0-9_-]+/)")
SETTINGS = {
    "SECRET_KEY": seed.SECRET_KEY,
    # Short enough to see a killed worker's job taken over within the test.
    "TASK_LEASE_SECONDS": "6",
    "TASK_REQUEUE_SECONDS": "10",
    "MAIL_USE_TLS": "false",
    "MAIL_RETRY_SECONDS": "1",
    "MAIL_RETRY_MAX_SECONDS": "2",
    "WORKER_NICE": "0",
    "WORKER_MAX_POLL_SECONDS": "0.5",
    "WORKER_SCHEDULER_SECONDS": "1",
    "SIGN_IN_RATE_LIMIT": "10000 per minute",
    # Every results export counts as large: prepared by a worker, stored, downloaded.
    "EXPORT_QUEUE_ABOVE_RESPONSES": "0",
}


@dataclass
class Installation:
    hosts: list[Gunicorn]
    workers: list[Worker]
    smtp: SmtpServer
    database_url: str
    round_id: int

    def jobs(self) -> list[sa.Row[tuple[int, str, str, int, str | None]]]:
        engine = sa.create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return list(connection.execute(sa.text(
                    "SELECT id, language, status, attempts, lease_owner FROM report_jobs"
                    " ORDER BY id"
                )))  # fmt: skip
        finally:
            engine.dispose()


def signed_in(host: Gunicorn) -> requests.Session:
    client = requests.Session()
    page = client.get(host.url + "/account/sign-in", timeout=30)
    token = CSRF.search(page.text)
    assert token, page.text[:500]
    answer = client.post(
        host.url + "/account/sign-in",
        data={"csrf_token": token.group(1), "email": "coordinator@demo.example",
              "password": PASSWORD},
        allow_redirects=False, timeout=30,
    )  # fmt: skip
    assert answer.status_code == 302, answer.text[:500]
    return client


def completed_round(database_url: str) -> int:
    from assessment.demo.assessments import COMPLETED_TITLE

    return demo_round(database_url, COMPLETED_TITLE)


def demo_round(database_url: str, title: str) -> int:
    """The id of the demo agency's round called ``title``."""
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        round_id = connection.execute(
            sa.text("SELECT r.id FROM assessment_rounds r JOIN organisations o ON o.id ="
                    " r.organisation_id WHERE o.slug = 'demo-agency' AND r.title = :t"),
            {"t": title},
        ).scalar_one()  # fmt: skip
    engine.dispose()
    return int(round_id)


def prepare(database_url: str) -> None:
    from flask_migrate import upgrade

    from assessment import create_app

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": seed.SECRET_KEY})
    with app.app_context():
        upgrade()
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "2"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        from assessment.core.extensions import db

        db.engine.dispose()


def start_installation(
    tmp_path: Path, database_url: str, extra: dict[str, str], hosts: int, workers: int
) -> tuple[list[Gunicorn], list[Worker], SmtpServer]:
    """The web servers and workers of one installation, each with its own instance folder."""
    smtp = SmtpServer()  # not started: the test decides when the mail server is up
    environ = {**SETTINGS, **extra, "DATABASE_URL": database_url, "MAIL_SERVER": "127.0.0.1",
               "MAIL_PORT": str(smtp.port)}  # fmt: skip
    web = []
    for n in range(hosts):
        instance = tmp_path / f"host-{n}"
        web.append(Gunicorn(APP, tmp_path / f"host-{n}.log",
                            {**environ, "INSTANCE_PATH": str(instance)}, workers=2))  # fmt: skip
    background = [
        Worker(
            {**environ, "INSTANCE_PATH": str(tmp_path / f"worker-{n}")},
            tmp_path / f"worker-{n}.log",
        )  # fmt: skip
        for n in range(workers)
    ]
    return web, background, smtp


@contextmanager
def running(web: list[Gunicorn], background: list[Worker], smtp: SmtpServer) -> Iterator[None]:
    try:
        for host in web:
            host.start()
        for worker in background:
            worker.start()
        yield
    finally:
        for worker in background:
            worker.stop()
        for host in web:
            host.stop()
        smtp.stop()


@pytest.fixture()
def two_hosts(tmp_path: Path) -> Iterator[Installation]:
    """Two web hosts and two workers on PostgreSQL and Redis."""
    if not POSTGRES_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but TEST_DATABASE_URL is not set")
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL)")
    name = sa.engine.make_url(POSTGRES_URL).database + "_multihost"
    server = sa.engine.make_url(POSTGRES_URL).set(database="postgres")
    database_url = seed.recreate_postgres_database(
        server.render_as_string(hide_password=False), name
    )
    try:
        prepare(database_url)
        with private_redis() as redis_url:
            web, background, smtp = start_installation(
                tmp_path, database_url, {"REDIS_URL": redis_url}, hosts=2, workers=2
            )
            with running(web, background, smtp):
                yield Installation(web, background, smtp, database_url,
                                   completed_round(database_url))  # fmt: skip
    finally:
        seed.drop_postgres_database(database_url)


@pytest.fixture()
def embedded(tmp_path: Path) -> Iterator[Installation]:
    """The embedded default on one host: SQLite, its queue file, no Redis, no object store."""
    database_url = f"sqlite:///{tmp_path / 'embedded.sqlite3'}"
    prepare(database_url)
    # One instance folder for the web and the worker: the queue file lives there.
    extra = {"TASK_QUEUE_PATH": str(tmp_path / "tasks.sqlite3")}
    web, background, smtp = start_installation(tmp_path, database_url, extra, 1, 1)
    with running(web, background, smtp):
        yield Installation(web, background, smtp, database_url, completed_round(database_url))


def report_path(installation: Installation, lang: str) -> str:
    return f"/organisations/demo-agency/rounds/{installation.round_id}/report?lang={lang}"


def wait_for_download(
    client: requests.Session, url: str, seconds: float = 240, pattern: re.Pattern[str] = DOWNLOAD
) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = client.get(url, timeout=30)
        assert page.status_code == 200, page.text[:500]
        assert "could not be prepared" not in page.text
        if (link := pattern.search(page.text)) is not None:
            return link.group(1)
        time.sleep(0.5)
    raise AssertionError(f"no report at {url} after {seconds} s")


def wait_until(condition: object, seconds: float, message: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, message
        time.sleep(0.2)


def ask_at_once(client: requests.Session, urls: list[str]) -> None:
    answers: list[int] = []
    threads = [threading.Thread(target=lambda u=u: answers.append(
        client.get(u, timeout=60).status_code)) for u in urls]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [200] * len(urls)


def invite_while_smtp_is_down(installation: Installation, client: requests.Session,
                              host: Gunicorn) -> str:  # fmt: skip
    from assessment.demo.assessments import IN_PROGRESS_TITLE

    # Invitations go to the round still open: a closed round sends no mail.
    open_round = demo_round(installation.database_url, IN_PROGRESS_TITLE)
    round_page = f"{host.url}/organisations/demo-agency/rounds/{open_round}/"
    page = client.get(round_page, timeout=30)
    token = CSRF.search(page.text)
    assert token, page.text[:500]
    preview = client.post(
        round_page + "invitations",
        data={"csrf_token": token.group(1), "emails": "newcomer@example.org",
              "respondent_role": "staff", "language": "en"},
        allow_redirects=False, timeout=30,
    )  # fmt: skip
    assert preview.status_code == 200, preview.text[:500]
    answer = client.post(  # "Send 1 invitation" on the page that shows the list
        round_page + "invitations/confirm", data=confirm_form(preview.text),
        allow_redirects=False, timeout=30,
    )  # fmt: skip
    assert answer.status_code == 302, answer.text[:500]
    return round_page


def check_mail_arrives_once(installation: Installation, client: requests.Session) -> None:
    smtp = installation.smtp
    time.sleep(3)  # attempts against the stopped server fail and are retried
    assert smtp.received == []
    smtp.start()
    wait_until(lambda: len(smtp.received) >= 1, 60, "the invitation never arrived")
    time.sleep(5)  # time enough for a duplicate to show
    assert [m["To"] for m in smtp.received] == ["newcomer@example.org"]
    link = LINK.search(smtp.received[0].get_payload())
    assert link is not None
    # The personal link is known on every host: each opens the open round's questionnaire.
    for host in installation.hosts:
        page = requests.get(host.url + link.group(1), timeout=30)
        assert page.status_code == 200, page.text[:500]
        assert "This link no longer works" not in page.text


def test_two_hosts_share_reports_render_each_once_survive_kill_9_and_deliver_mail(
    two_hosts: Installation,
) -> None:
    host_a, host_b = two_hosts.hosts
    client = signed_in(host_a)  # the same session serves on host B: nothing is per host

    # A report asked for on B, from both hosts at once: one job, rendered once.
    ask_at_once(client, [host_b.url + report_path(two_hosts, "fr"),
                         host_a.url + report_path(two_hosts, "fr")])  # fmt: skip
    link = wait_for_download(client, host_b.url + report_path(two_hosts, "fr"))
    pdf = client.get(host_a.url + link, timeout=30)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    [(job_id, lang, status, attempts, _owner)] = two_hosts.jobs()
    assert (lang, status, attempts) == ("fr", "done", 1)
    renders = sum(w.log().count(f"report job {job_id} done") for w in two_hosts.workers)
    assert renders == 1

    # The English report: its worker killed with kill -9 in the middle of the render.
    client.get(host_b.url + report_path(two_hosts, "en"), timeout=30)
    # Killed the moment it holds the job (a fixed pause let a quick render finish first).
    running = []

    def taken() -> bool:
        running[:] = [row for row in two_hosts.jobs() if row[2] == "running"]
        return bool(running)

    wait_until(taken, 60, "no worker took the job")
    [running_job] = running
    owner_pid = int(running_job[4].split(":")[1])
    [victim] = [w for w in two_hosts.workers if w.process and w.process.pid == owner_pid]
    victim.kill()
    link = wait_for_download(client, host_a.url + report_path(two_hosts, "en"))
    english = client.get(host_b.url + link, timeout=30)
    assert english.status_code == 200 and english.content.startswith(b"%PDF")
    [finished] = [row for row in two_hosts.jobs() if row[0] == running_job[0]]
    assert finished[2] == "done" and finished[3] == 2  # the killed attempt, then one more

    # A large results export asked for on B is prepared by a worker and downloads from A.
    export_page = f"/organisations/demo-agency/rounds/{two_hosts.round_id}/report/export.csv"
    link = wait_for_download(client, host_b.url + export_page, pattern=EXPORT_FILE)
    exported = client.get(host_a.url + link, timeout=30)
    assert exported.status_code == 200
    assert exported.content.startswith("\ufefforganisation,round_id".encode())

    # An invitation sent through host B while the mail server is down.
    invite_while_smtp_is_down(two_hosts, client, host_b)
    check_mail_arrives_once(two_hosts, client)


def test_the_embedded_default_renders_reports_and_delivers_mail_without_redis(
    embedded: Installation,
) -> None:
    [host] = embedded.hosts
    client = signed_in(host)
    client.get(host.url + report_path(embedded, "en"), timeout=30)
    link = wait_for_download(client, host.url + report_path(embedded, "en"))
    pdf = client.get(host.url + link, timeout=30)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    invite_while_smtp_is_down(embedded, client, host)
    check_mail_arrives_once(embedded, client)
