"""``flask queue``: what an operator sees of background work, and how they retry it."""

from __future__ import annotations

from flask import Flask

from assessment.core.extensions import db
from assessment.core.mail import FAILED, OutboxMessage
from assessment.reports.models import REPORT_FAILED, REPORT_QUEUED, ReportJob
from assessment.tasks import queue
from tests.fixtures import journeys


def test_an_operator_sees_the_queue_and_the_failures_with_their_errors_and_retries_them(
    app: Flask,
) -> None:
    journeys.seed_demo(app)
    with app.app_context():
        queue().huey.flush()
        job = ReportJob(cache_key="f" * 64, kind="capability", language="en",
                        status=REPORT_FAILED, error="Something went wrong.",
                        error_detail="Traceback…\nRuntimeError: the renderer broke")  # fmt: skip
        organisation_id = db.session.execute(db.text("SELECT min(id) FROM organisations")).scalar()
        message = OutboxMessage(organisation_id=organisation_id, recipient="a@example.org",
                                subject="Invitation", body="Hello", status=FAILED, attempts=12,
                                last_error="SMTPDataError: 554 rejected")  # fmt: skip
        waiting = ReportJob(cache_key="e" * 64, kind="capability", language="fr",
                            status=REPORT_QUEUED)  # fmt: skip
        db.session.add_all([job, message, waiting])
        db.session.commit()
        job_id, message_id = job.id, message.id
    runner = app.test_cli_runner()

    status = runner.invoke(args=["queue", "status"])
    assert status.exit_code == 0, status.output
    assert "broker: ok" in status.output
    assert "reports: failed 1, queued 1" in status.output
    assert "e-mail: failed 1" in status.output
    assert "oldest waiting report: " in status.output and "oldest waiting report: -" not in (
        status.output
    )

    failed = runner.invoke(args=["queue", "failed"])
    assert "RuntimeError: the renderer broke" in failed.output
    assert "SMTPDataError: 554 rejected" in failed.output

    for kind, item in (("report", job_id), ("mail", message_id)):
        retried = runner.invoke(args=["queue", "retry", kind, str(item)])
        assert retried.exit_code == 0, retried.output
    with app.app_context():
        assert db.session.get(ReportJob, job_id).status == REPORT_QUEUED
        assert db.session.get(OutboxMessage, message_id).status == "pending"
        assert queue().huey.pending_count() == 2
    again = runner.invoke(args=["queue", "retry", "report", str(job_id)])
    assert again.exit_code == 1 and f"no failed report {job_id}" in again.output
