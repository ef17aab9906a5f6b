"""The PDF capability report: a status page that follows the background job, then the file.

The web worker only looks the report up by its cache key or queues it; rendering
happens in a worker of the task queue (assessment/reports/jobs.py), so these pages stay
as quick as any other while a report is being built, and the file comes from the
shared storage, whichever host rendered it.
"""

from __future__ import annotations

import io
from functools import partial
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.accounts.access import coordinated_organisation, role_required
from assessment.accounts.models import ORGANISATION_COORDINATOR
from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.i18n import LANGUAGE_NAMES
from assessment.reports import jobs
from assessment.reports.keys import KIND
from assessment.reports.models import REPORT_DONE, REPORT_FAILED, ReportJob
from assessment.reports.wording import word
from assessment.survey import scoring as results
from assessment.survey.models import AssessmentRound
from assessment.survey.rounds import round_or_404

blueprint = Blueprint(
    "reports", __name__, url_prefix="/organisations/<string:slug>/rounds/<int:round_id>/report"
)
coordinator = role_required(ORGANISATION_COORDINATOR)


def _scope(slug: str, round_id: int) -> tuple[Organisation, AssessmentRound]:
    organisation = coordinated_organisation(slug)
    return organisation, round_or_404(organisation, round_id)


def _report_language() -> str:
    asked = request.args.get("lang")
    if asked in current_app.config["LANGUAGES"]:
        return str(asked)
    return str(get_locale() or "en")


@blueprint.route("", methods=["GET", "POST"])
@coordinator
def capability_report(slug: str, round_id: int) -> str | Response:
    organisation, assessment_round = _scope(slug, round_id)
    lang = _report_language()
    job = None
    if results.submitted_count(assessment_round):
        job = jobs.request_report(organisation, assessment_round, lang, current_user.id)
        if request.method == "POST":  # "Try again" after a failure (CSRF-checked)
            jobs.retry(job)
            return redirect(url_for(".capability_report", slug=slug, round_id=round_id, lang=lang))
    ui = str(get_locale() or "en")
    return render_template(
        "reports/status.html",
        caption=f"{organisation.name} – {assessment_round.title}",
        back_url=url_for("rounds.round_page", slug=slug, round_id=round_id),
        back_text=word("back", ui),
        download_url=job and url_for(".download", slug=slug, round_id=round_id, job_id=job.id),
        retry_url=url_for(".capability_report", slug=slug, round_id=round_id, lang=lang),
        **status_context(job, lang, partial(word, lang=ui)),
    )


def status_context(job: ReportJob | None, lang: str, words: Any) -> dict[str, Any]:
    """What the report status page shows of ``job`` (any kind of report)."""
    return {
        "job": job,
        "lang": lang,
        "language_name": LANGUAGE_NAMES[lang],
        "w": words,
        "done": job is not None and job.status == REPORT_DONE,
        "failed": job is not None and job.status == REPORT_FAILED,
    }


def report_language() -> str:
    """The language asked for (``?lang=``), else the page's."""
    return _report_language()


@blueprint.get("/<int:job_id>.pdf")
@coordinator
def download(slug: str, round_id: int, job_id: int) -> Response:
    organisation, assessment_round = _scope(slug, round_id)
    job = db.session.get(ReportJob, job_id)
    if (
        job is None
        or job.kind != KIND
        or job.round_id != assessment_round.id
        or job.organisation_id != organisation.id
    ):
        abort(404)
    pdf = jobs.pdf_bytes(job)
    if pdf is None:
        abort(404)
    return send_file(
        io.BytesIO(pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"{organisation.slug}-round-{assessment_round.id}-report-{job.language}.pdf",
        max_age=0,
    )
