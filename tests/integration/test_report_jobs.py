"""Report jobs and their cache keys, with the worker run in this process.

A report is named by what it shows: the same state gives the same key (and the same
file, without rendering again); another language, a new or changed submitted
response, a target or a new name give another.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.demo.assessments import COMPLETED_TITLE, IN_PROGRESS_TITLE
from assessment.reports import jobs, pipeline
from assessment.reports.keys import cache_key
from assessment.reports.models import REPORT_DONE, REPORT_FAILED, REPORT_QUEUED, ReportJob
from assessment.results.targets import DimensionTarget
from assessment.survey.models import AssessmentRound
from assessment.survey.responses import IN_PROGRESS, SUBMITTED, Response


@pytest.fixture(scope="module")
def demo(migrated_app: Flask) -> Iterator[Flask]:
    """The demo agency, seeded once for this module."""
    from tests.fixtures.database import empty_all_tables

    app = migrated_app
    with app.app_context():
        empty_all_tables()
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "1"])
    assert result.exit_code == 0, result.output
    yield app
    with app.app_context():
        empty_all_tables()


@pytest.fixture()
def context(demo: Flask) -> Iterator[Flask]:
    with demo.app_context():
        yield demo
        db.session.rollback()


@pytest.fixture()
def launched(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record worker launches instead of starting processes (the functional tests do)."""
    calls: list[int] = []
    monkeypatch.setattr(jobs, "launch_worker", lambda: calls.append(1))
    return calls


def agency_round(title: str = COMPLETED_TITLE) -> tuple[Organisation, AssessmentRound]:
    organisation = db.session.execute(
        db.select(Organisation).filter_by(slug="demo-agency")
    ).scalar_one()
    assessment_round = db.session.execute(
        db.select(AssessmentRound).filter_by(organisation_id=organisation.id, title=title)
    ).scalar_one()
    return organisation, assessment_round


def key(lang: str = "en", title: str = COMPLETED_TITLE) -> str:
    return cache_key(*agency_round(title), lang)


def test_the_key_is_stable_and_differs_by_language(context: Flask) -> None:
    assert key("en") == key("en")
    assert key("en") != key("fr")
    assert key("en") != key("en", IN_PROGRESS_TITLE)


def test_a_new_submitted_response_gives_a_new_key(context: Flask) -> None:
    before = key(title=IN_PROGRESS_TITLE)
    _, assessment_round = agency_round(IN_PROGRESS_TITLE)
    waiting = (
        db.session.execute(
            db.select(Response).filter_by(round_id=assessment_round.id, status=IN_PROGRESS)
        )
        .scalars()
        .first()
    )
    assert waiting is not None
    waiting.status, waiting.submitted_at = SUBMITTED, utcnow()
    db.session.flush()
    assert key(title=IN_PROGRESS_TITLE) != before


def test_a_changed_submitted_response_gives_a_new_key(context: Flask) -> None:
    before = key()
    _, assessment_round = agency_round()
    response = (
        db.session.execute(
            db.select(Response).filter_by(round_id=assessment_round.id, status=SUBMITTED)
        )
        .scalars()
        .first()
    )
    response.version += 1
    db.session.flush()
    assert key() != before


def test_a_target_gives_a_new_key(context: Flask) -> None:
    before = key()
    _, assessment_round = agency_round()
    db.session.add(DimensionTarget(
        round_id=assessment_round.id, questionnaire_id="leadership-mindsets",
        dimension_id="mandate-and-strategy", target_level=4,
    ))  # fmt: skip
    db.session.flush()
    assert key() != before


def test_a_new_organisation_name_or_round_title_gives_a_new_key(context: Flask) -> None:
    before = key()
    organisation, assessment_round = agency_round()
    organisation.name = "Renamed agency"
    db.session.flush()
    renamed = key()
    assessment_round.unit_assessed = "Another unit"
    db.session.flush()
    assert len({before, renamed, key()}) == 3


