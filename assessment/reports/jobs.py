"""Report jobs: one row per report content, rendered by a worker of the task queue.

A web request looks a job up by its cache key, or creates it and enqueues
``reports.render`` after the commit; it never imports WeasyPrint nor starts a browser.
A worker claims the row with a lease (assessment/tasks/leases.py), so a report asked
for twice, or from two hosts at once, renders once; it stores the PDF in the shared
storage (assessment/storage) under ``reports/<cache key>.pdf``, which every host reads.

Nothing depends on the queue delivering exactly once: a job queued but never enqueued
(broker down), or left "running" by a worker killed with ``kill -9`` (its lease runs
out), is enqueued again by the due pass every minute and by the next visit of its
status page. A worker stopped with SIGTERM hands its job back at once. Only the newest
PDF of each report and language is kept; old ones are pruned (``prune``).
"""

from __future__ import annotations

import logging
import time
import traceback
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import and_, or_
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.reports.keys import ANNEX_KINDS, ANNEX_XLSX, KIND, cache_key
from assessment.reports.models import (
    REPORT_DONE,
    REPORT_FAILED,
    REPORT_QUEUED,
    REPORT_RUNNING,
    ReportJob,
)
from assessment.storage import storage
from assessment.survey.models import AssessmentRound
from assessment.tasks import due, enqueue, leases, periodic, task

log = logging.getLogger(__name__)

# Why a job failed, stored as a code and worded on the status page in the reader's
# language (``reports.views.status_context``).
FAILURE = "failure"
SUPERSEDED = "superseded"

RENDER = "reports.render"
FILE_PREFIX = "reports/"


def reports_folder() -> Path:
    """The folder of this host's exported-chart cache (a cache: never a report file)."""
    configured = current_app.config.get("REPORTS_PATH")
    return Path(configured or Path(current_app.instance_path) / "reports")


def file_key_of(job: ReportJob) -> str:
    """Where the finished file of ``job`` is stored: named by its content."""
    from assessment.reports.export_jobs import EXPORT_KIND, export_format

    if job.kind == EXPORT_KIND:
        extension = export_format(job)
    else:
        extension = "xlsx" if job.kind == ANNEX_XLSX else "pdf"
    return f"{FILE_PREFIX}{job.cache_key}.{extension}"


def pdf_bytes(job: ReportJob) -> bytes | None:
    """The finished file of ``job`` (a PDF, or an export), if it is done and still stored."""
    if job.status != REPORT_DONE or not job.file_key:
        return None
    return storage().get(job.file_key)


def _find(key: str) -> ReportJob | None:
    return db.session.execute(db.select(ReportJob).filter_by(cache_key=key)).scalar_one_or_none()


def request_report(
    organisation: Organisation, assessment_round: AssessmentRound, lang: str, user_id: int | None
) -> ReportJob:
    """The job for this round's report in its current state: found, or queued now."""
    key = cache_key(organisation, assessment_round, lang)
    return request_job(
        key, KIND, lang, user_id, organisation_id=organisation.id, round_id=assessment_round.id
    )


def request_annex(
    organisation: Organisation,
    assessment_round: AssessmentRound,
    lang: str,
    fmt: str,
    user_id: int | None,
) -> ReportJob:
    """The job for this round's technical annex in ``fmt`` (pdf or xlsx): found, or queued."""
    kind = ANNEX_KINDS[fmt]
    key = cache_key(organisation, assessment_round, lang, kind)
    return request_job(
        key, kind, lang, user_id, organisation_id=organisation.id, round_id=assessment_round.id
    )


def request_job(
    key: str,
    kind: str,
    lang: str,
    user_id: int | None,
    *,
    parameters: str = "",
    organisation_id: int | None = None,
    round_id: int | None = None,
) -> ReportJob:
    """The job named ``key``: found (enqueued again if it looks stuck), or queued now."""
    job = _find(key)
    if job is None:
        job = ReportJob(
            cache_key=key, kind=kind, organisation_id=organisation_id, round_id=round_id,
            language=lang, parameters=parameters, status=REPORT_QUEUED,
            requested_by_id=user_id,
        )  # fmt: skip
        db.session.add(job)
        try:
            db.session.commit()
        except IntegrityError:  # someone asked for the same report at the same moment
            db.session.rollback()
            found = _find(key)
            assert found is not None
            return found
        _enqueue(job)
    elif job.status == REPORT_DONE:
        if job.file_key and storage().exists(job.file_key):
            return job  # the cached repeat: nothing to do
        _requeue(job)  # its file was pruned: render it again
    elif _stuck(job):
        _enqueue(job)
    return job


