"""Report jobs and their cache keys, with the queue's tasks run in this process.

A report is named by what it shows: the same state gives the same key (and the same
file, without rendering again); another language, a new or changed submitted
response, a target or a new name give another. The job's row is the truth: a task
claims it with a lease, so a task delivered twice renders once, and a job whose worker
died is taken over when its lease runs out.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.demo.assessments import COMPLETED_TITLE, IN_PROGRESS_TITLE
from assessment.reports import jobs, pipeline
from assessment.reports.keys import cache_key
from assessment.reports.models import (
    REPORT_DONE,
    REPORT_FAILED,
    REPORT_QUEUED,
    REPORT_RUNNING,
    ReportJob,
)
from assessment.results.targets import DimensionTarget
from assessment.storage import storage
from assessment.survey.models import AssessmentRound
from assessment.survey.responses import IN_PROGRESS, SUBMITTED, Response
from assessment.tasks import leases, queue


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
        queue().huey.flush()  # tasks other tests left on the session's queue
        yield demo
        db.session.rollback()


def queued() -> int:
    """How many tasks wait on the queue."""
    return int(queue().huey.pending_count())


def run_queued() -> int:
    """Run the queued tasks here, as a worker would; how many ran.

    Each task has a session of its own: this test's must not hold SQLite's write lock,
    and its rows are read again afterwards to see what the tasks wrote.
    """
    db.session.commit()
    ran = queue().run_queued()
    db.session.expire_all()
    return ran


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


def request(lang: str = "en") -> ReportJob:
    """The demo agency's completed round's report in ``lang``, as its page asks for it."""
    return jobs.request_report(*agency_round(), lang, None)


def add_target(assessment_round: AssessmentRound) -> DimensionTarget:
    """A target on one dimension: the report shows it, so its key changes."""
    target = DimensionTarget(
        round_id=assessment_round.id,
        questionnaire_id="leadership-mindsets",
        dimension_id="mandate-and-strategy",
        target_level=4,
    )
    db.session.add(target)
    return target


def leave_as_a_dead_worker_did(job: ReportJob) -> None:
    """As a worker killed with kill -9 during the render leaves its job: running, its
    task gone from the queue, its lease run out."""
    queue().huey.flush()
    job.status, job.lease_owner = REPORT_RUNNING, "dead-host:1234:abcd"
    job.lease_until = utcnow() - timedelta(seconds=1)
    db.session.commit()


@pytest.fixture()
def stub_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendering gives a stub PDF at once, for tests about jobs rather than their files."""
    monkeypatch.setattr(pipeline, "build_pdf", lambda data, fetcher=None: b"%PDF-stub")


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
    add_target(assessment_round)
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
    from assessment.benchmarks.publishing import latest_snapshot
    from assessment.benchmarks.refresh import refresh_benchmarks
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
    context: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = request("fr")
    assert job.status == REPORT_QUEUED and job.cache_key == key("fr")
    assert queued() == 1 and job.enqueued_at is not None
    assert run_queued() == 1
    assert job.status == REPORT_DONE and job.error == "" and job.attempts == 1
    assert job.file_key == f"reports/{job.cache_key}.pdf" and job.lease_owner is None
    pdf = jobs.pdf_bytes(job)
    assert pdf is not None and pdf.startswith(b"%PDF")

    def no_rendering(*args: Any) -> bytes:
        raise AssertionError("a cached report was rendered again")

    monkeypatch.setattr(pipeline, "build_pdf", no_rendering)
    again = request("fr")
    assert again.id == job.id and jobs.pdf_bytes(again) == pdf
    assert queued() == 0  # nothing to do, nothing enqueued
    assert request("en").id != job.id


