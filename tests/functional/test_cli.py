"""The operator commands, run through Flask's CLI runner against the test database."""

from __future__ import annotations

from flask import Flask

from assessment.accounts.models import ROLES, RoleAssignment, User
from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.survey.models import AssessmentRound
from assessment.survey.responses import Response
from assessment.survey.scores import ScoreSnapshot


def test_seed_demo_is_idempotent_and_covers_countries_levels_and_roles(
    app: Flask, app_context: None
) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    organisations = db.session.execute(db.select(Organisation)).scalars().all()
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert "0 demo organisations added" in second.output
    assert db.session.execute(db.select(db.func.count(Organisation.id))).scalar() == len(
        organisations
    )
    assert len({o.country for o in organisations}) >= 12
    assert {o.government_level for o in organisations} == {"national", "regional", "local"}
    assert all(o.is_demo and "demo" in o.name for o in organisations)
    assert "demo-agency" in {o.slug for o in organisations}
    assert {a.role for a in db.session.execute(db.select(RoleAssignment)).scalars()} == set(ROLES)
    assert "coordinator@demo.example" in first.output
    assert "innovate-demo-2026" in first.output


def test_seed_demo_scales_up_with_organisations(app: Flask, app_context: None) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "90"])
    assert result.exit_code == 0, result.output
    assert db.session.execute(db.select(db.func.count(Organisation.id))).scalar() == 90
    rounds = db.session.execute(
        db.select(db.func.count(ScoreSnapshot.round_id.distinct()))
    ).scalar()
    # One completed round each, and the demo agency's round of the year before; its open
    # round has too few submissions for a result (MIN_GROUP_SIZE), so nothing is stored.
    assert rounds == 91


def test_seed_demo_has_completed_assessments_and_a_round_in_progress(
    app: Flask, app_context: None
) -> None:
    assert app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "3"]).exit_code == 0
    agency = db.session.execute(db.select(Organisation).filter_by(slug="demo-agency")).scalar_one()
    rounds = (
        db.session.execute(db.select(AssessmentRound).filter_by(organisation_id=agency.id))
        .scalars()
        .all()
    )
    now = utcnow()
    # The completed round, the year before's, and the round in progress.
    assert sorted(r.is_open_at(now) for r in rounds) == [False, False, True]
    statuses = db.session.execute(db.select(Response.status)).scalars().all()
    assert "in_progress" in statuses and "submitted" in statuses
    snapshots = db.session.execute(db.select(ScoreSnapshot)).scalars().all()
    assert {s.questionnaire_id for s in snapshots} == {
        "leadership-mindsets", "innovation-skills", "ecosystem-partners", "innovation-portfolio"
    }  # fmt: skip
    assert all(s.overall_level in {1, 2, 3, 4, 5, None} for s in snapshots)


def test_create_user_grants_a_role_in_an_organisation(app: Flask, app_context: None) -> None:
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-demo"])
    result = runner.invoke(
        args=["create-user", "New.Coordinator@Example.org", "--role", "organisation_coordinator",
              "--organisation", "demo-agency", "--password", "a long password here"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = db.session.execute(
        db.select(User).filter_by(email="new.coordinator@example.org")
    ).scalar_one()
    assert [o.slug for o in user.organisations_with_role("organisation_coordinator")] == [
        "demo-agency"
    ]


def test_create_user_names_the_problem_when_the_organisation_is_unknown(
    app: Flask, app_context: None
) -> None:
    result = app.test_cli_runner().invoke(
        args=["create-user", "x@example.org", "--role", "organisation_coordinator",
              "--organisation", "no-such-agency", "--password", "a long password here"]
    )  # fmt: skip
    assert result.exit_code == 2
    assert "no organisation with slug 'no-such-agency'" in result.output


def test_create_user_names_the_missing_scope(app: Flask, app_context: None) -> None:
    result = app.test_cli_runner().invoke(
        args=["create-user", "x@example.org", "--role", "national_coordinator",
              "--password", "a long password here"]
    )  # fmt: skip
    assert result.exit_code == 1
    assert "needs a country" in result.output
    assert db.session.execute(db.select(User).filter_by(email="x@example.org")).first() is None
