"""The demo data written in bulk: the same rounds, answers and scores the services give."""

from __future__ import annotations

from typing import Any

from flask import Flask

from assessment.accounts.organisations import Organisation
from assessment.benchmarks import cache as benchmark_cache
from assessment.benchmarks import services as benchmarks
from assessment.charting import Chart
from assessment.core.extensions import db
from assessment.demo import assessments as demo_assessments
from assessment.demo.assessments import (
    ALL_INSTRUMENTS,
    COMPLETED_TITLE,
    EARLIER_TITLE,
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
    _seed(app)  # which publishes a benchmark snapshot
    benchmark_cache.clear()
    by_level = benchmarks.explore(benchmarks.ExplorerQuery(QUESTIONNAIRE, ("government_level",)))
    assert [c.values for c in by_level.table.cells] == [
        ("local",), ("national",), ("regional",), (None,)
    ]  # fmt: skip
    assert not any(c.suppressed for c in by_level.table.cells)
    by_country = benchmarks.explore(benchmarks.ExplorerQuery(QUESTIONNAIRE, ("country",)))
    published = {c.values[0] for c in by_country.table.cells if not c.suppressed}
    # Named agencies count as known, so a country needs five others: Canada and Ireland.
    assert {"CA", "IE", None} <= published


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
    assert [(slug, title) for _, slug, title in rounds[:4]] == [
        ("demo-agency", COMPLETED_TITLE),
        ("demo-agency", IN_PROGRESS_TITLE),
        ("demo-agency", EARLIER_TITLE),  # the year before: the start of its trend
        ("demo-ca-00001", COMPLETED_TITLE),
    ]


def test_the_demo_agency_reports_a_closed_round_with_every_section(app: Flask) -> None:
    """A newcomer's first report: the closed round, every chart shown, levels spread out,
    leaders seeing more than staff, a few "don't know", and a round in progress beside it."""
    from assessment.core.types import utcnow
    from assessment.results.capability import capability_data
    from assessment.results.charts import chart_plan
    from assessment.results.charts.reading import shown_groups
    from assessment.survey.rounds import report_round

    _seed(app, "--organisations", "2")
    with app.app_context():
        agency = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        chosen = report_round(agency)
        assert chosen is not None and chosen.title == COMPLETED_TITLE
        open_round = db.session.execute(
            db.select(AssessmentRound).filter_by(organisation_id=agency.id, title=IN_PROGRESS_TITLE)
        ).scalar_one()
        assert open_round.is_open_at(utcnow()) and not chosen.is_open_at(utcnow())
        data = capability_data(agency, chosen)
        assert [i.questionnaire for i in data.instruments] == list(ALL_INSTRUMENTS)
        assert all(i.detailed for i in data.instruments)
        omitted = [p.entry.id for p in chart_plan(data) if not isinstance(p.entry, Chart)]
        assert omitted == []  # the trend too: the agency has a round of the year before
        levels = {d.level for i in data.instruments for d in i.dimensions}
        assert {2, 5} <= levels  # from Emerging to Embedded
        for instrument in data.instruments:
            groups = {g.role: g for g in shown_groups(instrument)}
            assert set(groups) == {"leader", "staff", "partner"}
        leadership = data.instruments[0]
        by_role = {
            g.role: {d.dimension_id: d.score for d in g.dimensions}
            for g in shown_groups(leadership)
        }
        leaders, staff = by_role["leader"], by_role["staff"]
        higher = [d for d in leaders if (leaders[d] or 0) > (staff[d] or 0)]
        assert len(higher) >= len(leaders) - 1  # leaders see more than staff do
        assert leadership.result.shares.dont_know > 0
