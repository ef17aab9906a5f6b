"""``flask --app assessment queue``: what the background work is doing, for operators.

``status`` prints the queue's length, the work waiting in the database (reports and
e-mail by state, the age of the oldest), and ``failed`` lists what failed with its
error; ``retry`` gives a failed report or e-mail a new attempt.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from assessment.core.extensions import db
from assessment.core.mail import FAILED, PENDING, OutboxMessage
from assessment.core.types import utcnow
from assessment.reports import jobs
from assessment.reports.models import REPORT_FAILED, REPORT_QUEUED, REPORT_RUNNING, ReportJob
from assessment.tasks import broker_problem, queue
from assessment.tasks.outbox import retry_failed


def _age(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.0f} s"


def queue_status() -> dict[str, object]:
    """The numbers ``queue status`` prints (and /health summarises)."""
    now = utcnow()
    reports = dict(
        db.session.execute(
            db.select(ReportJob.status, db.func.count()).group_by(ReportJob.status)
        ).all()
    )
    mail = dict(
        db.session.execute(
            db.select(OutboxMessage.status, db.func.count()).group_by(OutboxMessage.status)
        ).all()
    )
    oldest_report = db.session.execute(
        db.select(db.func.min(ReportJob.created_at)).filter(
            ReportJob.status.in_([REPORT_QUEUED, REPORT_RUNNING])
        )
    ).scalar()
    oldest_mail = db.session.execute(
        db.select(db.func.min(OutboxMessage.created_at)).filter(OutboxMessage.status == PENDING)
    ).scalar()
    problem = broker_problem()
    huey = queue().huey
    return {
        "broker": problem or "ok",
        "queued_tasks": None if problem else huey.pending_count(),
        "scheduled_tasks": None if problem else huey.scheduled_count(),
        "reports": reports,
        "mail": mail,
        "oldest_waiting_report_seconds": oldest_report and (now - oldest_report).total_seconds(),
        "oldest_waiting_mail_seconds": oldest_mail and (now - oldest_mail).total_seconds(),
    }


@click.group("queue")
def queue_group() -> None:
    """Watch and retry background work (reports, e-mail)."""


@queue_group.command("status")
@with_appcontext
def status() -> None:
    """Queue length, waiting and failed work, and the age of the oldest waiting item."""
    numbers = queue_status()
    click.echo(f"broker: {numbers['broker']}")
    click.echo(f"tasks on the queue: {numbers['queued_tasks']}, scheduled (retries, delays):"
               f" {numbers['scheduled_tasks']}")  # fmt: skip
    click.echo("reports: " + _counts(numbers["reports"]))
    click.echo("e-mail: " + _counts(numbers["mail"]))
    click.echo(f"oldest waiting report: {_age(numbers['oldest_waiting_report_seconds'])}")  # type: ignore[arg-type]
    click.echo(f"oldest waiting e-mail: {_age(numbers['oldest_waiting_mail_seconds'])}")  # type: ignore[arg-type]


def _counts(counts: object) -> str:
    assert isinstance(counts, dict)
    return ", ".join(f"{name} {count}" for name, count in sorted(counts.items())) or "none"


@queue_group.command("failed")
@with_appcontext
def failed() -> None:
    """Failed reports and e-mail, with their errors (newest first)."""
    for job in db.session.execute(
        db.select(ReportJob).filter_by(status=REPORT_FAILED).order_by(ReportJob.id.desc())
    ).scalars():
        when = f"{job.finished_at:%Y-%m-%d %H:%M} UTC" if job.finished_at else "unknown"
        click.echo(f"report {job.id} ({job.kind}, {job.language}, attempts {job.attempts},"
                   f" failed {when}):")  # fmt: skip
        click.echo("  " + (job.error_detail or job.error).strip().replace("\n", "\n  "))
    for message in db.session.execute(
        db.select(OutboxMessage).filter_by(status=FAILED).order_by(OutboxMessage.id.desc())
    ).scalars():
        click.echo(f"e-mail {message.id} to {message.recipient} (attempts {message.attempts}):"
                   f" {message.last_error}")  # fmt: skip


@queue_group.command("retry")
@click.argument("kind", type=click.Choice(["report", "mail"]))
@click.argument("item_id", type=int)
@with_appcontext
def retry(kind: str, item_id: int) -> None:
    """Give a failed report or e-mail a new attempt."""
    if kind == "mail":
        if not retry_failed(item_id):
            raise click.ClickException(f"no failed e-mail {item_id}")
    else:
        job = db.session.get(ReportJob, item_id)
        if job is None or job.status != REPORT_FAILED:
            raise click.ClickException(f"no failed report {item_id}")
        jobs.retry(job)
    click.echo(f"{kind} {item_id} queued again.")