def _stuck(job: ReportJob) -> bool:
    """Waiting with no task on it: a lapsed lease, or enqueued too long ago."""
    now = utcnow()
    if job.status == REPORT_RUNNING:
        return job.lease_until is None or job.lease_until < now
    waited = timedelta(seconds=float(current_app.config["TASK_REQUEUE_SECONDS"]))
    return job.status == REPORT_QUEUED and (
        job.enqueued_at is None or job.enqueued_at < now - waited
    )


def retry(job: ReportJob) -> None:
    """Queue a failed job again."""
    if job.status == REPORT_FAILED:
        _requeue(job)


def _requeue(job: ReportJob) -> None:
    job.status, job.error, job.error_detail = REPORT_QUEUED, "", ""
    job.file_key, job.finished_at, job.attempts = None, None, 0
    db.session.commit()
    _enqueue(job)


def _enqueue(job: ReportJob) -> None:
    job_id = job.id
    # No transaction may stay open here: on SQLite it holds the write lock, which the
    # task needs at once when it runs where it is enqueued (immediate mode).
    db.session.commit()
    if enqueue(RENDER, job_id):
        db.session.execute(
            db.update(ReportJob).where(ReportJob.id == job_id).values(enqueued_at=utcnow())
        )
        db.session.commit()


# --- In a worker -----------------------------------------------------------------


def hand_back(job_id: int) -> None:
    """Give a job back to the queue (its worker is stopping): another takes it at once."""
    returned = db.session.execute(
        db.update(ReportJob)
        .where(ReportJob.id == job_id, ReportJob.status == REPORT_RUNNING)
        .values(status=REPORT_QUEUED, lease_owner=None, lease_until=None)
    ).rowcount
    db.session.commit()
    if returned:
        enqueue(RENDER, job_id)


@task(RENDER, retries=3, retry_delay=15, hand_back=hand_back)
def run_job(job_id: int) -> str:
    """Render job ``job_id`` unless it is done or another worker holds it; its status."""
    owner = leases.claim(
        ReportJob, job_id, ReportJob.status.in_([REPORT_QUEUED, REPORT_RUNNING]),
        status=REPORT_RUNNING, attempts=ReportJob.attempts + 1,
    )  # fmt: skip
    if owner is None:
        db.session.rollback()
        return "not claimed"
    started = time.perf_counter()
    job = db.session.get(ReportJob, job_id)
    assert job is not None
    try:
        with leases.kept(ReportJob, job_id, owner):
            pdf = _render(job)
    except SQLAlchemyError:
        # The database went away: not the report's fault. Give the job back and let
        # the queue retry; the due pass enqueues it again should the retries run out.
        log.warning("report job %s: database error, retried later", job_id, exc_info=True)
        db.session.rollback()
        _release(job_id, owner)
        raise
    except Exception as error:
        log.exception("report job %s failed", job_id)
        db.session.rollback()
        leases.settle(ReportJob, job_id, owner, status=REPORT_FAILED, finished_at=utcnow(),
                      error=FAILURE, error_detail=_detail(error))  # fmt: skip
        return REPORT_FAILED
    if pdf is None:
        # What it shows changed since it was asked for: the page will ask again.
        db.session.rollback()
        leases.settle(ReportJob, job_id, owner, status=REPORT_FAILED, finished_at=utcnow(),
                      error=SUPERSEDED, error_detail="superseded")  # fmt: skip
        return REPORT_FAILED
    key = file_key_of(job)
    storage().put(key, pdf)  # in the database storage, committed with the "done" mark
    if leases.settle(ReportJob, job_id, owner, status=REPORT_DONE, file_key=key,
                     finished_at=utcnow(), error="", error_detail=""):  # fmt: skip
        _forget_older(job_id)
    log.info("report job %s done in %.2f s", job_id, time.perf_counter() - started)
    return REPORT_DONE


def _release(job_id: int, owner: str) -> None:
    try:
        leases.settle(ReportJob, job_id, owner, status=REPORT_QUEUED)
    except SQLAlchemyError:  # still away: the lease runs out by itself
        db.session.rollback()


def _detail(error: Exception) -> str:
    return "".join(traceback.format_exception(error))[-4000:]


def _render(job: ReportJob) -> bytes | None:
    from assessment.reports.annex_pipeline import render_annex_job
    from assessment.reports.benchmark_pipeline import BENCHMARK_KIND, render_benchmark_job
    from assessment.reports.export_jobs import EXPORT_KIND, render_export_job

    if job.kind == BENCHMARK_KIND:
        return render_benchmark_job(job)
    if job.kind == EXPORT_KIND:
        return render_export_job(job)
    if job.kind in ANNEX_KINDS.values():
        return render_annex_job(job)
    return _render_capability(job)


