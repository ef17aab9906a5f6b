"""Benchmark figures computed again in a worker after a consent change, not in a page.

Consent is part of the data state every cached table is keyed by, so after a change
the next page would compute the tables it shows (seconds with thousands of agencies).
The consent page enqueues ``benchmarks.refresh`` after its commit instead: a worker
computes the canonical tables of the round's questionnaires and the national overview
of its country, which the shared cache (Redis, ``assessment/core/cache.py``) hands to
every web host. Without Redis the worker's figures stay in the worker, and each web
process computes its own on first use, as before.
"""

from __future__ import annotations

import logging

from assessment.benchmarks import services
from assessment.benchmarks.national import national_overview
from assessment.core.extensions import db
from assessment.survey.models import AssessmentRound
from assessment.tasks import enqueue, task

log = logging.getLogger(__name__)
REFRESH = "benchmarks.refresh"


@task(REFRESH, retries=2, retry_delay=30)
def refresh(round_id: int) -> int:
    """Compute the figures a consent change of round ``round_id`` altered; how many tables."""
    assessment_round = db.session.get(AssessmentRound, round_id)
    if assessment_round is None:
        return 0
    questionnaires = [i.questionnaire_id for i in assessment_round.instruments]
    country = assessment_round.organisation.country
    computed = 0
    for questionnaire_id in questionnaires:
        services.explore(services.parse_query({}, default=questionnaire_id))
        computed += 1
    if country:
        national_overview(country)
        computed += 1
    db.session.rollback()
    log.info("benchmark figures refreshed after a consent change of round %s", round_id)
    return computed


def refresh_after_consent_change(round_id: int) -> None:
    """Enqueue the refresh (call after the commit that changed consent)."""
    enqueue(REFRESH, round_id)
