"""Invitations go out through the outbox, to a real SMTP server on loopback.

The request only writes the messages, with the invitations, in one transaction; the
queue's tasks (run here as a worker would) deliver them after the commit. A mail
server that is down or refusing delays messages but never loses nor repeats one.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.core.extensions import db
from assessment.core.mail import FAILED, KEPT, PENDING, SENT, OutboxMessage
from assessment.survey import invitations
from assessment.survey.models import AssessmentRound, Invitation
from assessment.tasks import outbox, queue
from tests.fixtures import journeys
from tests.fixtures.smtp import SmtpServer

FIVE = [f"person{n}@example.org" for n in range(1, 6)]
RETRY = 2.0


@pytest.fixture()
def mailing(app: Flask, smtp_server: SmtpServer) -> Iterator[Flask]:
    """The app sending through ``smtp_server``, with retries two seconds apart."""
    saved = {name: app.config[name] for name in
             ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_SENDER", "MAIL_RETRY_SECONDS",
              "MAIL_RETRY_MAX_SECONDS", "MAIL_MAX_ATTEMPTS", "TASK_REQUEUE_SECONDS")}  # fmt: skip
    app.config.update(smtp_server.settings())
    # Retries far enough apart that one run of the tasks never reaches the next attempt.
    app.config.update(MAIL_RETRY_SECONDS=RETRY, MAIL_RETRY_MAX_SECONDS=RETRY, MAIL_MAX_ATTEMPTS=3)
    with app.app_context():
        queue().huey.flush()
    journeys.seed_demo(app)
    yield app
    app.config.update(saved)


def run_worker(app: Flask) -> int:
    with app.app_context():
        return queue().run_queued()


def statuses(app: Flask) -> list[str]:
    with app.app_context():
        return list(
            db.session.execute(db.select(OutboxMessage.status).order_by(OutboxMessage.id)).scalars()
        )


def invite_five(client: FlaskClient) -> None:
    round_path = journeys.open_round(client, ("leadership-mindsets",))
    journeys.invite(client, round_path, FIVE, "staff")


def test_each_invitation_is_delivered_once_after_the_request(
    mailing: Flask, smtp_server: SmtpServer
) -> None:
    coordinator = journeys.coordinator(mailing)
    invite_five(coordinator)
    assert smtp_server.received == []  # nothing leaves inside the request
    assert statuses(mailing) == [PENDING] * 5
    assert run_worker(mailing) == 5
    assert sorted(m["To"] for m in smtp_server.received) == FIVE
    assert statuses(mailing) == [SENT] * 5
    assert run_worker(mailing) == 0
    with mailing.app_context():
        assert outbox.enqueue_due_mail() == 0
        stored = db.session.execute(db.select(OutboxMessage)).scalars().all()
        # The live link went to its addressee; the stored copy keeps it masked.
        assert all("/respond/…" in message.body for message in stored)
    link = journeys.LINK.search(smtp_server.received[0].get_payload())
    assert link is not None and coordinator.get(link.group(1)).status_code in (200, 302)
    assert len({m["Message-ID"] for m in smtp_server.received}) == 5

    page = coordinator.get("/organisations/demo-agency/outbox").text
    assert page.count('data-delivery="sent"') == 5 and "Sent on" in page


def test_with_the_mail_server_down_invitations_are_saved_and_delivered_when_it_is_back(
    mailing: Flask, smtp_server: SmtpServer
) -> None:
    smtp_server.stop()
    coordinator = journeys.coordinator(mailing)
    invite_five(coordinator)  # the page answers, the invitations are saved
    with mailing.app_context():
        assert db.session.execute(db.select(db.func.count(Invitation.id))).scalar() == 5
    assert run_worker(mailing) == 5
    assert statuses(mailing) == [PENDING] * 5
    with mailing.app_context():
        failed_once = db.session.execute(db.select(OutboxMessage)).scalars().all()
        assert all(m.attempts == 1 and "ConnectionRefusedError" in m.last_error
                   for m in failed_once)  # fmt: skip
    page = coordinator.get("/organisations/demo-agency/outbox").text
    assert page.count("Not sent yet: the mail server did not accept it (1 attempt)") == 5

    smtp_server.start()
    time.sleep(RETRY + 0.2)  # the retries' back-off
    assert run_worker(mailing) == 5
    assert statuses(mailing) == [SENT] * 5
    assert sorted(m["To"] for m in smtp_server.received) == FIVE  # each exactly once


def test_a_refusing_server_gets_a_few_attempts_then_an_operator_can_retry(
    mailing: Flask, smtp_server: SmtpServer
) -> None:
    smtp_server.recorder.refusing = True
    coordinator = journeys.coordinator(mailing)
    round_path = journeys.open_round(coordinator, ("leadership-mindsets",))
    journeys.invite(coordinator, round_path, ["solo@example.org"], "staff")
    for _attempt in range(3):
        run_worker(mailing)
        time.sleep(RETRY + 0.2)
    assert statuses(mailing) == [FAILED]
    assert (
        "administrator can try again" in coordinator.get("/organisations/demo-agency/outbox").text
    )
    smtp_server.recorder.refusing = False
    with mailing.app_context():
        message_id = db.session.execute(db.select(OutboxMessage.id)).scalar_one()
    result = mailing.test_cli_runner().invoke(args=["queue", "retry", "mail", str(message_id)])
    assert result.exit_code == 0, result.output
    run_worker(mailing)
    assert statuses(mailing) == [SENT] and len(smtp_server.received) == 1


def test_a_request_that_fails_sends_nothing(mailing: Flask, smtp_server: SmtpServer) -> None:
    journeys.open_round(journeys.coordinator(mailing), ("leadership-mindsets",))
    with mailing.test_request_context():
        assessment_round = db.session.execute(db.select(AssessmentRound)).scalar_one()
        invitations.invite(assessment_round, "lost@example.org", "staff", language="en",
                           actor_id=None)  # fmt: skip
        db.session.rollback()  # the request failed after writing the invitation
        assert db.session.execute(db.select(OutboxMessage)).first() is None
    assert run_worker(mailing) == 0 and smtp_server.received == []


def test_asking_twice_for_the_same_message_writes_it_once(mailing: Flask) -> None:
    client = journeys.coordinator(mailing)
    journeys.open_round(client, ("leadership-mindsets",))
    with mailing.test_request_context():
        assessment_round = db.session.execute(db.select(AssessmentRound)).scalar_one()
        invitation = invitations.invite(assessment_round, "twice@example.org", "staff",
                                        language="en", actor_id=None)  # fmt: skip
        assert not invitations.send_reminder_once(invitation, f"invitation:{invitation.id}:"
                                                  f"{invitation.link_nonce[:24]}")  # fmt: skip
        db.session.commit()
        assert db.session.execute(db.select(db.func.count(OutboxMessage.id))).scalar() == 1


def test_without_a_mail_server_messages_are_kept_for_the_outbox(app: Flask) -> None:
    with app.app_context():
        queue().huey.flush()
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    invite_five(coordinator)
    assert statuses(app) == [KEPT] * 5
    with app.app_context():
        assert queue().huey.pending_count() == 0
    page = coordinator.get("/organisations/demo-agency/outbox").text
    assert page.count("Kept here: no mail server is configured.") == 5


def test_people_who_have_not_answered_are_reminded_once_before_the_round_closes(
    mailing: Flask, smtp_server: SmtpServer
) -> None:
    from assessment.survey.scheduled import remind_before_closing

    coordinator = journeys.coordinator(mailing)
    soon = journeys.open_round(coordinator, ("leadership-mindsets",), days=1)
    journeys.invite(coordinator, soon, ["late@example.org", "later@example.org"], "staff")
    later = journeys.open_round(coordinator, ("leadership-mindsets",), days=20)
    journeys.invite(coordinator, later, ["early@example.org"], "staff")
    run_worker(mailing)
    mailing.config["SERVER_NAME"] = "localhost"
    try:
        with mailing.app_context():
            assert remind_before_closing() == 2
            assert remind_before_closing() == 0  # the next hour, or another worker's scheduler
    finally:
        mailing.config["SERVER_NAME"] = None
    run_worker(mailing)
    reminded = sorted(m["To"] for m in smtp_server.received[3:])
    assert reminded == ["late@example.org", "later@example.org"]
