"""The PDF capability report: a status page that follows the background job, then the file.

The web worker only looks the report up by its cache key or queues it; rendering
happens in a worker of the task queue (assessment/reports/jobs.py), so these pages stay
as quick as any other while a report is being built, and the file comes from the
shared storage, whichever host rendered it.
"""

from __future__ import annotations

import io
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
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.accounts.access import readable_organisation, role_required
from assessment.accounts.models import ORGANISATION_COORDINATOR, ORGANISATION_LEADER
from assessment.accounts.organisations import Organisation
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.i18n import LANGUAGE_NAMES, current_language
from assessment.reports import export_jobs, jobs
from assessment.reports.export_jobs import EXPORT_KIND
from assessment.reports.keys import KIND
from assessment.reports.models import REPORT_DONE, REPORT_FAILED, ReportJob
from assessment.results.exports import MEDIA_TYPES as EXPORT_MEDIA_TYPES
from assessment.survey import scoring as results
from assessment.survey.models import AssessmentRound
from assessment.survey.rounds import round_or_404

blueprint = Blueprint(
    "reports", __name__, url_prefix="/organisations/<string:slug>/rounds/<int:round_id>/report"
)
# Coordinators and leaders (accounts.access.readable_organisation).
coordinator = role_required(ORGANISATION_COORDINATOR, ORGANISATION_LEADER)


def scope(slug: str, round_id: int) -> tuple[Organisation, AssessmentRound]:
    """The readable organisation and its round, or 404."""
    organisation = readable_organisation(slug)
    return organisation, round_or_404(organisation, round_id)


def stored_file(
    job_id: int, kind: str, organisation: Organisation, assessment_round: AssessmentRound
) -> tuple[ReportJob, bytes]:
    """Job ``job_id``'s stored file, if the job is a ``kind`` of this round; else 404.

    Every download goes through here, so no id of another organisation's, round's or
    kind's job can be used to fetch its file.
    """
    job = db.session.get(ReportJob, job_id)
    if (
        job is None
        or job.kind != kind
        or job.round_id != assessment_round.id
        or job.organisation_id != organisation.id
    ):
        abort(404)
    content = jobs.pdf_bytes(job)
    if content is None:
        abort(404)
    return job, content


def report_language() -> str:
    """The language asked for (``?lang=``), else the page's."""
    asked = request.args.get("lang")
    if asked in current_app.config["LANGUAGES"]:
        return str(asked)
    return current_language()


@blueprint.route("", methods=["GET", "POST"])
@coordinator
def capability_report(slug: str, round_id: int) -> str | Response:
    organisation, assessment_round = scope(slug, round_id)
    lang = report_language()
    job = None
    if results.submitted_count(assessment_round):
        job = jobs.request_report(organisation, assessment_round, lang, current_user.id)
        if request.method == "POST":  # "Try again" after a failure (CSRF-checked)
            jobs.retry(job)
            return redirect(url_for(".capability_report", slug=slug, round_id=round_id, lang=lang))
    return render_template(
        "reports/status.html",
        caption=f"{organisation.name} – {assessment_round.title}",
        back_url=url_for("rounds.round_page", slug=slug, round_id=round_id),
        back_text=_("Back to the round"),
        download_url=job and url_for(".download", slug=slug, round_id=round_id, job_id=job.id),
        retry_url=url_for(".capability_report", slug=slug, round_id=round_id, lang=lang),
        **status_context(
            job, lang, title=_("Capability report (PDF)"), download=_("Download the report (PDF)")
        ),
    )


def job_error(job: ReportJob) -> str:
    """Why ``job`` failed, in the page's language.

    Jobs store a code (``jobs.FAILURE``, ``jobs.SUPERSEDED``); a job failed before codes
    were stored holds its sentence, which is shown as it is.
    """
    exported = job.kind == EXPORT_KIND
    if job.error == jobs.FAILURE:
        if exported:
            return _(
                "Something went wrong while preparing the file. Try again; if it fails again,"
                " contact the platform's support team."
            )
        return _(
            "Something went wrong while preparing the report. Try again; if it fails again,"
            " contact the platform's support team."
        )
    if job.error == jobs.SUPERSEDED:
        if exported:
            return _(
                "The answers changed while the file was being prepared; a new one is on its way."
            )
        return _(
            "The answers changed while the report was being prepared; a new one is on its way."
        )
    return job.error


