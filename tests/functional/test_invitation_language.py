"""An invitation is written, and its link opens, in the language chosen for the person."""

from __future__ import annotations

import re

from flask import Flask

from assessment.core.extensions import db
from assessment.core.mail import OutboxMessage
from tests.fixtures import journeys

SECTION = "leadership-mindsets"


def test_a_french_invitation_is_in_french_and_its_link_opens_in_french(app: Flask) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    response = journeys.send_invitations(
        coordinator,
        round_path,
        {
            "emails": "zoe@example.org",
            "respondent_role": "staff",
            "language": "fr",
        },  # fmt: skip
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 302
    with app.app_context():
        message = db.session.execute(db.select(OutboxMessage)).scalar_one()
        subject, body = message.subject, message.body
    assert subject.startswith("Vous êtes invité"), subject
    assert "Votre lien personnel" in body, body
    assert re.search(r"\d+ \w+ 20\d\d", body), body

    link = re.search(r"http://localhost(/respond/\S+)", body)
    assert link
    # A browser that prefers English still gets the pages in the invitation's language.
    zoe = app.test_client()
    landing = zoe.get(link.group(1), headers={"Accept-Language": "en-GB,en"})
    assert '<html lang="fr"' in landing.text
    assert "Commencer" in landing.text
    tasks = zoe.get(link.group(1).split("?")[0] + "tasks", headers={"Accept-Language": "en"})
    assert '<html lang="fr"' in tasks.text


def test_the_sign_in_pages_show_password_button_is_translated(app: Flask) -> None:
    page = app.test_client().get("/account/sign-in?lang=fr").text
    assert 'data-i18n.show-password="Afficher"' in page
    assert re.search(r"govuk-password-input__toggle[^>]*>\s*Afficher\s*</button>", page)
