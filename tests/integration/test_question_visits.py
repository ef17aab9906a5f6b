"""A question page's view of a link, read in one statement, agrees with the stored data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask

from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.survey import invitations, responding
from assessment.survey import links as tokens
from assessment.survey import visits as question_visits
from assessment.survey.models import AssessmentRound, Invitation
from assessment.survey.responses import Answer, Response
from tests.fixtures import journeys
from tests.fixtures.transactions import QUESTION_PAGE_READ

pytestmark = QUESTION_PAGE_READ

SECTION = "leadership-mindsets"


@pytest.fixture()
def link(app: Flask) -> str:
    """The token of one staff member's link to a round asking leadership-mindsets only."""
    journeys.seed_demo(app, organisations=1)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    journeys.invite(coordinator, round_path, ["ana@example.org"], "staff")
    return journeys.links_by_email(coordinator)["ana@example.org"].split("/")[2]


def first_item(app: Flask) -> str:
    definition = app.extensions["questionnaires"].get(SECTION)
    return definition.items_for_role("staff")[0].id


def test_a_link_before_its_first_visit_has_no_response_yet(app: Flask, link: str) -> None:
    with app.test_request_context():
        visit = question_visits.find(link, SECTION, first_item(app))
        assessment_round = db.session.execute(db.select(AssessmentRound)).scalar_one()
    assert visit is not None
    assert visit.response_id is None and visit.saved is None
    assert visit.respondent_role == "staff"
    assert visit.questionnaire_version == assessment_round.instruments[0].questionnaire_version
    assert (visit.opens_at, visit.closes_at) == (
        assessment_round.opens_at,
        assessment_round.closes_at,
    )
    assert visit.is_open_at(utcnow()) and not visit.submitted


def test_the_saved_answer_and_the_response_come_with_the_visit(app: Flask, link: str) -> None:
    item_id = first_item(app)
    with app.test_request_context():
        invitation = invitations.find_by_token(link)
        assert invitation is not None
        response = responding.response_for(invitation)
        db.session.add(
            Answer(
                response_id=response.id,
                questionnaire_id=SECTION,
                item_id=item_id,
                code="l3",
                comment="Seen in the last budget round",
                revision=2,
            )
        )
        db.session.commit()
        response_id = response.id
        visit = question_visits.find(link, SECTION, item_id)
        other_item = question_visits.find(link, SECTION, "no-such-item")
    assert visit is not None and other_item is not None
    assert visit.response_id == response_id
    assert visit.response_status == "in_progress"
    assert visit.saved == question_visits.SavedAnswer("l3", "Seen in the last budget round", 2)
    assert other_item.saved is None  # the view answers 404 for an item the role lacks


def test_a_questionnaire_the_round_does_not_use_has_no_version(app: Flask, link: str) -> None:
    with app.test_request_context():
        visit = question_visits.find(link, "innovation-skills", "anything")
    assert visit is not None
    assert visit.questionnaire_version is None


def test_unknown_revoked_and_oversized_links_have_no_visit(app: Flask, link: str) -> None:
    item_id = first_item(app)
    with app.test_request_context():
        assert question_visits.find("A" * 43, SECTION, item_id) is None
        assert question_visits.find("", SECTION, item_id) is None
        assert question_visits.find(link + "A" * 100, SECTION, item_id) is None
        invitation = db.session.execute(
            db.select(Invitation).filter_by(token_hash=tokens.token_hash(link))
        ).scalar_one()
        invitation.revoked_at = utcnow()
        db.session.commit()
        assert question_visits.find(link, SECTION, item_id) is None


def test_a_round_closed_early_is_closed_for_the_visit(app: Flask, link: str) -> None:
    with app.test_request_context():
        assessment_round = db.session.execute(db.select(AssessmentRound)).scalar_one()
        assessment_round.closed_early_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
        visit = question_visits.find(link, SECTION, first_item(app))
    assert visit is not None
    assert not visit.is_open_at(utcnow())


def test_a_submitted_response_shows_in_the_visit(app: Flask, link: str) -> None:
    with app.test_request_context():
        invitation = invitations.find_by_token(link)
        assert invitation is not None
        response = responding.response_for(invitation)
        db.session.execute(
            db.update(Response).where(Response.id == response.id).values(status="submitted")
        )
        db.session.commit()
        visit = question_visits.find(link, SECTION, first_item(app))
    assert visit is not None and visit.submitted
