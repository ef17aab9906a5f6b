"""Reports rendered before anyone asks: a leader's download is then a stored file.

A round's documents (the capability report and both forms of its annex, in every
language) change when the round closes, when a submission lands in it after it
closed, when its benchmark consent changes or when a new benchmark release changes
the peer figures. ``reports.prerender`` asks for each document's job: a job whose
content is already stored is a cache hit and costs a few queries; a new content is
queued and rendered by a worker. The pages that change these things enqueue it after
their commit (``tasks.prerender_reports``); changes no page sees (a round reaching its closing
time, a benchmark release) are caught by a pass every ten minutes.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.reports import jobs
from assessment.reports.keys import ANNEX_KINDS, KIND
from assessment.reports.models import ReportJob
from assessment.survey.models import AssessmentRound
from assessment.survey.responses import SUBMITTED, Response
from assessment.survey.rounds import report_round
from assessment.tasks import PRERENDER_REPORTS, enqueue, periodic, task

log = logging.getLogger(__name__)
PRERENDER = PRERENDER_REPORTS
# The pass looks back this far for rounds that reached their closing time.
RECENTLY_CLOSED = timedelta(days=2)
# At most this many organisations' documents are checked per pass.
ORGANISATIONS_PER_PASS = 500


def _closed(assessment_round: AssessmentRound) -> bool:
    return not assessment_round.is_open_at(utcnow()) and assessment_round.opens_at <= utcnow()


@task(PRERENDER, retries=2, retry_delay=30)
def prerender(round_id: int) -> int:
    """Ask for every document of a closed round with results; how many jobs were queued."""
    assessment_round = db.session.get(AssessmentRound, round_id)
    if assessment_round is None or not _closed(assessment_round):
        return 0  # an open round's result still changes with every submission
    submitted = db.session.execute(
        db.select(Response.id).filter_by(round_id=round_id, status=SUBMITTED).limit(1)
    ).first()
    if submitted is None:
        return 0
    organisation = db.session.get_one(Organisation, assessment_round.organisation_id)
    queued = 0
    for lang in current_app.config["LANGUAGES"]:
        documents = [jobs.request_report(organisation, assessment_round, lang, None)]
        documents += [
            jobs.request_annex(organisation, assessment_round, lang, fmt, None)
            for fmt in ANNEX_KINDS
        ]
        queued += sum(1 for job in documents if job.file_key is None)
    log.info("round %s: %d document(s) queued for pre-rendering", round_id, queued)
    return queued


@periodic("reports.prerender-due", minute="*/10")
def prerender_due() -> int:
    """Enqueue the rounds whose documents may have changed unseen; how many.

    Rounds that reached their closing time lately, and the report round of every
    organisation whose documents were asked for within the retention period (a new
    benchmark release changes their peer figures).
    """
    now = utcnow()
    recently = db.session.execute(
        db.select(AssessmentRound.id).filter(
            AssessmentRound.closes_at <= now, AssessmentRound.closes_at > now - RECENTLY_CLOSED
        )
    ).scalars()
    round_ids = set(recently)
    since = now - timedelta(days=float(current_app.config["REPORT_RETENTION_DAYS"]))
    readers = db.session.execute(
        db.select(ReportJob.organisation_id)
        .filter(
            ReportJob.kind.in_([KIND, *ANNEX_KINDS.values()]),
            ReportJob.created_at > since,
            ReportJob.organisation_id.is_not(None),
        )
        .distinct()
        .limit(ORGANISATIONS_PER_PASS)
    ).scalars()
    for organisation_id in list(readers):
        found = report_round(db.session.get_one(Organisation, organisation_id))
        if found is not None:
            round_ids.add(found.id)
    db.session.rollback()
    return sum(enqueue(PRERENDER, round_id) for round_id in sorted(round_ids))
