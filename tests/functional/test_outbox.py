"""The outbox shows coordinators what was sent, never a link to answer in someone's name."""

from __future__ import annotations

import re

from flask import Flask

from assessment.core.mail import mask_links
from tests.fixtures import journeys


def test_the_outbox_masks_every_personal_link(app: Flask) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, ("leadership-mindsets",))
    journeys.invite(coordinator, round_path, ["ana@example.org", "ben@example.org"], "staff")
    links = journeys.links_by_email(coordinator)
    assert set(links) == {"ana@example.org", "ben@example.org"}

    page = coordinator.get("/organisations/demo-agency/outbox").text

    for link in links.values():
        token = link.split("/")[2]
        assert token not in page
        assert f"/respond/…{token[-4:]}" in page
    assert not re.search(r"/respond/[A-Za-z0-9_-]{12,}", page)
    # Whoever guesses from the masked form gets nowhere.
    masked = re.search(r"/respond/…[A-Za-z0-9_-]{4}", page)
    assert masked is not None
    assert coordinator.get(masked.group(0) + "/").status_code == 404


def test_masking_keeps_the_rest_of_the_message() -> None:
    text = "Hello,\nYour link: https://x.example/respond/abcdefghijklmnopQRST/\nThanks"
    assert mask_links(text) == "Hello,\nYour link: https://x.example/respond/…QRST/\nThanks"
