"""A respondent's account shows their own invitations: what to answer, what they sent.

The demo respondent signed in to an empty dashboard. Now it lists the invitations sent
to the account's own address, with their own link, and nothing of anybody else's.
"""

from __future__ import annotations

import re

from flask import Flask

from assessment.demo.assessments import COMPLETED_TITLE, IN_PROGRESS_TITLE
from assessment.demo.seeding import DEMO_RESPONDENT
from tests.fixtures import journeys
from tests.fixtures.web import sign_in

YOUR_INVITATIONS = "Assessments you are invited to answer"


def _dashboard(app: Flask, email: str) -> tuple[object, str]:
    client = app.test_client()
    sign_in(client, email, journeys.DEMO_PASSWORD)
    page = client.get("/dashboard?lang=en", follow_redirects=True)
    assert page.status_code == 200
    return client, page.text


def test_the_demo_respondent_finds_their_round_and_carries_on_answering(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "1"])
    assert result.exit_code == 0, result.output
    client, html = _dashboard(app, DEMO_RESPONDENT)
    assert YOUR_INVITATIONS in html
    assert IN_PROGRESS_TITLE in html and "In progress" in html
    assert COMPLETED_TITLE not in html  # they were not invited to it
    link = re.search(r'href="(/respond/[^"?]+/)">Continue answering', html)
    assert link, html
    tasks = client.get(link.group(1) + "tasks")  # type: ignore[attr-defined]
    assert tasks.status_code == 200
    # Nobody else's address, answers or result appears.
    assert "person1" not in html and "@demo.example" not in html.split(YOUR_INVITATIONS)[1]
    assert "Overall level" not in html


def test_nobody_sees_an_invitation_sent_to_another_address(app: Flask) -> None:
    """Attacker's view: other accounts of the same organisation see none of them."""
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "1"])
    assert result.exit_code == 0, result.output
    for email in ("leader@demo.example", "coordinator@demo.example"):
        _client, html = _dashboard(app, email)
        assert YOUR_INVITATIONS not in html, email
        assert IN_PROGRESS_TITLE not in html or "/respond/" not in html, email


def test_a_respondent_without_invitation_is_told_what_to_expect(app: Flask) -> None:
    journeys.seed_demo(app, organisations=1)
    _client, html = _dashboard(app, DEMO_RESPONDENT)
    assert YOUR_INVITATIONS in html
    assert "You have no invitation to answer at the moment." in html
    assert "/respond/" not in html
