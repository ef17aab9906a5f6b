"""A leader reads the organisation's results and reports, and changes nothing."""

from __future__ import annotations

from flask import Flask

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.survey.models import AssessmentRound
from assessment.survey.responses import SUBMITTED, Response
from tests.fixtures.web import csrf_token, sign_in

PASSWORD = "innovate-demo-2026"


def test_a_leader_reads_results_and_reports_but_opens_nothing(
    app: Flask,
) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "2"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        agency = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        round_id = db.session.execute(
            db.select(AssessmentRound.id)
            .join(Response, Response.round_id == AssessmentRound.id)
            .filter(AssessmentRound.organisation_id == agency.id, Response.status == SUBMITTED)
            .limit(1)
        ).scalar_one()
        other = db.session.execute(
            db.select(Organisation.slug).filter(Organisation.slug != "demo-agency").limit(1)
        ).scalar_one()
    leader = app.test_client()
    sign_in(leader, "leader@demo.example", PASSWORD)
    base = f"/organisations/demo-agency/rounds/{round_id}"

    dashboard = leader.get("/organisations/demo-agency/")
    assert dashboard.status_code == 200 and "Open a new round" not in dashboard.text
    page = leader.get(f"{base}/results")
    assert page.status_code == 200
    # Nothing on the page leads where the leader is refused: targets, the round itself.
    assert "/results/targets/" not in page.text and f'href="{base}/"' not in page.text
    coordinator = app.test_client()
    sign_in(coordinator, "coordinator@demo.example", PASSWORD)
    assert "/results/targets/" in coordinator.get(f"{base}/results").text
    assert leader.get(f"{base}/results/export.csv").status_code == 200
    assert leader.get(f"{base}/report").status_code == 200

    assert leader.get(f"{base}/").status_code == 403  # the round page (people, links)
    assert leader.get("/organisations/demo-agency/people").status_code == 403
    token = csrf_token(leader.get("/account/").text)
    refused = leader.post(f"{base}/results/targets/leadership-mindsets", data={"csrf_token": token})
    assert refused.status_code == 403
    assert leader.get(f"/organisations/{other}/").status_code == 404
