"""Large results exports: prepared by a worker of the task queue, then downloaded.

A round's export (``results.exports``: CSV, XLSX or JSON) scores every submitted
answer of the round, so its time grows with the number of people who answered. Above
``EXPORT_QUEUE_ABOVE_RESPONSES`` submitted responses the request does not build it: it
queues a report job of kind ``results-export`` (the same rows, leases, retries, status
page, failure messages and pruning as the PDF reports: ``reports.jobs``) and the file
is stored in the shared storage, so any host serves the download. Smaller exports are
answered in the request (``results.views.export``).

An export is named by the state of the round it shows (the capability report's key
for the same round and language), its format and the code that writes it, so a stored
file is never stale and the same export asked for twice is prepared once.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from flask_babel import force_locale

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.reports import keys
from assessment.reports.models import ReportJob
from assessment.results import exports
from assessment.survey.models import AssessmentRound

EXPORT_KIND = "results-export"
FORMATS = tuple(exports.WRITERS)


@lru_cache(maxsize=1)
def _writer_version() -> str:
    # The export's own code: a changed column or writer names every export anew.
    return hashlib.sha256(Path(exports.__file__).read_bytes()).hexdigest()[:16]


def parameters(fmt: str) -> str:
    """The job parameters of an export in ``fmt`` (canonical JSON)."""
    return json.dumps({"format": fmt}, sort_keys=True)


def export_format(job: ReportJob) -> str:
    """The format of an export job (csv, xlsx or json)."""
    fmt = str(json.loads(job.parameters)["format"])
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    return fmt


def cache_key(
    organisation: Organisation, assessment_round: AssessmentRound, lang: str, fmt: str
) -> str:
    """The name of this round's export in ``fmt`` and ``lang``, on its current answers."""
    material = json.dumps(
        [EXPORT_KIND, fmt, keys.cache_key(organisation, assessment_round, lang),
         _writer_version()]
    )  # fmt: skip
    return hashlib.sha256(material.encode()).hexdigest()


def request_export(
    organisation: Organisation,
    assessment_round: AssessmentRound,
    lang: str,
    fmt: str,
    user_id: int | None,
) -> ReportJob:
    """The export job of this round in its current state: found, or queued now."""
    from assessment.reports.jobs import request_job

    return request_job(
        cache_key(organisation, assessment_round, lang, fmt),
        EXPORT_KIND,
        lang,
        user_id,
        parameters=parameters(fmt),
        organisation_id=organisation.id,
        round_id=assessment_round.id,
    )


def render_export_job(job: ReportJob) -> bytes | None:
    """The file of a queued export, or None when the round changed since it was asked."""
    from assessment.results.capability import capability_data

    organisation = db.session.get(Organisation, job.organisation_id)
    assessment_round = db.session.get(AssessmentRound, job.round_id)
    if organisation is None or assessment_round is None:
        raise LookupError("the organisation or round of this export is gone")
    fmt = export_format(job)
    if cache_key(organisation, assessment_round, job.language, fmt) != job.cache_key:
        return None  # the answers changed since it was asked for
    with force_locale(job.language):  # labels in the export's language
        data = capability_data(organisation, assessment_round)
        content = exports.export(data, fmt)
    db.session.rollback()  # release SQLite's lock before the file is stored
    return content
