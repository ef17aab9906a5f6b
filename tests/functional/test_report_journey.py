"""Asking for the PDF report through the real pages, rendered by a real worker process.

The embedded default: no Redis, no object store. The queue is the SQLite file, the
PDF is stored in the database, and a ``flask worker`` process renders it.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.demo.assessments import COMPLETED_TITLE, IN_PROGRESS_TITLE
from assessment.reports import jobs
from assessment.reports.keys import KIND
from assessment.reports.models import REPORT_DONE, ReportJob
from assessment.storage import storage
from assessment.survey.models import AssessmentRound
from assessment.tasks import queue
from tests.fixtures import journeys
from tests.fixtures.web import csrf_token
from tests.fixtures.workers import Worker, running_worker, worker_environment

AGENCY = "Demo Agency for Public Innovation (demo)"
DOWNLOAD = re.compile(r'href="(/organisations/demo-agency/rounds/\d+/report/\d+\.pdf)"')


@pytest.fixture()
def reporting(app: Flask) -> Iterator[Flask]:
    """The app with the demo data; its queue emptied of other tests' tasks."""
    with app.app_context():
        queue().huey.flush()
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "2"])
    assert result.exit_code == 0, result.output
    yield app


@pytest.fixture()
def worker(reporting: Flask, tmp_path: Path) -> Iterator[Worker]:
    """A real worker process on the app's database and queue."""
    with running_worker(reporting.config, tmp_path) as started:
        yield started


def rounds(app: Flask) -> dict[tuple[str, str], int]:
    with app.app_context():
        return {
            (organisation.slug, r.title): r.id
            for r, organisation in db.session.execute(
                db.select(AssessmentRound, Organisation).join(Organisation)
            ).all()
        }


def wait_for_download(client: FlaskClient, path: str) -> str:
    """Reload the report's status page as the browser would, until it offers the PDF."""
    return journeys.wait_for_link(client, path, DOWNLOAD)


@pytest.mark.committed(reason="a report worker process reads the queued job")
def test_a_coordinator_follows_progress_then_downloads_the_report_in_both_languages(
    reporting: Flask, worker: Worker
) -> None:
    round_id = rounds(reporting)[("demo-agency", COMPLETED_TITLE)]
    coordinator = journeys.coordinator(reporting)
    path = f"/organisations/demo-agency/rounds/{round_id}/report"

    first = coordinator.get(path + "?lang=en")
    assert first.status_code == 200
    assert 'data-pending="true"' in first.text
    assert journeys.status(first.text) in {
        "The report is waiting to be prepared.",
        "The report is being prepared. This page updates itself.",
    }
    with reporting.app_context():
        # (The pre-rendering pass, every ten minutes, may queue the round's annex too.)
        job = db.session.execute(db.select(ReportJob).filter_by(kind="capability")).scalar_one()
        assert (job.round_id, job.language, job.kind) == (round_id, "en", "capability")

    downloads = {}
    for lang in ("en", "fr"):
        link = wait_for_download(coordinator, f"{path}?lang={lang}")
        with coordinator.get(link) as pdf:  # closing it closes the file sent
            assert pdf.status_code == 200
            assert pdf.mimetype == "application/pdf"
            assert pdf.data.startswith(b"%PDF")
            assert "attachment" in pdf.headers["Content-Disposition"]
            downloads[lang] = (link, pdf.data)
    assert downloads["en"][0] != downloads["fr"][0]
    for lang, level, plan in (("en", "Ad hoc", "Action plan"), ("fr", "Ad hoc", "Plan d'action")):
        reader = PdfReader(io.BytesIO(downloads[lang][1]))
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
        assert AGENCY in text and level in text and plan in text
        assert reader.trailer["/Root"]["/Lang"] == lang

    # The cached repeat: served at once, the same job and the same file.
    started = time.perf_counter()
    again = coordinator.get(path + "?lang=en")
    assert time.perf_counter() - started < 2
    assert journeys.status(again.text) == "The report is ready."
    assert DOWNLOAD.search(again.text).group(1) == downloads["en"][0]
    with reporting.app_context():
        statuses = db.session.execute(
            db.select(ReportJob.status).filter_by(kind="capability")
        ).scalars().all()  # fmt: skip
    assert statuses == [REPORT_DONE, REPORT_DONE]


