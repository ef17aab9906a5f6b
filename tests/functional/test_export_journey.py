"""A large round's results export, prepared by a real worker process and downloaded.

The embedded default (the SQLite queue, files stored in the database). The threshold
``EXPORT_QUEUE_ABOVE_RESPONSES`` is lowered so that the demo round counts as large;
a round at or under it is answered in the request, as before.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from openpyxl import load_workbook

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.reports.export_jobs import EXPORT_KIND, parameters
from assessment.reports.models import REPORT_DONE, ReportJob
from assessment.storage import storage
from assessment.survey.models import AssessmentRound
from assessment.survey.scoring import submitted_count
from assessment.tasks import queue
from tests.fixtures import journeys
from tests.fixtures.workers import Worker, running_worker

AGENCY = "Demo Agency for Public Innovation (demo)"


@pytest.fixture()
def large(app: Flask) -> Iterator[Flask]:
    """The demo data, with every round counting as large; the queue emptied."""
    with app.app_context():
        queue().huey.flush()
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "1"])
    assert result.exit_code == 0, result.output
    app.config["EXPORT_QUEUE_ABOVE_RESPONSES"] = 0
    yield app


@pytest.fixture()
def worker(large: Flask, tmp_path: Path) -> Iterator[Worker]:
    with running_worker(large.config, tmp_path) as started:
        yield started


def completed_round(app: Flask) -> int:
    return journeys.completed_round_of(app, "demo-agency")


def other_slug(app: Flask) -> str:
    with app.app_context():
        return str(
            db.session.execute(
                db.select(Organisation.slug).filter(Organisation.slug != "demo-agency")
            )
            .scalars()
            .first()
        )


def file_link(fmt: str) -> re.Pattern[str]:
    """The download link a status page offers once the file in ``fmt`` is ready."""
    return re.compile(rf'href="(/organisations/demo-agency/rounds/\d+/report/export/\d+\.{fmt})"')


@pytest.mark.committed(reason="a real worker process reads the queued export")
def test_a_large_export_is_prepared_by_a_worker_and_downloaded_in_each_format(
    large: Flask, worker: Worker
) -> None:
    round_id = completed_round(large)
    coordinator = journeys.coordinator(large)
    results = coordinator.get(f"/organisations/demo-agency/rounds/{round_id}/results?lang=fr")
    assert results.status_code == 200
    # The results page links to the status pages, without "download" (it would save
    # the status page itself as the file).
    status_path = f"/organisations/demo-agency/rounds/{round_id}/report/export.csv?lang=fr"
    assert f'href="{status_path.replace("&", "&amp;")}"' in results.text
    assert f'href="{status_path}" download' not in results.text

    # The old address still works: it leads to the same page.
    direct = coordinator.get(
        f"/organisations/demo-agency/rounds/{round_id}/results/export.csv?lang=fr"
    )
    assert direct.status_code == 302
    assert direct.headers["Location"].endswith(status_path)

    first = coordinator.get(status_path)
    assert first.status_code == 200
    assert journeys.status(first.text) in {
        "Le fichier attend d'être préparé.",
        "Le fichier est en préparation. Cette page se met à jour d'elle-même.",
        "Le fichier est prêt.",
    }
    files = {}
    for fmt in ("csv", "xlsx", "json"):
        path = f"/organisations/demo-agency/rounds/{round_id}/report/export.{fmt}?lang=fr"
        link = journeys.wait_for_link(coordinator, path, file_link(fmt))
        with coordinator.get(link) as answer:
            assert answer.status_code == 200
            assert "attachment" in answer.headers["Content-Disposition"]
            assert answer.headers["Cache-Control"] == "no-store"
            files[fmt] = answer.data

    # What the worker prepared is what the request would have answered: the same rows.
    table = list(csv.reader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    assert table[0][:3] == ["organisation", "round_id", "round_title"]
    assert {row[0] for row in table[1:]} == {AGENCY}
    sheet = load_workbook(io.BytesIO(files["xlsx"])).active
    assert sheet.max_row == len(table)
    document = json.loads(files["json"])
    assert document["lang"] == "fr" and len(document["rows"]) == len(table) - 1
    large.config["EXPORT_QUEUE_ABOVE_RESPONSES"] = 10_000
    at_once = coordinator.get(
        f"/organisations/demo-agency/rounds/{round_id}/results/export.csv?lang=fr"
    )
    assert at_once.status_code == 200
    assert at_once.data == files["csv"]

    # Asked for again: the same job, served from storage; nothing prepared twice.
    large.config["EXPORT_QUEUE_ABOVE_RESPONSES"] = 0
    again = coordinator.get(
        f"/organisations/demo-agency/rounds/{round_id}/report/export.csv?lang=fr"
    )
    assert journeys.status(again.text) == "Le fichier est prêt."
    with large.app_context():
        jobs = db.session.execute(
            db.select(ReportJob.status, ReportJob.language).filter_by(kind=EXPORT_KIND)
        ).all()
    assert jobs == [(REPORT_DONE, "fr")] * 3


def test_a_round_under_the_threshold_is_exported_in_the_request(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "1"])
    assert result.exit_code == 0, result.output
    round_id = completed_round(app)
    with app.app_context():
        answered = submitted_count(db.session.get(AssessmentRound, round_id))
    app.config["EXPORT_QUEUE_ABOVE_RESPONSES"] = answered
    coordinator = journeys.coordinator(app)
    answer = coordinator.get(f"/organisations/demo-agency/rounds/{round_id}/results/export.csv")
    assert answer.status_code == 200
    assert answer.mimetype == "text/csv"
    page = coordinator.get(f"/organisations/demo-agency/rounds/{round_id}/results")
    assert "/results/export.csv" in page.text and "/report/export.csv" not in page.text
    with app.app_context():
        assert db.session.execute(db.select(ReportJob).filter_by(kind=EXPORT_KIND)).first() is None


def test_an_export_file_is_served_only_to_its_organisation_its_round_and_its_format(
    app: Flask,
) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "2"])
    assert result.exit_code == 0, result.output
    round_id = journeys.completed_round_of(app, "demo-agency")
    other_slug_name = other_slug(app)
    outsider = journeys.other_coordinator(app, other_slug_name)
    with app.app_context():
        agency = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        # A finished export of the demo agency, and a finished PDF report of the same round.
        export = ReportJob(cache_key="1" * 64, kind=EXPORT_KIND, organisation_id=agency.id,
                           round_id=round_id, language="en", status=REPORT_DONE,
                           parameters=parameters("csv"),
                           file_key="reports/finished.csv")  # fmt: skip
        report = ReportJob(cache_key="2" * 64, kind="capability", organisation_id=agency.id,
                           round_id=round_id, language="en", status=REPORT_DONE,
                           file_key="reports/finished.pdf")  # fmt: skip
        db.session.add_all([export, report])
        storage().put("reports/finished.csv", b"organisation\r\n")
        storage().put("reports/finished.pdf", b"%PDF-stub")
        db.session.commit()
        export_id, report_id = export.id, report.id

    own = f"/organisations/demo-agency/rounds/{round_id}/report/export"
    assert outsider.get(f"{own}/{export_id}.csv").status_code == 404
    assert outsider.get(f"{own}.csv").status_code == 404
    mixed = f"/organisations/{other_slug_name}/rounds/{round_id}/report/export"
    assert outsider.get(f"{mixed}/{export_id}.csv").status_code == 404

    coordinator = journeys.coordinator(app)
    with coordinator.get(f"{own}/{export_id}.csv") as answer:
        assert answer.status_code == 200 and answer.data == b"organisation\r\n"
    assert coordinator.get(f"{own}/{export_id}.xlsx").status_code == 404  # not its format
    assert coordinator.get(f"{own}/{report_id}.csv").status_code == 404  # not an export
    # A PDF report's address does not serve an export either.
    pdf_route = f"/organisations/demo-agency/rounds/{round_id}/report/{export_id}.pdf"
    assert coordinator.get(pdf_route).status_code == 404
