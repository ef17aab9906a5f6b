"""Reports are rendered before a leader asks: closing a round queues every document of it
in every language, a worker renders them, and the leader's visit is a cache hit."""

from __future__ import annotations

import re

from flask import Flask

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.demo.assessments import COMPLETED_TITLE, IN_PROGRESS_TITLE
from assessment.reports import prerender
from assessment.reports.keys import ANNEX_PDF, ANNEX_XLSX, KIND
from assessment.reports.models import REPORT_DONE, ReportJob
from assessment.survey.models import AssessmentRound
from assessment.tasks import queue
from tests.fixtures import journeys
from tests.fixtures.web import csrf_token, sign_in


def _rounds(app: Flask) -> dict[str, int]:
    with app.app_context():
        agency = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        return {
            r.title: r.id
            for r in db.session.execute(
                db.select(AssessmentRound).filter_by(organisation_id=agency.id)
            ).scalars()
        }


def _work(app: Flask) -> str:
    result = app.test_cli_runner().invoke(args=["worker", "--burst", "--nice", "0"])
    assert result.exit_code == 0, result.output
    return result.output


def test_closing_a_round_prerenders_its_documents_and_the_leader_gets_a_stored_file(
    app: Flask,
) -> None:
    seeded = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "2"])
    assert seeded.exit_code == 0, seeded.output
    rounds = _rounds(app)
    with app.app_context():
        queue().huey.flush()
    coordinator = journeys.coordinator(app)
    path = f"/organisations/demo-agency/rounds/{rounds[IN_PROGRESS_TITLE]}/"
    page = coordinator.get(path).text
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page.split("/close")[1])
    closed = coordinator.post(
        path + "close", data={"csrf_token": csrf_token(page), "version": version.group(1)}
    )
    assert closed.status_code == 302
    with app.app_context():
        assert queue().huey.pending_count() == 1  # reports.prerender of the closed round
    _work(app)  # the pre-rendering, then every document it queued
    with app.app_context():
        jobs = db.session.execute(
            db.select(ReportJob).filter_by(round_id=rounds[IN_PROGRESS_TITLE])
        ).scalars().all()  # fmt: skip
        made = sorted((job.kind, job.language, job.status) for job in jobs)
        stored = {job.id for job in jobs}
    assert made == sorted(
        (kind, lang, REPORT_DONE) for kind in (KIND, ANNEX_PDF, ANNEX_XLSX) for lang in ("en", "fr")
    )

    leader = app.test_client()
    sign_in(leader, "leader@demo.example", "innovate-demo-2026")
    base = f"/organisations/demo-agency/rounds/{rounds[IN_PROGRESS_TITLE]}"
    for url in (base + "/report?lang=fr", base + "/annex/xlsx?lang=en"):
        page = leader.get(url).text
        link = re.search(r'download href="([^"]+)"', page)
        assert link is not None, url  # ready on the first visit
        download = leader.get(link.group(1))
        assert download.status_code == 200 and len(download.data) > 1000
    with app.app_context():
        assert set(db.session.execute(db.select(ReportJob.id)).scalars()) == stored
        assert queue().huey.pending_count() == 0  # nothing rendered again


def test_the_pass_catches_closed_rounds_and_skips_open_ones(app: Flask) -> None:
    seeded = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "2"])
    assert seeded.exit_code == 0, seeded.output
    rounds = _rounds(app)
    with app.app_context():
        queue().huey.flush()
        # An open round's result still changes: nothing is rendered ahead for it.
        assert prerender.prerender(rounds[IN_PROGRESS_TITLE]) == 0
        # A leader read the closed round's report once: the pass keeps it rendered.
        db.session.add(
            ReportJob(
                cache_key="0" * 64, kind=KIND, language="en", status=REPORT_DONE,
                organisation_id=db.session.execute(
                    db.select(Organisation.id).filter_by(slug="demo-agency")
                ).scalar_one(),
                round_id=rounds[COMPLETED_TITLE],
            )
        )  # fmt: skip
        db.session.commit()
        assert prerender.prerender_due() == 1
        assert queue().huey.pending_count() == 1
