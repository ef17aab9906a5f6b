"""What the coordinator's outbox says about each message's delivery, in their words."""

from __future__ import annotations

from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _

from assessment.core.extensions import db
from assessment.core.mail import CANCELLED, FAILED, KEPT, PENDING, SENT, OutboxMessage


def delivery(message: OutboxMessage) -> str:
    """One sentence on where ``message`` stands: kept, waiting, sent or failed."""
    if message.status == CANCELLED:
        return _("Not sent: the round closed before it left.")
    if message.status == KEPT:
        return _("Kept here: no mail server is configured.")
    if message.status == SENT and message.sent_at is not None:
        return _("Sent on %(when)s.", when=format_datetime(message.sent_at, "short"))
    if message.status == FAILED:
        return ngettext(
            "Not sent: the mail server did not accept it after %(num)d attempt. An"
            " administrator can try again.",
            "Not sent: the mail server did not accept it after %(num)d attempts. An"
            " administrator can try again.",
            message.attempts,
        )
    if message.status == PENDING and message.attempts and message.next_attempt_at is not None:
        return ngettext(
            "Not sent yet: the mail server did not accept it (%(num)d attempt). Next attempt"
            " on %(when)s.",
            "Not sent yet: the mail server did not accept it (%(num)d attempts). Next attempt"
            " on %(when)s.",
            message.attempts,
            when=format_datetime(message.next_attempt_at, "short"),
        )
    return _("Waiting to be sent.")


# The state of the latest message to each person, as the round page names it.
QUEUED, RETRYING, BOUNCED = "queued", "retrying", "bounced"


def state(message: OutboxMessage) -> str:
    """queued, retrying, sent, failed, bounced, kept or cancelled.

    "Bounced" is what the SMTP server said about the address itself: it refused the
    recipient (a 5xx answer to RCPT TO), which a retry will not change.
    """
    if message.last_error.startswith("SMTPRecipientsRefused") and message.status != SENT:
        return BOUNCED
    if message.status == PENDING:
        return RETRYING if message.attempts else QUEUED
    return message.status


def latest_by_recipient(round_id: int) -> dict[str, OutboxMessage]:
    """The newest message about the round to each address."""
    messages = db.session.execute(
        db.select(OutboxMessage).filter_by(round_id=round_id).order_by(OutboxMessage.id)
    ).scalars()
    return {message.recipient: message for message in messages}