def _render_capability(job: ReportJob) -> bytes | None:
    """The capability report of ``job``, or None when the round changed since."""
    from assessment.reports.pipeline import build_pdf
    from assessment.results.capability import capability_data

    organisation = db.session.get(Organisation, job.organisation_id)
    assessment_round = db.session.get(AssessmentRound, job.round_id)
    if organisation is None or assessment_round is None:
        raise LookupError("the organisation or round of this report is gone")
    if cache_key(organisation, assessment_round, job.language) != job.cache_key:
        return None  # the answers changed since it was asked for
    with force_locale(job.language):  # gathered and rendered in the report's language
        data = capability_data(organisation, assessment_round, with_answer_counts=True)
        db.session.rollback()  # release SQLite's lock while rendering
        return build_pdf(data)


def delete_reports_of(organisation_id: int) -> int:
    """Delete every stored report of an organisation and its job; return how many files."""
    deleted = 0
    organisation_jobs = db.session.execute(
        db.select(ReportJob).filter_by(organisation_id=organisation_id)
    ).scalars()
    for job in organisation_jobs:
        if job.file_key:
            storage().delete(job.file_key)
            deleted += 1
        db.session.delete(job)
    return deleted


def _forget_older(job_id: int) -> None:
    """Delete the files of earlier reports of the same content and language.

    Their content is out of date; should the round come back to that exact state, the
    job finds its file gone and is rendered again.
    """
    job = db.session.get(ReportJob, job_id)
    same_round = (
        ReportJob.round_id.is_(None) if job.round_id is None else ReportJob.round_id == job.round_id
    )
    older = db.session.execute(
        db.select(ReportJob).filter(
            ReportJob.id != job_id, ReportJob.kind == job.kind, same_round,
            ReportJob.language == job.language,
            ReportJob.parameters == job.parameters, ReportJob.file_key.is_not(None),
        )
    ).scalars().all()  # fmt: skip
    for stale in older:
        if stale.file_key != file_key_of(job):
            storage().delete(stale.file_key)
        stale.file_key = None
    db.session.commit()


@due("reports")
def enqueue_due_reports() -> int:
    """Enqueue the jobs no task is on: queued long ago or never, or whose lease lapsed."""
    now = utcnow()
    waited = now - timedelta(seconds=float(current_app.config["TASK_REQUEUE_SECONDS"]))
    ids = list(
        db.session.execute(
            db.select(ReportJob.id).filter(
                or_(
                    and_(ReportJob.status == REPORT_QUEUED,
                         or_(ReportJob.enqueued_at.is_(None), ReportJob.enqueued_at < waited)),
                    and_(ReportJob.status == REPORT_RUNNING, leases.free(ReportJob)),
                )
            ).limit(500)
        ).scalars()
    )  # fmt: skip
    if ids:
        db.session.execute(
            db.update(ReportJob).where(ReportJob.id.in_(ids)).values(enqueued_at=now)
        )
    db.session.commit()
    return sum(enqueue(RENDER, job_id) for job_id in ids)


@periodic("reports.prune", minute="23", hour="*")
def prune() -> int:
    """Delete old reports and their files; return how many files.

    Reports older than ``REPORT_RETENTION_DAYS`` (files and jobs), stored files no job
    names any more, and this host's old exported charts.
    """
    days = float(current_app.config["REPORT_RETENTION_DAYS"])
    cutoff = utcnow() - timedelta(days=days)
    old = db.session.execute(
        db.select(ReportJob).filter(
            ReportJob.status.in_([REPORT_DONE, REPORT_FAILED]),
            or_(ReportJob.finished_at < cutoff,
                and_(ReportJob.finished_at.is_(None), ReportJob.created_at < cutoff)),
        )
    ).scalars().all()  # fmt: skip
    pruned = 0
    for job in old:
        if job.file_key:
            storage().delete(job.file_key)
            pruned += 1
        db.session.delete(job)
    db.session.commit()
    named = set(db.session.execute(db.select(ReportJob.file_key)).scalars())
    for key in list(storage().older_than(FILE_PREFIX, cutoff)):
        if key not in named:
            storage().delete(key)
            pruned += 1
    db.session.commit()
    return pruned + prune_chart_cache(cutoff.timestamp())


def prune_chart_cache(before: float) -> int:
    """Delete this host's exported charts last used before ``before`` (a Unix time)."""
    folder = reports_folder() / "charts"
    removed = 0
    for path in folder.glob("*") if folder.is_dir() else ():
        try:
            if path.is_file() and path.stat().st_mtime < before:
                path.unlink()
                removed += 1
        except OSError:  # another worker of this host removed it first
            continue
    return removed