def test_a_new_benchmark_publication_or_the_rounds_own_consent_gives_a_new_key(
    context: Flask,
) -> None:
    from assessment.benchmarks.models import BenchmarkSnapshot
    from assessment.benchmarks.publishing import latest_snapshot, refresh_benchmarks
    from tests.fixtures.benchmarks import add_organisation, add_result

    seeded = latest_snapshot()  # seed-demo publishes one
    assert seeded is not None
    first = seeded.id
    before = key()
    peer = add_organisation("peer-agency", "FR")
    add_result(peer, 3.4)
    db.session.flush()
    assert key() == before  # another organisation's round shows from the next refresh
    refresh_benchmarks()
    published = key()
    _, assessment_round = agency_round()
    assessment_round.consent = "private"  # its own position is withdrawn at once
    db.session.flush()
    assert len({before, published, key()}) == 3
    # Leave the module's demo data as it was.
    db.session.rollback()
    db.session.execute(db.delete(BenchmarkSnapshot).where(BenchmarkSnapshot.id > first))
    db.session.execute(db.delete(Organisation).where(Organisation.slug == "peer-agency"))
    db.session.commit()


def test_a_report_is_rendered_once_and_then_served_from_the_cache(
    context: Flask, launched: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    organisation, assessment_round = agency_round()
    job = jobs.request_report(organisation, assessment_round, "fr", None)
    assert job.status == REPORT_QUEUED and job.cache_key == key("fr")
    assert launched == [1]
    assert jobs.run_worker(idle_seconds=0) == 1
    db.session.expire_all()
    assert job.status == REPORT_DONE and job.error == ""
    path = jobs.pdf_path(job)
    assert path is not None and path.read_bytes().startswith(b"%PDF")
    written = path.stat().st_mtime_ns

    def no_rendering(*args: Any) -> bytes:
        raise AssertionError("a cached report was rendered again")

    monkeypatch.setattr(pipeline, "build_pdf", no_rendering)
    again = jobs.request_report(organisation, assessment_round, "fr", None)
    assert again.id == job.id and jobs.pdf_path(again) == path
    assert path.stat().st_mtime_ns == written
    assert launched == [1]  # nothing to do, no worker needed
    assert jobs.request_report(organisation, assessment_round, "en", None).id != job.id


def test_a_cached_file_that_disappeared_is_rendered_again(
    context: Flask, launched: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "build_pdf", lambda data, fetcher=None: b"%PDF-stub")
    organisation, assessment_round = agency_round()
    job = jobs.request_report(organisation, assessment_round, "en", None)
    jobs.run_worker(idle_seconds=0)
    path = jobs.pdf_path(job)
    assert path is not None
    path.unlink()
    again = jobs.request_report(organisation, assessment_round, "en", None)
    assert again.id == job.id and again.status == REPORT_QUEUED and len(launched) == 2


def test_only_the_newest_report_of_a_round_and_language_is_kept(
    context: Flask, launched: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "build_pdf", lambda data, fetcher=None: b"%PDF-stub")
    organisation, assessment_round = agency_round()
    first = jobs.request_report(organisation, assessment_round, "en", None)
    french = jobs.request_report(organisation, assessment_round, "fr", None)
    jobs.run_worker(idle_seconds=0)
    first_file, french_file = jobs.pdf_path(first), jobs.pdf_path(french)
    assert first_file is not None and french_file is not None
    target = DimensionTarget(
        round_id=assessment_round.id,
        questionnaire_id="leadership-mindsets",
        dimension_id="mandate-and-strategy",
        target_level=4,
    )
    db.session.add(target)
    db.session.commit()
    second = jobs.request_report(organisation, assessment_round, "en", None)
    assert second.id != first.id
    jobs.run_worker(idle_seconds=0)
    db.session.expire_all()
    assert jobs.pdf_path(second) is not None
    assert not first_file.exists() and first.file_path is None
    assert french_file.exists()  # another language is another report
    db.session.delete(target)
    db.session.commit()
    # Back in the first state: its job is found again, and rendered again.
    again = jobs.request_report(organisation, assessment_round, "en", None)
    assert again.id == first.id and again.status == REPORT_QUEUED


def test_a_failure_is_reported_in_words_and_can_be_retried(
    context: Flask, launched: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> bytes:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(pipeline, "build_pdf", broken)
    organisation, assessment_round = agency_round()
    job = jobs.request_report(organisation, assessment_round, "en", None)
    jobs.run_worker(idle_seconds=0)
    db.session.expire_all()
    assert job.status == REPORT_FAILED
    assert job.error.startswith("Something went wrong while preparing the report.")
    assert "secret" not in job.error and "Traceback" not in job.error
    jobs.retry(job)
    assert job.status == REPORT_QUEUED and job.error == "" and len(launched) == 2


def test_a_job_whose_round_changed_before_rendering_is_not_stored_under_its_old_name(
    context: Flask, launched: list[int]
) -> None:
    organisation, assessment_round = agency_round()
    job = jobs.request_report(organisation, assessment_round, "en", None)
    assessment_round.title = "Retitled while queued"
    db.session.commit()
    jobs.run_worker(idle_seconds=0)
    db.session.expire_all()
    assert job.status == REPORT_FAILED and jobs.pdf_path(job) is None
    fresh = jobs.request_report(organisation, assessment_round, "en", None)
    assert fresh.id != job.id and fresh.status == REPORT_QUEUED
    assessment_round.title = COMPLETED_TITLE
    db.session.commit()


def test_no_worker_is_started_while_one_holds_the_lock(context: Flask, launched: list[int]) -> None:
    lock = jobs._try_lock(jobs.reports_folder() / jobs.LOCK_FILE)
    assert lock is not None
    try:
        assert jobs.worker_alive()
        assert jobs.run_worker(idle_seconds=0, patience=0.2) == 0  # a second worker gives way
        organisation, assessment_round = agency_round()
        job = jobs.request_report(organisation, assessment_round, "fr", None)
        assert job.status == REPORT_QUEUED and launched == []
    finally:
        lock.close()
    assert not jobs.worker_alive()


def test_a_job_left_running_by_a_dead_worker_is_queued_again(
    context: Flask, launched: list[int]
) -> None:
    organisation, assessment_round = agency_round()
    job = jobs.request_report(organisation, assessment_round, "en", None)
    job.status = "running"  # as a worker that was killed mid-render leaves it
    db.session.commit()
    again = jobs.request_report(organisation, assessment_round, "en", None)
    assert again.id == job.id and again.status == REPORT_QUEUED and len(launched) == 2


def test_a_worker_for_another_reports_folder_does_not_stand_in_for_this_one(
    context: Flask, tmp_path: Path
) -> None:
    # One process may serve several apps (as the tests do): a worker still starting for
    # one app's folder must not keep another app's queue from getting a worker.
    configured = context.config["REPORTS_PATH"]
    context.config["REPORT_WORKER_IDLE_SECONDS"] = 0.5
    try:
        context.config["REPORTS_PATH"] = str(tmp_path / "elsewhere")
        jobs.launch_worker()
        context.config["REPORTS_PATH"] = configured
        jobs.launch_worker()
        jobs.launch_worker()  # its own worker is starting: no third one
        started = jobs.launched_workers()
        assert len(started) == 2
        assert {Path(w.args[w.args.index("--reports-path") + 1]) for w in started} == {
            tmp_path / "elsewhere",
            Path(configured),
        }
    finally:
        context.config.pop("REPORT_WORKER_IDLE_SECONDS")
        context.config["REPORTS_PATH"] = configured
        for worker in jobs.launched_workers():
            assert worker.wait(timeout=60) == 0


@pytest.fixture(autouse=True)
def _no_jobs_left(demo: Flask) -> Iterator[None]:
    yield
    with demo.app_context():
        db.session.execute(db.delete(ReportJob))
        db.session.commit()
    for path in Path(demo.config["REPORTS_PATH"]).glob("*.pdf"):
        path.unlink()
