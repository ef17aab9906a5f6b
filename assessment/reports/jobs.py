"""Report jobs: one row per report content, rendered by a background worker process.

A web request only looks a job up by its cache key, or queues one and makes sure a
worker is running; it never imports WeasyPrint nor starts a browser. A worker holds a
lock file while it runs, so there is at most one per reports folder (a long-running
``flask report-worker`` service, or one the web starts on demand that stops after a
while without work). Jobs are claimed with a compare-and-set, so two workers can never
render the same one; the lock of a worker that dies is released with its process, and
the next visit requeues the job it left running. Only the newest PDF of each round and
language is kept on disk.
"""

from __future__ import annotations

import fcntl
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

from flask import current_app
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.reports.keys import KIND, cache_key
from assessment.reports.models import (
    REPORT_DONE,
    REPORT_FAILED,
    REPORT_QUEUED,
    REPORT_RUNNING,
    ReportJob,
)
from assessment.survey.models import AssessmentRound

log = logging.getLogger(__name__)

# Why a job failed, stored as a code and worded on the status page in the reader's
# language (``reports.views.status_context``).
FAILURE = "failure"
SUPERSEDED = "superseded"

LOCK_FILE = "worker.lock"
LOG_FILE = "worker.log"
DEFAULT_IDLE_SECONDS = 60.0
POLL_SECONDS = 0.3
_PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
# Worker processes this web process started, by reports folder; polled so that none is
# left a zombie. Keyed by folder because one process may serve several apps (tests).
_children: dict[Path, subprocess.Popen[bytes]] = {}


def reports_folder() -> Path:
    """Where finished PDFs, exported charts and the worker's lock and log are kept."""
    configured = current_app.config.get("REPORTS_PATH")
    return Path(configured or Path(current_app.instance_path) / "reports")


def pdf_path(job: ReportJob) -> Path | None:
    """The finished file of ``job``, if it is done and the file is still there."""
    if job.status != REPORT_DONE or not job.file_path or Path(job.file_path).name != job.file_path:
        return None
    path = reports_folder() / job.file_path
    return path if path.is_file() else None


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
    """The job named ``key``: found (and its worker ensured), or queued now."""
    job = _find(key)
    if job is not None and job.status == REPORT_DONE and pdf_path(job) is not None:
        return job  # the cached repeat: nothing to do
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
            job = _find(key)
            assert job is not None
    elif job.status == REPORT_DONE:  # the file was cleaned away: render it again
        _requeue(job)
    _ensure_worker(job)
    return job


def retry(job: ReportJob) -> None:
    """Queue a failed job again."""
    if job.status == REPORT_FAILED:
        _requeue(job)
        _ensure_worker(job)


def _requeue(job: ReportJob) -> None:
    job.status, job.error, job.file_path, job.finished_at = REPORT_QUEUED, "", None, None
    db.session.commit()


def _ensure_worker(job: ReportJob) -> None:
    if job.status not in (REPORT_QUEUED, REPORT_RUNNING) or worker_alive():
        return
    if job.status == REPORT_RUNNING:  # its worker died while rendering it
        _requeue(job)
    launch_worker()


def _lock_path() -> Path:
    folder = reports_folder()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / LOCK_FILE


def _try_lock(path: Path) -> IO[bytes] | None:
    handle = open(path, "ab")  # noqa: SIM115 - held open for as long as the lock
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def worker_alive() -> bool:
    """Whether a worker holds the lock of this reports folder."""
    handle = _try_lock(_lock_path())
    if handle is None:
        return True
    handle.close()  # closing releases the lock at once
    return False


def launch_worker() -> None:
    """Start a detached worker process with this app's database and folders.

    Not while one this process started for the same folder is still running: it takes
    the lock within a second or so, and the pages that poll meanwhile need not start more.
    """
    for started_for, started in list(_children.items()):
        if started.poll() is not None:
            del _children[started_for]
    app = current_app
    folder = reports_folder()
    if folder in _children:
        return
    folder.mkdir(parents=True, exist_ok=True)
    environment = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "INSTANCE_PATH": app.instance_path,
        "SECRET_KEY": app.config["SECRET_KEY"],
        "ENVIRONMENT": app.config["ENVIRONMENT"],
        "MIN_GROUP_SIZE": str(app.config["MIN_GROUP_SIZE"]),
    }
    idle = app.config.get("REPORT_WORKER_IDLE_SECONDS", DEFAULT_IDLE_SECONDS)
    command = [sys.executable, "-m", "assessment.worker",
               "--reports-path", str(folder), "--idle", str(idle)]  # fmt: skip
    with open(folder / LOG_FILE, "ab") as output:
        child = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command, env=environment, cwd=_PROJECT_ROOT, stdin=subprocess.DEVNULL,
            stdout=output, stderr=output, start_new_session=True, close_fds=True,
        )  # fmt: skip
    _children[folder] = child
    log.info("started report worker %s", child.pid)


def launched_workers() -> list[subprocess.Popen[bytes]]:
    """The worker processes this process started and that may still run."""
    return list(_children.values())


# --- In the worker process -------------------------------------------------------


def _claim_next() -> int | None:
    """Take the oldest queued job (compare-and-set), or None when there is none."""
    queued = db.session.execute(
        db.select(ReportJob.id).filter_by(status=REPORT_QUEUED).order_by(ReportJob.id).limit(1)
    ).scalar_one_or_none()
    if queued is None:
        db.session.rollback()
        return None
    claimed = db.session.execute(
        db.update(ReportJob)
        .where(ReportJob.id == queued, ReportJob.status == REPORT_QUEUED)
        .values(status=REPORT_RUNNING)
    ).rowcount
    db.session.commit()
    return queued if claimed == 1 else None


