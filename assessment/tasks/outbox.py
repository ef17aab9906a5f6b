"""Delivering the mail outbox (assessment/core/mail.py) through the queue.

After each commit that wrote messages, one ``mail.deliver`` task per message is
enqueued. The task claims the message (a lease: two workers never hold it at once),
hands it to the SMTP server, and marks it sent as soon as the server accepted it. An
SMTP failure leaves the message pending with the error and the time of the next
attempt, doubling the wait each time up to ``MAIL_RETRY_MAX_SECONDS``; after
``MAIL_MAX_ATTEMPTS`` it is marked failed, for an operator to retry
(``flask --app assessment queue retry mail ID``).

Exactly once, as far as SMTP allows: the sent mark is written right after the server's
acceptance, in the same task. Only a worker killed in the instant between the two would
send a message twice, and then with the same Message-ID, so the repeat can be told apart.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import event, or_
from sqlalchemy.orm import Session

from assessment.core.extensions import db
from assessment.core.mail import (
    CANCELLED,
    FAILED,
    PENDING,
    SENT,
    OutboxMessage,
    deliver_over_smtp,
    mask_links,
    retry_delay,
    still_wanted,
)
from assessment.core.types import utcnow
from assessment.tasks import due, enqueue, leases, task

log = logging.getLogger(__name__)
DELIVER = "mail.deliver"
_INFO_KEY = "outbox_written"


@task(DELIVER, retries=3, retry_delay=30)
def deliver(message_id: int) -> str:
    """Send one message if it is due and nobody else holds it; return what happened."""
    owner = leases.claim(
        OutboxMessage, message_id,
        OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= utcnow(),
        attempts=OutboxMessage.attempts + 1,
    )  # fmt: skip
    if owner is None:
        db.session.rollback()
        return "not due"
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        return "gone"
    if not still_wanted(message):
        db.session.rollback()
        leases.settle(OutboxMessage, message_id, owner, status=CANCELLED)
        log.info("mail %s no longer wanted (its round closed): cancelled", message_id)
        return CANCELLED
    db.session.expunge(message)
    # No transaction stays open while the SMTP server takes its time (on SQLite every
    # transaction holds the write lock).
    db.session.rollback()
    try:
        deliver_over_smtp(message)
    except (OSError, smtplib.SMTPException) as error:
        return _failed(message, owner, error)
    leases.settle(OutboxMessage, message_id, owner, status=SENT, sent_at=utcnow(),
                  last_error="", body=mask_links(message.body))  # fmt: skip
    log.info("mail %s sent to the SMTP server (attempt %s)", message_id, message.attempts)
    return SENT


def _failed(message: OutboxMessage, owner: str, error: Exception) -> str:
    attempts = message.attempts
    gave_up = attempts >= int(current_app.config["MAIL_MAX_ATTEMPTS"])
    wait = retry_delay(attempts)
    described = f"{type(error).__name__}: {error}"[:1000]
    leases.settle(OutboxMessage, message.id, owner, status=FAILED if gave_up else PENDING,
                  last_error=described, next_attempt_at=utcnow() + wait)  # fmt: skip
    if gave_up:
        log.error("mail %s failed %s times, giving up: %s", message.id, attempts, described)
        return FAILED
    log.warning("mail %s not sent (attempt %s), next in %.0f s: %s", message.id, attempts,
                wait.total_seconds(), described)  # fmt: skip
    enqueue(DELIVER, message.id, delay=wait.total_seconds())
    return PENDING


def retry_failed(message_id: int) -> bool:
    """Give a failed message a new series of attempts (an operator's decision)."""
    changed = db.session.execute(
        db.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == FAILED)
        .values(status=PENDING, attempts=0, next_attempt_at=utcnow(), enqueued_at=utcnow())
    ).rowcount
    db.session.commit()
    if changed:
        enqueue(DELIVER, message_id)
    return changed == 1


@due("mail")
def enqueue_due_mail() -> int:
    """Enqueue the pending messages no task is on; return how many.

    Never enqueued (broker down), enqueued long ago, or held by a worker that died.
    """
    now = utcnow()
    waited = now - timedelta(seconds=float(current_app.config["TASK_REQUEUE_SECONDS"]))
    ids = list(
        db.session.execute(
            db.select(OutboxMessage.id)
            .filter(
                OutboxMessage.status == PENDING,
                OutboxMessage.next_attempt_at < waited,
                leases.free(OutboxMessage),
                or_(OutboxMessage.enqueued_at.is_(None), OutboxMessage.enqueued_at < waited),
            )
            .limit(500)
        ).scalars()
    )
    if ids:
        db.session.execute(
            db.update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(enqueued_at=now)
        )
    db.session.commit()
    return sum(enqueue(DELIVER, message_id) for message_id in ids)


def _remember_written(session: Session, _context: Any) -> None:
    for written in session.new:
        if isinstance(written, OutboxMessage) and written.status == PENDING:
            session.info.setdefault(_INFO_KEY, set()).add(written.id)


def _enqueue_written(session: Session) -> None:
    written = session.info.pop(_INFO_KEY, None)
    for message_id in sorted(written or ()):
        enqueue(DELIVER, message_id)


def _forget_written(session: Session, previous: Any) -> None:
    if previous.parent is None:  # the whole transaction, not a savepoint within it
        session.info.pop(_INFO_KEY, None)


_installed = False


def install() -> None:
    """Enqueue the messages of each transaction once it has committed.

    Never before: a worker must find them, and a rolled-back request must send nothing.
    """
    global _installed
    if _installed:
        return
    event.listen(Session, "after_flush", _remember_written)
    event.listen(Session, "after_commit", _enqueue_written)
    event.listen(Session, "after_soft_rollback", _forget_written)
    _installed = True
