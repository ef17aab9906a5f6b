"""An organisation takes its data away, asks to be deleted, and an administrator erases it."""

from __future__ import annotations

import json

import pytest
from flask import Flask

from assessment.accounts.organisations import Organisation
from assessment.core.audit_events import AuditEvent
from assessment.core.extensions import db
from assessment.demo.assessments import COMPLETED_TITLE
from assessment.privacy import services as privacy
from assessment.reports import jobs
from assessment.reports.models import ReportJob
from assessment.storage import storage
from assessment.survey.models import AssessmentRound
from assessment.survey.responses import Answer
from assessment.tasks import queue
from tests.fixtures import journeys
from tests.fixtures.web import csrf_token, sign_in


def seeded(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "2"])
    assert result.exit_code == 0, result.output


def test_the_data_export_holds_the_organisations_data_but_no_individual_answer(
    app: Flask,
) -> None:
    seeded(app)
    client = journeys.coordinator(app)
    response = client.get("/organisations/demo-agency/privacy/export.json")
    assert response.status_code == 200
    data = json.loads(response.text)
    assert data["organisation"]["slug"] == "demo-agency"
    assert {r["title"] for r in data["rounds"]} >= {"Demo assessment 2025"}
    assert data["rounds"][0]["results"]
    assert all("answers" not in r for r in data["rounds"])
    with app.app_context():
        assert db.session.execute(
            db.select(AuditEvent).filter_by(action="organisation.exported")
        ).first()


def test_deletion_needs_the_short_name_then_takes_effect_and_an_admin_erases(app: Flask) -> None:
    seeded(app)
    client = journeys.coordinator(app)
    page = client.get("/organisations/demo-agency/privacy").text
    wrong = client.post(
        "/organisations/demo-agency/privacy/delete",
        data={"csrf_token": csrf_token(page), "confirm_slug": "demo"},
    )
    assert wrong.status_code == 302
    with app.app_context():
        agency = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        assert agency.deletion_requested_at is None
    client.post(
        "/organisations/demo-agency/privacy/delete",
        data={"csrf_token": csrf_token(page), "confirm_slug": "demo-agency"},
    )
    with app.app_context():
        agency = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        assert agency.deletion_requested_at is not None
        agency_id = agency.id
        answers_before = db.session.execute(db.select(db.func.count(Answer.id))).scalar()
    admin = app.test_client()
    sign_in(admin, "admin@demo.example", journeys.DEMO_PASSWORD)
    audit_page = admin.get("/admin/audit").text
    assert "organisation.deletion_requested" in audit_page
    erased = admin.post(
        f"/admin/organisations/{agency_id}/erase", data={"csrf_token": csrf_token(audit_page)}
    )
    assert erased.status_code == 302
    with app.app_context():
        assert db.session.get(Organisation, agency_id) is None
        answers_after = db.session.execute(db.select(db.func.count(Answer.id))).scalar()
        assert answers_after < answers_before
        assert db.session.execute(
            db.select(AuditEvent).filter_by(action="organisation.erased")
        ).first()


@pytest.mark.committed(
    reason="the render's lease heartbeat extends the job's lease from a thread of its own"
)
def test_erasure_deletes_the_organisations_rendered_reports(app: Flask) -> None:
    seeded(app)
    with app.app_context():
        agency = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        completed = db.session.execute(
            db.select(AssessmentRound).filter_by(organisation_id=agency.id, title=COMPLETED_TITLE)
        ).scalar_one()
        queue().huey.flush()
        job = jobs.request_report(agency, completed, "en", None)
        db.session.commit()
        assert queue().run_queued() == 1  # rendered here, as a worker would
        db.session.expire_all()
        file_key = job.file_key
        assert file_key is not None and storage().exists(file_key)
        privacy.erase(agency, actor_id=None)
        db.session.commit()
        assert not storage().exists(file_key)
        assert db.session.execute(db.select(ReportJob)).first() is None