def _finish(job_id: int, status: str, file_name: str | None = None, error: str = "") -> None:
    job = db.session.get(ReportJob, job_id)
    if job is not None:
        job.status, job.file_path, job.error, job.finished_at = status, file_name, error, utcnow()
    db.session.commit()


def _render_capability(job: ReportJob) -> bytes | None:
    """The capability report of ``job``, or None when the round changed since."""
    from assessment.reports.pipeline import capability_pdf

    organisation = db.session.get(Organisation, job.organisation_id)
    assessment_round = db.session.get(AssessmentRound, job.round_id)
    if organisation is None or assessment_round is None:
        raise LookupError("the organisation or round of this report is gone")
    if cache_key(organisation, assessment_round, job.language) != job.cache_key:
        return None  # the answers changed since it was asked for
    return capability_pdf(organisation, assessment_round, job.language)


def run_job(job_id: int) -> str:
    """Render one claimed job; return its final status (the error is logged, not raised)."""
    from assessment.reports.benchmark_pipeline import BENCHMARK_KIND, render_benchmark_job

    job = db.session.get(ReportJob, job_id)
    if job is None:
        return REPORT_FAILED
    started = time.perf_counter()
    try:
        render = render_benchmark_job if job.kind == BENCHMARK_KIND else _render_capability
        key = job.cache_key
        pdf = render(job)
        if pdf is None:
            # What it shows changed since it was asked for: the page will ask again.
            db.session.rollback()
            _finish(job_id, REPORT_FAILED, error=SUPERSEDED)
            return REPORT_FAILED
        path = reports_folder() / f"{key}.pdf"
        write_privately(path, pdf)
    except Exception:
        log.exception("report job %s failed", job_id)
        db.session.rollback()
        _finish(job_id, REPORT_FAILED, error=FAILURE)
        return REPORT_FAILED
    _finish(job_id, REPORT_DONE, file_name=path.name)
    _forget_older(job_id)
    log.info("report job %s done in %.2f s", job_id, time.perf_counter() - started)
    return REPORT_DONE


def write_privately(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically, readable by this system user alone (0600).

    A report names an agency and its levels: no other account of the machine may read it.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as output:
        output.write(content)
    os.replace(temporary, path)


def delete_reports_of(organisation_id: int) -> int:
    """Delete every rendered report of an organisation and its job; return how many files."""
    deleted = 0
    organisation_jobs = db.session.execute(
        db.select(ReportJob).filter_by(organisation_id=organisation_id)
    ).scalars()
    for job in organisation_jobs:
        path = pdf_path(job)
        if path is not None and path.exists():
            path.unlink()
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
            ReportJob.parameters == job.parameters, ReportJob.file_path.is_not(None),
        )
    ).scalars().all()  # fmt: skip
    for stale in older:
        if stale.file_path and Path(stale.file_path).name == stale.file_path:
            (reports_folder() / stale.file_path).unlink(missing_ok=True)
        stale.file_path = None
    db.session.commit()


def acquire_lock(path: Path, patience: float) -> IO[bytes] | None:
    """Take the worker lock at ``path``, waiting up to ``patience`` seconds; None if held."""
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + patience
    while True:
        handle = _try_lock(path)
        if handle is not None or time.monotonic() >= deadline:
            return handle
        time.sleep(0.1)


def run_worker(
    idle_seconds: float | None = None, patience: float = 2.0, lock: IO[bytes] | None = None
) -> int:
    """Render queued jobs until idle for ``idle_seconds`` (forever when None).

    ``lock``: the worker lock, when the caller took it already. Returns how many jobs
    were rendered; 0 when another worker keeps the lock for ``patience`` seconds.
    """
    path = _lock_path()
    lock = lock or acquire_lock(path, patience)
    rendered = 0
    while lock is not None:
        try:
            rendered += _work_while_busy(idle_seconds)
        finally:
            lock.close()
        # A job queued while we were stopping saw the lock still held and started no
        # worker: look once more after letting go, and carry on if there is one.
        lock = acquire_lock(path, patience=0) if _any_queued() else None
    return rendered


def _work_while_busy(idle_seconds: float | None) -> int:
    rendered = 0
    last_work = time.monotonic()
    while True:
        try:
            job_id = _claim_next()
        except SQLAlchemyError:  # e.g. SQLite busy for longer than its timeout: try again
            log.warning("could not look for report jobs", exc_info=True)
            db.session.rollback()
            job_id = None
        if job_id is not None:
            run_job(job_id)
            rendered += 1
            last_work = time.monotonic()
        elif idle_seconds is not None and time.monotonic() - last_work >= idle_seconds:
            return rendered
        else:
            time.sleep(POLL_SECONDS)


def _any_queued() -> bool:
    queued = db.session.execute(
        db.select(ReportJob.id).filter_by(status=REPORT_QUEUED).limit(1)
    ).scalar_one_or_none()
    db.session.rollback()
    return queued is not None


def configure_logging() -> None:
    """Log the worker's progress to stderr (the worker log when started by the web)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(process)d %(name)s %(message)s")
    # WeasyPrint reports every layout step at INFO; keep its warnings (refused URLs) only.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
