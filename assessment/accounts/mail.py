"""Account e-mails (invitations, password resets, address checks), in their reader's language.

Every account e-mail leaves through :func:`send`, the one place that hands it to
``core.mail``: when delivery moves onto the task queue, only that call changes.

Account e-mails never go to an organisation's outbox page: their links act as their
reader (set a password, take over an address), and a coordinator reading the outbox
must not be able to use them. Without a mail server they are written to the log
(the body, with its link, only in development).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale

from assessment.core import mail


def render(template: str, language: str, **context: Any) -> mail.Mail:
    """Render ``emails/accounts/<template>.txt`` in ``language``: subject line, then body."""
    recipient = str(context["recipient"])
    with force_locale(language):
        text = render_template(f"emails/accounts/{template}.txt", **context)
    subject, _, body = text.lstrip().partition("\n")
    return mail.Mail(recipient, subject.strip(), body.strip() + "\n")


def send(message: mail.Mail, *, organisation_id: int | None = None) -> None:
    """Queue an account e-mail in the caller's transaction (the outbox delivers it after commit)."""
    if not mail.smtp_configured():
        # The body holds a live link: only a development log may show it.
        development = current_app.config["ENVIRONMENT"] != "production"
        current_app.logger.warning(
            "No MAIL_SERVER: account e-mail to %s not sent. Subject: %s\n%s",
            message.recipient,
            message.subject,
            message.body if development else "(body not logged in production)",
        )
        return
    mail.send(message, organisation_id=organisation_id)


def send_rendered(template: str, language: str, **context: Any) -> None:
    """Render and send in one step (``recipient`` is one of the context values)."""
    send(render(template, language, **context), organisation_id=context.get("organisation_id"))