def test_another_organisation_cannot_see_or_download_the_report(reporting: Flask) -> None:
    ids = rounds(reporting)
    round_id = ids[("demo-agency", COMPLETED_TITLE)]
    other_slug, other_round = next(
        (slug, rid) for (slug, title), rid in ids.items() if slug != "demo-agency"
    )
    outsider = journeys.other_coordinator(reporting, other_slug)
    with reporting.app_context():
        agency = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        # A finished job of the demo agency, as if rendered earlier.
        job = ReportJob(cache_key="0" * 64, kind="capability", organisation_id=agency.id,
                        round_id=round_id, language="en", status=REPORT_DONE,
                        file_key="reports/finished.pdf")  # fmt: skip
        db.session.add(job)
        storage().put("reports/finished.pdf", b"%PDF-stub")
        db.session.commit()
        job_id = job.id

    own = f"/organisations/demo-agency/rounds/{round_id}/report"
    assert outsider.get(own).status_code == 404
    assert outsider.get(f"{own}/{job_id}.pdf").status_code == 404
    assert outsider.get(f"/organisations/{other_slug}/rounds/{round_id}/report").status_code == 404
    mixed = f"/organisations/{other_slug}/rounds/{round_id}/report"
    assert outsider.get(f"{mixed}/{job_id}.pdf").status_code == 404

    coordinator = journeys.coordinator(reporting)
    with coordinator.get(f"{own}/{job_id}.pdf") as own_pdf:
        assert own_pdf.status_code == 200
    # The job belongs to one round: asked for under another one, it is not found.
    elsewhere = ids[("demo-agency", IN_PROGRESS_TITLE)]
    wrong_round = f"/organisations/demo-agency/rounds/{elsewhere}/report/{job_id}.pdf"
    assert coordinator.get(wrong_round).status_code == 404
    assert (
        coordinator.get(f"/organisations/demo-agency/rounds/{other_round}/report").status_code
        == 404
    )
    assert coordinator.get(f"{own}/{job_id + 1}.pdf").status_code == 404


def test_a_failed_report_says_so_and_can_be_asked_for_again(reporting: Flask) -> None:
    round_id = rounds(reporting)[("demo-agency", COMPLETED_TITLE)]
    coordinator = journeys.coordinator(reporting)
    path = f"/organisations/demo-agency/rounds/{round_id}/report"
    coordinator.get(path)
    with reporting.app_context():
        job = db.session.execute(db.select(ReportJob)).scalar_one()
        job.status, job.error = "failed", jobs.FAILURE
        db.session.commit()
    page = coordinator.get(path)
    assert journeys.status(page.text).startswith("The report could not be prepared.")
    assert "Something went wrong while preparing the report." in journeys.status(page.text)
    assert "Traceback" not in page.text and 'data-pending="true"' not in page.text
    retried = coordinator.post(path + "?lang=en", data={"csrf_token": csrf_token(page.text)})
    assert retried.status_code == 302
    assert "waiting to be prepared" in journeys.status(coordinator.get(path).text)
    # The French report failing the same way is worded for its French reader.
    coordinator.get(path + "?lang=fr")
    with reporting.app_context():
        french_job = db.session.execute(db.select(ReportJob).filter_by(language="fr")).scalar_one()
        french_job.status, french_job.error = "failed", jobs.FAILURE
        db.session.commit()
    french = journeys.status(coordinator.get(path + "?lang=fr").text)
    assert french.startswith("Le rapport n'a pas pu être préparé.")
    assert "Un problème est survenu lors de la préparation du rapport." in french


