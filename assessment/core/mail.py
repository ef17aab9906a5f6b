"""Sending e-mail: through SMTP when configured, otherwise into the coordinator's outbox.

The outbox lets the whole invitation flow work on a laptop with no mail server.
"""

from __future__ import annotations

import re
import smtplib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assessment.core.extensions import db
from assessment.core.types import UTCDateTime, utcnow


class OutboxMessage(db.Model):  # type: ignore[name-defined]
    """An e-mail kept for the coordinator to read when no mail server is configured."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@dataclass(frozen=True)
class Mail:
    recipient: str
    subject: str
    body: str


def smtp_configured() -> bool:
    """Tell whether messages leave through a real mail server."""
    return bool(current_app.config.get("MAIL_SERVER"))


def send(mail: Mail, *, organisation_id: int) -> None:
    """Send ``mail``, or keep it in the organisation's outbox when there is no server."""
    if not smtp_configured():
        db.session.add(
            OutboxMessage(
                organisation_id=organisation_id,
                recipient=mail.recipient,
                subject=mail.subject,
                body=mail.body,
            )
        )
        return
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    with smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT", 587)), timeout=10) as smtp:
        if config.get("MAIL_USE_TLS", True):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


# A personal link's token: whoever holds it answers in that person's name.
_PERSONAL_LINK = re.compile(r"(/respond/)([A-Za-z0-9_-]{12,})")


def mask_links(text: str) -> str:
    """Hide the tokens of personal links in ``text``, keeping their last four characters.

    The outbox shows coordinators what was sent, never a link that would let them answer
    in someone else's name; the last characters tell two messages apart.
    """
    return _PERSONAL_LINK.sub(lambda match: f"{match[1]}…{match[2][-4:]}", text)
