"""A link that no longer works explains itself to whoever holds it, in their language."""

from __future__ import annotations

import re

from flask import Flask

from tests.fixtures import journeys
from tests.fixtures.web import csrf_token

SECTION = "leadership-mindsets"


def _invitation_ids(page: str) -> list[str]:
    return re.findall(r"/invitations/(\d+)/revoke", page)


def test_revoked_and_replaced_links_say_to_ask_the_coordinator_for_a_new_one(app: Flask) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    journeys.invite(coordinator, round_path, ["ana@example.org", "ben@example.org"], "staff")
    old = journeys.links_by_email(coordinator)
    page = coordinator.get(round_path).text
    ana, ben = _invitation_ids(page)  # ordered by address
    coordinator.post(f"{round_path}invitations/{ana}/revoke", data={"csrf_token": csrf_token(page)})
    coordinator.post(f"{round_path}invitations/{ben}/resend", data={"csrf_token": csrf_token(page)})

    person = app.test_client()
    revoked = person.get(old["ana@example.org"])
    replaced = person.get(old["ben@example.org"] + "tasks")
    unknown = person.get("/respond/" + "x" * 43 + "/")
    assert (revoked.status_code, replaced.status_code, unknown.status_code) == (410, 404, 404)
    for response in (revoked, replaced, unknown):
        assert "This link no longer works" in response.text
        assert "send you a new link" in response.text
        main = response.text.split('id="main-content"', 1)[1]
        assert "/account/sign-in" not in main and "home page" not in main
    french = person.get(old["ana@example.org"] + "?lang=fr")
    assert french.status_code == 410
    assert '<html lang="fr"' in french.text