def test_a_round_without_submitted_responses_has_nothing_to_report(reporting: Flask) -> None:
    with reporting.app_context():
        agency = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        empty = AssessmentRound(organisation_id=agency.id, title="Empty round",
                                opens_at=datetime(2026, 1, 1, tzinfo=UTC),
                                closes_at=datetime(2026, 2, 1, tzinfo=UTC))  # fmt: skip
        db.session.add(empty)
        db.session.commit()
        empty_id = empty.id
    page = journeys.coordinator(reporting).get(
        f"/organisations/demo-agency/rounds/{empty_id}/report"
    )
    assert page.status_code == 200
    assert "once at least one person has submitted" in journeys.status(page.text)
    with reporting.app_context():
        assert db.session.execute(db.select(ReportJob)).first() is None


WEB_PROCESS = """
import sys
from assessment import create_app

app = create_app({"WTF_CSRF_ENABLED": False, "TASK_QUEUE_PATH": sys.argv[2]})
client = app.test_client()
signed = client.post(
    "/account/sign-in",
    data={"email": "coordinator@demo.example", "password": "innovate-demo-2026"},
)
assert signed.status_code == 302, signed.status_code
assert client.get(sys.argv[1]).status_code == 200
print(" ".join(sorted({m.split(".")[0] for m in sys.modules} & {"weasyprint", "choreographer"})))
"""


@pytest.mark.committed(reason="another Python process serves the page from the database")
def test_the_web_process_never_loads_weasyprint_nor_the_chart_browser(
    reporting: Flask, database_url: str
) -> None:
    round_id = rounds(reporting)[("demo-agency", COMPLETED_TITLE)]
    environment = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key"}
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", WEB_PROCESS, f"/organisations/demo-agency/rounds/{round_id}/report",
         reporting.config["TASK_QUEUE_PATH"]],
        env=environment, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == ""
    with reporting.app_context():
        assert db.session.execute(db.select(ReportJob.status)).scalar_one() == "queued"


def job_state(app: Flask) -> tuple[str, int, str | None]:
    """The English capability report's job (a worker's scheduled pass may queue others)."""
    with app.app_context():
        job = db.session.execute(
            db.select(ReportJob).filter_by(kind=KIND, language="en")
        ).scalar_one()
        return job.status, job.attempts, job.lease_owner


@pytest.mark.committed(reason="real worker processes read the queued job")
def test_a_worker_stopped_mid_render_hands_the_report_back_to_the_next_worker(
    reporting: Flask, tmp_path: Path
) -> None:
    round_id = rounds(reporting)[("demo-agency", COMPLETED_TITLE)]
    path = f"/organisations/demo-agency/rounds/{round_id}/report?lang=en"
    # No time to finish: SIGTERM hands the report back at once.
    environ = {**worker_environment(reporting.config, tmp_path / "first"),
               "WORKER_SHUTDOWN_SECONDS": "0"}  # fmt: skip
    first = Worker(environ, tmp_path / "first.log").start()
    coordinator = journeys.coordinator(reporting)
    assert coordinator.get(path).status_code == 200
    deadline = time.monotonic() + 120
    while job_state(reporting)[0] != "running":
        assert time.monotonic() < deadline, first.log()
        time.sleep(0.1)
    assert first.stop() == 0, first.log()  # SIGTERM, as a service manager sends
    assert job_state(reporting) == ("queued", 1, None)
    assert "handing back reports.render" in first.log()

    second = Worker(worker_environment(reporting.config, tmp_path / "second"),
                    tmp_path / "second.log").start()  # fmt: skip
    try:
        link = wait_for_download(coordinator, path)
        with coordinator.get(link) as pdf:
            assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
        assert job_state(reporting) == ("done", 2, None)
    finally:
        assert second.stop() == 0, second.log()