def test_a_task_delivered_twice_renders_once(
    context: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    renders: list[int] = []

    def counted(data: Any, fetcher: Any = None) -> bytes:
        renders.append(1)
        return b"%PDF-stub"

    monkeypatch.setattr(pipeline, "build_pdf", counted)
    job = request()
    queue().enqueue(jobs.RENDER, job.id)  # as a due pass on another host would
    assert queued() == 2
    assert run_queued() == 2
    assert renders == [1]
    assert job.status == REPORT_DONE and job.attempts == 1


def test_a_job_another_worker_holds_is_left_to_it(context: Flask) -> None:
    job = request()
    owner = leases.claim(ReportJob, job.id, status=REPORT_RUNNING)
    assert owner is not None
    assert jobs.run_job(job.id) == "not claimed"
    db.session.expire_all()
    assert job.status == REPORT_RUNNING and job.lease_owner == owner
    # Its page does not enqueue it again while the lease is alive.
    before = queued()
    request()
    assert queued() == before


@pytest.mark.usefixtures("stub_pdf")
def test_a_job_whose_worker_died_is_taken_over_once_its_lease_ran_out(context: Flask) -> None:
    job = request()
    leave_as_a_dead_worker_did(job)
    assert jobs.enqueue_due_reports() == 1  # the due pass, every minute on every worker
    assert run_queued() == 1
    assert job.status == REPORT_DONE and job.lease_owner is None
    assert jobs.pdf_bytes(job) == b"%PDF-stub"


def test_the_status_page_enqueues_a_job_whose_lease_ran_out(context: Flask) -> None:
    job = request()
    leave_as_a_dead_worker_did(job)
    again = request()
    assert again.id == job.id and queued() == 1


def test_a_job_queued_but_never_enqueued_is_enqueued_by_the_due_pass(context: Flask) -> None:
    job = request()
    queue().huey.flush()  # as if the broker had been down when the page asked
    job.enqueued_at = None
    db.session.commit()
    assert jobs.enqueue_due_reports() == 1 and queued() == 1
    assert jobs.enqueue_due_reports() == 0  # just enqueued: not again before it waited


def test_a_stopping_worker_hands_its_job_back(context: Flask) -> None:
    job = request()
    queue().huey.flush()
    assert leases.claim(ReportJob, job.id, status=REPORT_RUNNING) is not None
    jobs.hand_back(job.id)
    db.session.expire_all()
    assert job.status == REPORT_QUEUED and job.lease_owner is None and queued() == 1


@pytest.mark.usefixtures("stub_pdf")
def test_a_cached_file_that_disappeared_is_rendered_again(context: Flask) -> None:
    job = request()
    run_queued()
    assert job.file_key is not None
    storage().delete(job.file_key)
    db.session.commit()
    again = request()
    assert again.id == job.id and again.status == REPORT_QUEUED and queued() == 1


@pytest.mark.usefixtures("stub_pdf")
def test_only_the_newest_report_of_a_round_and_language_is_kept(context: Flask) -> None:
    first, french = request("en"), request("fr")
    run_queued()
    first_file, french_file = first.file_key, french.file_key
    assert first_file is not None and french_file is not None
    target = add_target(agency_round()[1])
    db.session.commit()
    second = request()
    assert second.id != first.id
    run_queued()
    assert jobs.pdf_bytes(second) is not None
    assert not storage().exists(first_file) and first.file_key is None
    assert storage().exists(french_file)  # another language is another report
    db.session.delete(target)
    db.session.commit()
    # Back in the first state: its job is found again, and rendered again.
    again = request()
    assert again.id == first.id and again.status == REPORT_QUEUED


def test_a_failure_is_reported_in_words_to_coordinators_with_detail_for_operators(
    context: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> bytes:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(pipeline, "build_pdf", broken)
    job = request()
    run_queued()
    assert job.status == REPORT_FAILED
    assert job.error == jobs.FAILURE  # a code, worded on the status page in its reader's language
    assert "secret" not in job.error and "Traceback" not in job.error
    assert "RuntimeError: secret internal detail" in job.error_detail
    jobs.retry(job)
    assert job.status == REPORT_QUEUED and job.error == "" and queued() == 1


def test_a_job_whose_round_changed_before_rendering_is_not_stored_under_its_old_name(
    context: Flask,
) -> None:
    organisation, assessment_round = agency_round()
    job = jobs.request_report(organisation, assessment_round, "en", None)
    assessment_round.title = "Retitled while queued"
    db.session.commit()
    run_queued()
    assert job.status == REPORT_FAILED and jobs.pdf_bytes(job) is None
    fresh = jobs.request_report(organisation, assessment_round, "en", None)
    assert fresh.id != job.id and fresh.status == REPORT_QUEUED
    assessment_round.title = COMPLETED_TITLE
    db.session.commit()


@pytest.mark.usefixtures("stub_pdf")
def test_old_reports_and_files_no_job_names_are_pruned(context: Flask) -> None:
    old, recent = request("en"), request("fr")
    run_queued()
    old_file, recent_file = old.file_key, recent.file_key
    old.finished_at = utcnow() - timedelta(days=context.config["REPORT_RETENTION_DAYS"] + 1)
    storage().put("reports/orphan.pdf", b"%PDF-orphan")
    db.session.commit()
    cutoff_passed = utcnow() + timedelta(days=context.config["REPORT_RETENTION_DAYS"] + 1)
    assert "reports/orphan.pdf" in storage().older_than("reports/", cutoff_passed)
    assert jobs.prune() >= 1
    assert not storage().exists(old_file) and db.session.get(ReportJob, old.id) is None
    assert storage().exists(recent_file)


@pytest.fixture(autouse=True)
def _no_jobs_left(demo: Flask) -> Iterator[None]:
    yield
    with demo.app_context():
        db.session.execute(db.delete(ReportJob))
        for file_key in list(storage().older_than("reports/", utcnow() + timedelta(days=1))):
            storage().delete(file_key)
        db.session.commit()
