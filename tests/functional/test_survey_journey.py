"""The whole survey journey through the real pages: a round, three people, one result."""

from __future__ import annotations

import re

from flask import Flask

from tests.fixtures import journeys
from tests.fixtures.transactions import QUESTION_PAGE_READ

pytestmark = QUESTION_PAGE_READ

SECTION = "leadership-mindsets"


def test_a_round_with_three_respondents_ends_in_an_organisation_result(app: Flask) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    journeys.invite(coordinator, round_path, ["ana@example.org", "ben@example.org"], "staff")
    journeys.invite(coordinator, round_path, ["chloe@example.org"], "leader")
    links = journeys.links_by_email(coordinator)
    assert set(links) == {"ana@example.org", "ben@example.org", "chloe@example.org"}

    levels = {"ana@example.org": "l3", "ben@example.org": "l4", "chloe@example.org": "l3"}
    for email, link in links.items():
        person = app.test_client()
        assert "Innovation maturity assessment" in person.get(link).text
        first = journeys.question_paths(person, link)[0]
        if email == "ben@example.org":
            # Ben stops halfway and resumes later from a new browser (a fresh client).
            done = journeys.answer_section(
                person, first, lambda _i, code=levels[email]: code, stop_after=5
            )
            assert done == 5
            person = app.test_client()
            tasks = person.get(link + "tasks").text
            assert "In progress" in tasks
            first = journeys.question_paths(person, link)[0]
            assert first.endswith(re.findall(r"/([a-z0-9-]+)$", first)[0])
        journeys.answer_section(person, first, lambda _i, code=levels[email]: code)
        confirmation = journeys.submit(person, link)
        assert confirmation.status_code == 302
        page = person.get(confirmation.location).text
        assert "Answers submitted" in page
        assert re.search(r"IMA-[A-Z2-9]{4}-[A-Z2-9]{4}", page)

    round_page = coordinator.get(round_path).text
    assert round_page.count("Submitted") >= 3
    dashboard = coordinator.get("/organisations/demo-agency/").text
    assert "Structured" in dashboard  # median of 3, 4, 3 is level 3 everywhere
    result = coordinator.get(round_path + "results").text
    assert "3 – Structured" in result
    assert "Based on 3 submitted responses" in result
    # Individual answers and comments are never shown to the coordinator.
    assert "ana@example.org" not in result


def test_only_someone_who_commented_is_asked_whether_comments_may_be_quoted(app: Flask) -> None:
    from assessment.core.extensions import db
    from assessment.survey.models import Invitation
    from assessment.survey.responses import Response

    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    journeys.invite(coordinator, round_path, ["dana@example.org", "eli@example.org"], "staff")
    links = journeys.links_by_email(coordinator)

    dana = app.test_client()
    first = journeys.question_paths(dana, links["dana@example.org"])[0]
    journeys.answer_section(
        dana,
        first,
        lambda _i: "l3",
        comment=lambda item: "Budget cycles" if first.endswith("/" + item) else "",
    )
    page = dana.get(links["dana@example.org"] + "submit").text
    assert 'name="quote_comments"' in page
    assert journeys.submit(dana, links["dana@example.org"], quote_comments="y").status_code == 302
    assert (
        "may be quoted, without your name"
        in dana.get(links["dana@example.org"] + "confirmation").text
    )

    # Eli wrote nothing: the question is not asked, and a forged tick is ignored.
    eli = app.test_client()
    first = journeys.question_paths(eli, links["eli@example.org"])[0]
    journeys.answer_section(eli, first, lambda _i: "l2")
    assert 'name="quote_comments"' not in eli.get(links["eli@example.org"] + "submit").text
    assert journeys.submit(eli, links["eli@example.org"], quote_comments="y").status_code == 302

    with app.app_context():
        chosen = dict(
            db.session.execute(
                db.select(Invitation.email, Response.comments_quotable)
                .join(Response, Response.invitation_id == Invitation.id)
                .filter(Response.status == "submitted")
            ).all()
        )
    assert chosen == {"dana@example.org": True, "eli@example.org": False}
