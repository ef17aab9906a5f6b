"""Closing a round is confirmed first, and then nothing about it leaves the outbox."""

from __future__ import annotations

import re
from datetime import date, timedelta

from babel.dates import format_date
from flask import Flask

from assessment.core.extensions import db
from assessment.core.i18n import local_time
from assessment.core.mail import CANCELLED, OutboxMessage
from assessment.core.types import utcnow
from assessment.survey.models import AssessmentRound
from tests.fixtures import journeys
from tests.fixtures.mail import Mailbox
from tests.fixtures.web import csrf_token

SECTION = "leadership-mindsets"


def _statuses(app: Flask) -> list[str]:
    with app.app_context():
        return list(
            db.session.execute(db.select(OutboxMessage.status).order_by(OutboxMessage.id)).scalars()
        )


def test_close_asks_first_then_cancels_unsent_mail_and_refuses_more(
    app: Flask, mailbox: Mailbox
) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    journeys.invite(coordinator, round_path, ["ana@example.org", "ben@example.org"], "staff")

    # The button leads to a page that says what will happen; nothing is closed yet.
    round_page = coordinator.get(round_path).text
    assert f'href="{round_path}close"' in round_page
    confirmation = coordinator.get(round_path + "close")
    assert "invitations and reminders not sent yet are cancelled" in confirmation.text
    version = re.search(r'name="version" type="hidden" value="(\d+)"', confirmation.text)
    assert version
    unconfirmed = coordinator.post(
        round_path + "close",
        data={"csrf_token": csrf_token(confirmation.text), "version": version.group(1)},
    )
    assert unconfirmed.status_code == 200
    assert "Close the round now" in coordinator.get(round_path).text

    closed = journeys.close_round(coordinator, round_path)
    assert closed.status_code == 302
    # The two invitations were still waiting for a worker: they never leave.
    assert _statuses(app) == [CANCELLED, CANCELLED]
    assert mailbox.to("ana@example.org") == []

    round_page = coordinator.get(round_path).text
    assert "Close the round now" not in round_page
    page = coordinator.get(round_path).text
    refused = journeys.send_invitations(
        coordinator,
        round_path,
        {
            "emails": "chloe@example.org",
            "respondent_role": "staff",
            "language": "en",
        },  # fmt: skip
        follow_redirects=True,
    )
    assert "The round is closed" in refused.text
    reminded = coordinator.post(
        round_path + "remind", data={"csrf_token": csrf_token(page)}, follow_redirects=True
    )
    assert "The round is closed" in reminded.text
    assert len(_statuses(app)) == 2
    assert mailbox.to("chloe@example.org") == [] and mailbox.to("ben@example.org") == []


def test_mail_about_a_round_that_closed_while_it_waited_is_not_sent(
    app: Flask, mailbox: Mailbox
) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    journeys.invite(coordinator, round_path, ["ana@example.org"], "staff")
    with app.app_context():
        # The closing date passes while the mail server is away.
        assessment_round = db.session.execute(db.select(AssessmentRound)).scalar_one()
        assessment_round.opens_at = utcnow() - timedelta(days=3)
        assessment_round.closes_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert mailbox.to("ana@example.org") == []
    assert _statuses(app) == [CANCELLED]


def test_a_closed_rounds_link_says_closed_at_the_top_with_the_day_it_closed(app: Flask) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,), days=30)
    journeys.invite(coordinator, round_path, ["ana@example.org"], "staff")
    link = journeys.links_by_email(coordinator)["ana@example.org"]
    assert journeys.close_round(coordinator, round_path).status_code == 302
    page = app.test_client().get(link)
    assert page.status_code == 409
    main = page.text.split('id="main-content"', 1)[1]
    assert re.search(r"<h1[^>]*>\s*This assessment is closed\s*</h1>", main[:400])
    with app.test_request_context("/?lang=en"):
        assessment_round = db.session.execute(db.select(AssessmentRound)).scalar_one()
        planned = local_time(assessment_round.closes_at, assessment_round.time_zone)
    # The closing date planned (30 days ahead) is never promised after an early close.
    assert planned not in page.text


def test_changing_the_date_of_a_closed_round_reopens_it_only_once_confirmed(app: Flask) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    journeys.invite(coordinator, round_path, ["ana@example.org"], "staff")
    link = journeys.links_by_email(coordinator)["ana@example.org"]
    assert journeys.close_round(coordinator, round_path).status_code == 302

    later = date.today() + timedelta(days=20)
    page = coordinator.get(round_path).text
    version = re.search(r'id="extend-version" name="version" type="hidden" value="(\d+)"', page)
    assert version
    asked = coordinator.post(
        round_path + "extend",
        data={
            "csrf_token": csrf_token(page),
            "version": version.group(1),
            **journeys.date_fields("closes_on", later),
        },
    )
    assert asked.status_code == 200
    assert "Reopen Spring assessment?" in asked.text
    assert f"{format_date(later, 'long', locale='en')}, at the end of the day" in asked.text
    assert app.test_client().get(link).status_code == 409  # still closed

    confirmed = coordinator.post(
        round_path + "extend",
        data={
            "csrf_token": csrf_token(asked.text),
            **dict(
                re.findall(r'<input type="hidden" name="([a-z_-]+)" value="([^"]*)"', asked.text)
            ),
            **{"version": re.search(r'name="version" type="hidden" value="(\d+)"', asked.text)[1]},
        },
        follow_redirects=True,
    )
    assert "The round is open again until" in confirmed.text
    assert app.test_client().get(link).status_code == 200
