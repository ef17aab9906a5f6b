"""The demo data written in bulk: the same rounds, answers and scores the services give."""

from __future__ import annotations

from typing import Any

from flask import Flask

from assessment.accounts.organisations import Organisation
from assessment.benchmarks import cache as benchmark_cache
from assessment.benchmarks import services as benchmarks
from assessment.core.extensions import db
from assessment.demo import assessments as demo_assessments
from assessment.demo.assessments import (
    ALL_INSTRUMENTS,
    COMPLETED_TITLE,
    FULL_DEMO_ORGANISATIONS,
    IN_PROGRESS_TITLE,
)
from assessment.survey import links as tokens
from assessment.survey import scoring as results
from assessment.survey.models import AssessmentRound, Invitation
from assessment.survey.responses import SUBMITTED, Answer, Response
from assessment.survey.scores import ScoreSnapshot

QUESTIONNAIRE = "leadership-mindsets"


def _seed(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["seed-demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _stored_snapshots(round_id: int) -> dict[str, Any]:
    db.session.expire_all()
    snapshots = db.session.execute(db.select(ScoreSnapshot).filter_by(round_id=round_id)).scalars()
    return {
        s.questionnaire_id: (
            s.questionnaire_version,
            s.respondent_count,
            s.overall_score,
            s.overall_level,
            s.result,
            sorted((d.dimension_id, d.score, d.level) for d in s.dimensions),
        )
        for s in snapshots
    }


def test_bulk_written_snapshots_are_what_scoring_the_stored_answers_gives(
    app: Flask, app_context: None
) -> None:
    # Past FULL_DEMO_ORGANISATIONS organisations answer one instrument with fewer people:
    # both kinds of round are checked.
    _seed(app, "--organisations", str(FULL_DEMO_ORGANISATIONS + 4))
    rounds = (
        db.session.execute(db.select(AssessmentRound).filter_by(title=COMPLETED_TITLE))
        .scalars()
        .all()
    )
    assert len(rounds) == FULL_DEMO_ORGANISATIONS + 4
    instruments = {len(r.instruments) for r in rounds}
    assert instruments == {1, 4}
    for assessment_round in rounds:
        written = _stored_snapshots(assessment_round.id)
        assert written, assessment_round.organisation.slug
        results.refresh_round_results(assessment_round)
        assert _stored_snapshots(assessment_round.id) == written


def test_bulk_written_invitations_have_working_links_and_submitted_responses(
    app: Flask, app_context: None
) -> None:
    _seed(app, "--organisations", "3")
    invitations = (
        db.session.execute(
            db.select(Invitation).join(AssessmentRound).filter_by(title=COMPLETED_TITLE)
        )
        .scalars()
        .all()
    )
    assert len(invitations) == 10 + 5 + 5  # the demo agency's ten people, then five each
    for invitation in invitations:
        link = tokens.link_token(invitation.id, invitation.link_nonce)
        assert invitation.token_hash == tokens.token_hash(link)
        response = db.session.execute(
            db.select(Response).filter_by(invitation_id=invitation.id)
        ).scalar_one()
        assert response.status == SUBMITTED
        assert response.submitted_at < invitation.round.closes_at
        assert response.reference


def test_seeding_more_organisations_adds_only_their_rounds(app: Flask, app_context: None) -> None:
    _seed(app, "--organisations", "5")
    snapshots_before = db.session.execute(db.select(db.func.count(ScoreSnapshot.id))).scalar()
    output = _seed(app, "--organisations", "8")
    assert "3 completed demo assessments added" in output
    rounds = db.session.execute(
        db.select(AssessmentRound.organisation_id).filter_by(title=COMPLETED_TITLE)
    ).scalars()
    assert sorted(rounds) == sorted(
        db.session.execute(db.select(Organisation.id)).scalars()
    )  # one completed round each, none twice
    snapshots_after = db.session.execute(db.select(db.func.count(ScoreSnapshot.id))).scalar()
    assert snapshots_after == snapshots_before + 3 * len(ALL_INSTRUMENTS)
    assert "0 completed demo assessments added" in _seed(app, "--organisations", "8")


def test_the_default_demo_publishes_every_level_of_government_and_the_larger_countries(
    app: Flask, app_context: None
) -> None:
    _seed(app)
    benchmark_cache.clear()
    by_level = benchmarks.explore(benchmarks.ExplorerQuery(QUESTIONNAIRE, ("government_level",)))
    assert [c.values for c in by_level.table.cells] == [
        ("local",), ("national",), ("regional",), (None,)
    ]  # fmt: skip
    assert not any(c.suppressed for c in by_level.table.cells)
    by_country = benchmarks.explore(benchmarks.ExplorerQuery(QUESTIONNAIRE, ("country",)))
    published = {c.values[0] for c in by_country.table.cells if not c.suppressed}
    assert {"CA", "FI", "IE", None} <= published


def test_rounds_written_in_small_batches_hold_each_organisations_planned_answers(
    app: Flask, app_context: None
) -> None:
    _seed(app, "--organisations", "7", "--no-assessments")
    assert demo_assessments.seed(batch_size=3) == 7
    organisations = db.session.execute(
        db.select(Organisation.id, Organisation.slug, Organisation.government_level).order_by(
            Organisation.id
        )
    ).all()
    assert len(organisations) == 7
    for index, (organisation_id, slug, level) in enumerate(organisations):
        planned = demo_assessments.completed_round(organisation_id, slug, level, index)
        stored = db.session.execute(
            db.select(Invitation.email, Answer.questionnaire_id, Answer.item_id, Answer.code)
            .join(Response, Response.invitation_id == Invitation.id)
            .join(Answer, Answer.response_id == Response.id)
            .join(AssessmentRound, AssessmentRound.id == Invitation.round_id)
            .where(AssessmentRound.organisation_id == organisation_id)
            .where(AssessmentRound.title == COMPLETED_TITLE)
        ).all()
        expected = {
            (f"person{number}.{organisation_id}@demo.example", questionnaire_id, item, code)
            for number, (_, answers) in enumerate(planned.respondents)
            for questionnaire_id, codes in answers.items()
            for item, code in codes.items()
        }
        assert set(stored) == expected
        assert len(stored) == len(expected)


def test_the_demo_agencys_open_round_follows_its_completed_round(
    app: Flask, app_context: None
) -> None:
    # Links in the demo and its walkthroughs name rounds 1 and 2 of a fresh database.
    _seed(app, "--organisations", "3")
    rounds = db.session.execute(
        db.select(AssessmentRound.id, Organisation.slug, AssessmentRound.title)
        .join(Organisation)
        .order_by(AssessmentRound.id)
    ).all()
    assert [(slug, title) for _, slug, title in rounds[:3]] == [
        ("demo-agency", COMPLETED_TITLE),
        ("demo-agency", IN_PROGRESS_TITLE),
        ("demo-ca-00001", COMPLETED_TITLE),
    ]
