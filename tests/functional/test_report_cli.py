"""``flask report``: one PDF for batch use, rendered in the command's own process."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from pypdf import PdfReader

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.demo.assessments import COMPLETED_TITLE, IN_PROGRESS_TITLE
from assessment.reports import jobs
from assessment.reports.models import ReportJob
from assessment.survey.models import AssessmentRound
from assessment.tasks import queue


@pytest.fixture(scope="module")
def demo(module_app: Flask) -> Iterator[dict[str, int]]:
    """The demo agency and another organisation; the ids of the agency's rounds.

    Seeded once for the module; each test's writes are rolled back (see ``module_app``).
    """
    app = module_app
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "2"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        agency = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        ids = {
            r.title: r.id
            for r in db.session.execute(
                db.select(AssessmentRound).filter_by(organisation_id=agency.id)
            ).scalars()
        }
        db.session.rollback()
    yield ids


def report(app: Flask, *args: str) -> object:
    return app.test_cli_runner().invoke(args=["report", *args])


def test_the_report_command_writes_the_latest_closed_round_with_results(
    app: Flask, demo: dict[str, int], tmp_path: Path
) -> None:
    output = tmp_path / "agency.pdf"
    result = report(app, "--organisation", "demo-agency", "--lang", "fr", "--output", str(output))
    assert result.exit_code == 0, result.output
    # The round in progress opened last and has a submitted response, but its result
    # still changes: the default is the closed round.
    assert demo[IN_PROGRESS_TITLE] > demo[COMPLETED_TITLE]
    assert f"round {demo[COMPLETED_TITLE]} " in result.output
    reader = PdfReader(io.BytesIO(output.read_bytes()))
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Rapport sur les capacités d'innovation" in " ".join(text.split())
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_round_can_be_named(app: Flask, demo: dict[str, int], tmp_path: Path) -> None:
    output = tmp_path / "completed.pdf"
    round_id = str(demo[COMPLETED_TITLE])
    result = report(
        app, "--organisation", "demo-agency", "--round", round_id, "--output", str(output)
    )
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"%PDF")
    assert COMPLETED_TITLE in result.output


def test_an_unknown_organisation_or_round_is_a_usage_error(
    app: Flask, demo: dict[str, int], tmp_path: Path
) -> None:
    output = str(tmp_path / "x.pdf")
    unknown = report(app, "--organisation", "nowhere", "--output", output)
    assert unknown.exit_code == 2
    assert "no organisation with slug 'nowhere'" in unknown.output
    with app.app_context():
        foreign = (
            db.session.execute(
                db.select(AssessmentRound.id)
                .join(Organisation)
                .filter(Organisation.slug != "demo-agency")
            )
            .scalars()
            .first()
        )
    for round_id in (999_999, foreign):
        result = report(
            app, "--organisation", "demo-agency", "--round", str(round_id), "--output", output
        )
        assert result.exit_code == 2
        assert f"demo-agency has no round {round_id}" in result.output
    assert not Path(output).exists()


def test_nothing_to_report_is_an_error(app: Flask, demo: dict[str, int], tmp_path: Path) -> None:
    output = str(tmp_path / "x.pdf")
    with app.app_context():
        agency = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        empty = AssessmentRound(
            organisation_id=agency.id,
            title="Empty round",
            opens_at=datetime(2026, 1, 1, tzinfo=UTC),
            closes_at=datetime(2026, 2, 1, tzinfo=UTC),
        )
        bare = Organisation(
            name="Bare office",
            slug="bare-office",
            country="FR",
            government_level="local",
            sector="health",
            size_band="small",
        )
        db.session.add_all([empty, bare])
        db.session.commit()
        empty_id = empty.id
    result = report(
        app, "--organisation", "demo-agency", "--round", str(empty_id), "--output", output
    )
    assert result.exit_code == 1
    assert f"round {empty_id} of demo-agency has no submitted responses yet" in result.output
    result = report(app, "--organisation", "bare-office", "--output", output)
    assert result.exit_code == 1
    assert "bare-office has no round with submitted responses" in result.output
    assert not Path(output).exists()


def test_the_worker_command_renders_queued_reports(
    app: Flask, demo: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The render keeps its lease alive from a thread of its own every third of the
    # lease; that thread could not share this test's transaction (it would fail the
    # test). A lease longer than any render here means no beat falls due. The
    # heartbeat runs in the worker processes of tests/multihost/test_two_hosts.py.
    monkeypatch.setitem(app.config, "TASK_LEASE_SECONDS", 3600)
    with app.app_context():
        queue().huey.flush()
        organisation = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        job = jobs.request_report(
            organisation, db.session.get(AssessmentRound, demo[COMPLETED_TITLE]), "en", None
        )
        job_id = job.id
        db.session.commit()
    # report-worker: the name the worker had before, kept for existing service files.
    for name, ran in (("worker", 1), ("report-worker", 0)):
        result = app.test_cli_runner().invoke(args=[name, "--burst", "--nice", "0"])
        assert result.exit_code == 0, result.output
        assert f"{ran} task(s) run." in result.output
    with app.app_context():
        done = db.session.get(ReportJob, job_id)
        assert done.status == "done" and jobs.pdf_bytes(done) is not None
