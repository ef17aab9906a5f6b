"""E-mail through a transactional outbox: written with the change that causes it, sent later.

``send`` only adds a row to ``outbox_messages``, in the caller's transaction: a request
that fails sends nothing, and a saved invitation always has its message. A task
(assessment/tasks/outbox.py) delivers each row over SMTP after the commit, retrying
with back-off while the server is away, and marks it sent once the server accepted it.
Without a mail server (development, or production with ``MAIL_OUTBOX_IN_PRODUCTION``)
messages are kept for the coordinator's outbox page instead.
"""

from __future__ import annotations

import re
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app
from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assessment.core.extensions import db
from assessment.core.types import UTCDateTime, utcnow

# Delivery states of a message.
KEPT = "kept"  # no mail server: shown in the outbox, never sent
PENDING = "pending"  # waiting for (another) attempt
SENT = "sent"  # the SMTP server accepted it
FAILED = "failed"  # given up after MAIL_MAX_ATTEMPTS; an operator may retry it
CANCELLED = "cancelled"  # no longer wanted before it was sent (its round closed)


class OutboxMessage(db.Model):  # type: ignore[name-defined]
    """One e-mail, from the moment it is decided until the SMTP server has accepted it."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for account e-mails, which belong to no organisation (and no outbox page).
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    # The round a message is about, if any: closing the round cancels what is unsent.
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment_rounds.id", ondelete="SET NULL"), index=True
    )
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # One message per reason ("invitation:12:<nonce>", "reminder:12:3"): asking twice
    # for the same message never writes, so never sends, a second one.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=KEPT, server_default=KEPT, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="", server_default="")
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class Mail:
    recipient: str
    subject: str
    body: str


def smtp_configured() -> bool:
    """Tell whether messages leave through a real mail server."""
    return bool(current_app.config.get("MAIL_SERVER"))


def send(
    mail: Mail,
    *,
    organisation_id: int | None,
    key: str | None = None,
    round_id: int | None = None,
) -> OutboxMessage | None:
    """Write ``mail`` to the outbox in the caller's transaction (delivered after commit).

    ``key`` names the reason for the message; a message with the same key already
    written (by this transaction or an earlier one) is not written again: None then.
    """
    if key is not None:
        already = db.session.execute(
            db.select(OutboxMessage.id).filter_by(dedupe_key=key)
        ).scalar_one_or_none()
        if already is not None:
            return None
    message = OutboxMessage(
        organisation_id=organisation_id,
        round_id=round_id,
        recipient=mail.recipient,
        subject=mail.subject,
        body=mail.body,
        dedupe_key=key,
        status=PENDING if smtp_configured() else KEPT,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    return message


def cancel_unsent(round_id: int) -> int:
    """Cancel the messages about a round that have not left yet; return how many.

    Delivery claims only pending messages, so a cancelled one is never sent, even when
    its task is already queued.
    """
    result = db.session.execute(
        db.update(OutboxMessage)
        .where(OutboxMessage.round_id == round_id, OutboxMessage.status.in_((PENDING, KEPT)))
        .values(status=CANCELLED)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


_SEND_CHECKS: list[Callable[[OutboxMessage], bool]] = []


def send_check(check: Callable[[OutboxMessage], bool]) -> Callable[[OutboxMessage], bool]:
    """Declare a feature's last check before a message leaves (False: do not send it).

    A message can wait in the outbox (mail server down, queue busy) while what it says
    stops being true: a round that closed meanwhile must not get its invitations.
    """
    _SEND_CHECKS.append(check)
    return check


def still_wanted(message: OutboxMessage) -> bool:
    """Tell whether every feature's check still wants ``message`` sent."""
    return all(check(message) for check in _SEND_CHECKS)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after ``attempts`` failed attempts: doubling, up to a ceiling."""
    config = current_app.config
    seconds = float(config["MAIL_RETRY_SECONDS"]) * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, float(config["MAIL_RETRY_MAX_SECONDS"])))


def message_id(message: OutboxMessage) -> str:
    """The Message-ID of ``message``, the same at every attempt.

    So a receiving server (or a person) can tell a repeat from a new message.
    """
    domain = str(current_app.config["MAIL_SENDER"]).rpartition("@")[2] or "localhost"
    return make_msgid(idstring=f"outbox-{message.id}", domain=domain)


def deliver_over_smtp(message: OutboxMessage) -> None:
    """Hand ``message`` to the SMTP server; raises when the server does not accept it."""
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = message_id(message)
    email.set_content(message.body)
    port = int(config.get("MAIL_PORT", 587))
    timeout = float(config.get("MAIL_TIMEOUT_SECONDS", 10))
    with smtplib.SMTP(config["MAIL_SERVER"], port, timeout=timeout) as smtp:
        if config.get("MAIL_USE_TLS", True):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        refused = smtp.send_message(email)
    if refused:  # some recipients refused, the others accepted: ours is the only one
        raise smtplib.SMTPRecipientsRefused(refused)


# A personal link's token: whoever holds it answers in that person's name.
_PERSONAL_LINK = re.compile(r"(/respond/)([A-Za-z0-9_-]{12,})")


def mask_links(text: str) -> str:
    """Hide the tokens of personal links in ``text``, keeping their last four characters.

    The outbox shows coordinators what was sent, never a link that would let them answer
    in someone else's name; the last characters tell two messages apart.
    """
    return _PERSONAL_LINK.sub(lambda match: f"{match[1]}…{match[2][-4:]}", text)
