"""The round page shows each invitation's delivery; reminders go out on the days chosen."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask

from assessment.core.extensions import db
from assessment.core.mail import OutboxMessage
from assessment.core.types import utcnow
from assessment.survey.models import AssessmentRound
from assessment.survey.scheduled import remind_before_closing
from assessment.tasks import queue
from tests.fixtures import journeys
from tests.fixtures.smtp import SmtpServer
from tests.fixtures.web import csrf_token

SECTION = "leadership-mindsets"


@pytest.fixture()
def mailing(app: Flask, smtp_server: SmtpServer) -> Iterator[Flask]:
    saved = {name: app.config[name] for name in ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS",
                                                 "MAIL_SENDER", "SERVER_NAME")}  # fmt: skip
    app.config.update(smtp_server.settings())
    with app.app_context():
        queue().huey.flush()
    journeys.seed_demo(app)
    yield app
    app.config.update(saved)


def _run_worker(app: Flask) -> None:
    with app.app_context():
        queue().run_queued()


def _deliveries(page: str) -> dict[str, str]:
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">([^<]+)</th>.*?data-delivery="([a-z]*)"',
        page,
        re.S,
    )
    return dict(rows)


def test_each_invitation_shows_whether_it_was_queued_sent_or_bounced(
    mailing: Flask, smtp_server: SmtpServer
) -> None:
    smtp_server.recorder.unknown_mailboxes.add("nobody@example.org")
    coordinator = journeys.coordinator(mailing)
    round_path = journeys.open_round(coordinator, (SECTION,))
    people = ["ana@example.org", "ben@example.org", "nobody@example.org"]
    journeys.invite(coordinator, round_path, people, "staff")
    assert _deliveries(coordinator.get(round_path).text) == dict.fromkeys(people, "queued")
    _run_worker(mailing)
    page = coordinator.get(round_path).text
    assert _deliveries(page) == {
        "ana@example.org": "sent",
        "ben@example.org": "sent",
        "nobody@example.org": "bounced",
    }
    assert ">Bounced<" in page


def _schedule(client: object, round_path: str, days: str) -> object:
    page = client.get(round_path).text  # type: ignore[attr-defined]
    return client.post(  # type: ignore[attr-defined]
        round_path + "reminders",
        data={"csrf_token": csrf_token(page), "reminder_days": days},
        follow_redirects=True,
    )


def _close_in(app: Flask, delta: timedelta) -> None:
    with app.app_context():
        assessment_round = db.session.execute(db.select(AssessmentRound)).scalar_one()
        assessment_round.closes_at = utcnow() + delta
        db.session.commit()


def _remind(app: Flask) -> int:
    app.config["SERVER_NAME"] = "localhost"
    try:
        with app.app_context():
            return remind_before_closing()
    finally:
        app.config["SERVER_NAME"] = None


def test_reminders_go_out_on_the_days_the_coordinator_chose(
    mailing: Flask, smtp_server: SmtpServer
) -> None:
    coordinator = journeys.coordinator(mailing)
    round_path = journeys.open_round(coordinator, (SECTION,), days=20)
    journeys.invite(coordinator, round_path, ["ana@example.org", "ben@example.org"], "staff")
    refused = _schedule(coordinator, round_path, "7, 90")
    assert "from 1 to 60" in refused.text  # type: ignore[attr-defined]
    done = _schedule(coordinator, round_path, "2; 7")
    assert "Automatic reminders: 7, 2 days before the round closes." in done.text  # type: ignore[attr-defined]

    _close_in(mailing, timedelta(days=10))
    assert _remind(mailing) == 0  # nothing due ten days before
    _close_in(mailing, timedelta(days=6, hours=23))
    assert _remind(mailing) == 2  # the 7-day reminder
    assert _remind(mailing) == 0  # the next hour, or another worker
    _close_in(mailing, timedelta(days=1, hours=23))
    assert _remind(mailing) == 2  # the 2-day reminder
    assert _remind(mailing) == 0
    _run_worker(mailing)
    subjects = [m["Subject"] for m in smtp_server.received if m["To"] == "ana@example.org"]
    assert len(subjects) == 3 and all(s.strip().startswith("Reminder") for s in subjects[1:])

    assert "No automatic reminder" in _schedule(coordinator, round_path, "").text  # type: ignore[attr-defined]
    _close_in(mailing, timedelta(hours=20))
    assert _remind(mailing) == 0
    with mailing.app_context():
        assert db.session.execute(db.select(db.func.count(OutboxMessage.id))).scalar() == 6