def status_context(
    job: ReportJob | None, lang: str, *, title: str, download: str, is_file: bool = False
) -> dict[str, Any]:
    """What the report status page shows of ``job`` (any kind of report).

    ``title``: the page's heading (which report); ``download``: its download link's text;
    ``is_file``: the page follows a data file (an export), not a report. The other
    words of the page are the same for every report.
    """
    return {
        "job": job,
        "lang": lang,
        "language_name": LANGUAGE_NAMES[lang],
        "title": title,
        "download": download,
        "is_file": is_file,
        "error": job_error(job) if job is not None else "",
        "done": job is not None and job.status == REPORT_DONE,
        "failed": job is not None and job.status == REPORT_FAILED,
    }


@blueprint.get("/<int:job_id>.pdf")
@audit.leaves_data
@coordinator
def download(slug: str, round_id: int, job_id: int) -> Response:
    organisation, assessment_round = scope(slug, round_id)
    job, pdf = stored_file(job_id, KIND, organisation, assessment_round)
    return send_file(
        io.BytesIO(pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"{organisation.slug}-round-{assessment_round.id}-report-{job.language}.pdf",
        max_age=0,
    )


EXPORT_TITLES = {
    "csv": (_l("Results as CSV"), _l("Download the results (CSV)")),
    "xlsx": (_l("Results as a spreadsheet (XLSX)"), _l("Download the results (XLSX)")),
    "json": (_l("Results as JSON"), _l("Download the results (JSON)")),
}


@blueprint.route("/export.<any(csv, xlsx, json):fmt>", methods=["GET", "POST"])
@coordinator
def results_export(slug: str, round_id: int, fmt: str) -> str | Response:
    """A large results export: its progress, then its download (``export_jobs``)."""
    organisation, assessment_round = scope(slug, round_id)
    lang = report_language()
    here = url_for(".results_export", slug=slug, round_id=round_id, fmt=fmt, lang=lang)
    job = None
    if results.submitted_count(assessment_round):
        job = export_jobs.request_export(organisation, assessment_round, lang, fmt,
                                         current_user.id)  # fmt: skip
        if request.method == "POST":  # "Try again" after a failure (CSRF-checked)
            jobs.retry(job)
            return redirect(here)
    title, download_text = EXPORT_TITLES[fmt]
    return render_template(
        "reports/status.html",
        caption=f"{organisation.name} – {assessment_round.title}",
        back_url=url_for("results.round_results", slug=slug, round_id=round_id),
        back_text=_("Back to the results"),
        download_url=job
        and url_for(".results_export_file", slug=slug, round_id=round_id, job_id=job.id, fmt=fmt),
        retry_url=here,
        **status_context(job, lang, title=str(title), download=str(download_text), is_file=True),
    )


@blueprint.get("/export/<int:job_id>.<any(csv, xlsx, json):fmt>")
@audit.leaves_data
@coordinator
def results_export_file(slug: str, round_id: int, job_id: int, fmt: str) -> Response:
    organisation, assessment_round = scope(slug, round_id)
    job, content = stored_file(job_id, EXPORT_KIND, organisation, assessment_round)
    if export_jobs.export_format(job) != fmt:
        abort(404)
    name = f"{organisation.slug}-round-{assessment_round.id}-results-{job.language}.{fmt}"
    answer = send_file(
        io.BytesIO(content),
        mimetype=EXPORT_MEDIA_TYPES[fmt],
        as_attachment=True,
        download_name=name,
        max_age=0,
    )
    answer.headers["Cache-Control"] = "no-store"
    answer.headers["X-Content-Type-Options"] = "nosniff"
    return answer
