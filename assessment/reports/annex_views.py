"""The technical annex, as a PDF or a workbook: a status page following its job, then the file.

The same flow as the capability report (``reports.views``): the web worker looks the
annex up by its cache key or queues it, a worker of the task queue writes it, and the
file comes from the shared storage whichever host wrote it.
"""

from __future__ import annotations

import io

from flask import Blueprint, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.core import audit
from assessment.reports import jobs
from assessment.reports.keys import ANNEX_KINDS
from assessment.reports.views import (
    coordinator,
    report_language,
    scope,
    status_context,
    stored_file,
)
from assessment.survey import scoring as results

blueprint = Blueprint(
    "annex", __name__, url_prefix="/organisations/<string:slug>/rounds/<int:round_id>/annex"
)
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _titles(fmt: str) -> tuple[str, str]:
    if fmt == "xlsx":
        return _("Technical annex (spreadsheet)"), _("Download the annex (XLSX)")
    return _("Technical annex (PDF)"), _("Download the annex (PDF)")


@blueprint.route("/<any(pdf, xlsx):fmt>", methods=["GET", "POST"])
@coordinator
def annex(slug: str, round_id: int, fmt: str) -> str | Response:
    organisation, assessment_round = scope(slug, round_id)
    lang = report_language()
    job = None
    if results.submitted_count(assessment_round):
        job = jobs.request_annex(organisation, assessment_round, lang, fmt, current_user.id)
        if request.method == "POST":  # "Try again" after a failure (CSRF-checked)
            jobs.retry(job)
            return redirect(url_for(".annex", slug=slug, round_id=round_id, fmt=fmt, lang=lang))
    title, download = _titles(fmt)
    return render_template(
        "reports/status.html",
        caption=f"{organisation.name} – {assessment_round.title}",
        back_url=url_for("results.round_results", slug=slug, round_id=round_id),
        back_text=_("Back to the result"),
        download_url=job
        and url_for(".download", slug=slug, round_id=round_id, job_id=job.id, fmt=fmt),
        retry_url=url_for(".annex", slug=slug, round_id=round_id, fmt=fmt, lang=lang),
        **status_context(job, lang, title=title, download=download),
    )


@blueprint.get("/<int:job_id>.<any(pdf, xlsx):fmt>")
@audit.leaves_data
@coordinator
def download(slug: str, round_id: int, job_id: int, fmt: str) -> Response:
    organisation, assessment_round = scope(slug, round_id)
    job, content = stored_file(job_id, ANNEX_KINDS[fmt], organisation, assessment_round)
    return send_file(
        io.BytesIO(content),
        mimetype=MEDIA_TYPES[fmt],
        as_attachment=True,
        download_name=(
            f"{organisation.slug}-round-{assessment_round.id}-annex-{job.language}.{fmt}"
        ),
        max_age=0,
    )
