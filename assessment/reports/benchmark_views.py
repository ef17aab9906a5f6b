"""Benchmark reports (PDF): the explorer's comparison and a country's national page.

The same flow as the capability report: the page names the report by its content and
queues it, a report worker renders it, the page follows progress and then offers the
download. Analysts (and admins) get explorer reports; a national coordinator gets the
report of their own country only, and every other country's is not found.
"""

from __future__ import annotations

import io

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.accounts.access import role_required
from assessment.accounts.models import ANALYST, NATIONAL_COORDINATOR
from assessment.benchmarks import services as benchmarks
from assessment.benchmarks.labels import country_name, language
from assessment.benchmarks.views import country_or_404
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.questionnaire_library import library
from assessment.reports import benchmark_pipeline as pipeline
from assessment.reports import jobs
from assessment.reports.models import ReportJob
from assessment.reports.views import report_language, status_context

blueprint = Blueprint("benchmark_reports", __name__)


def _status_page(job: ReportJob, lang: str, **links: str) -> str:
    # The status page is shared with the capability report; its benchmark-only words
    # are given here.
    return render_template(
        "reports/status.html",
        **links,
        **status_context(
            job,
            lang,
            title=_("Benchmark report (PDF)"),
            download=_("Download the report (PDF)"),
        ),
    )


def _request(parameters: str, lang: str) -> ReportJob:
    key = pipeline.cache_key(parameters, lang)
    job = jobs.request_job(key, pipeline.BENCHMARK_KIND, lang, current_user.id,
                           parameters=parameters)  # fmt: skip
    if request.method == "POST":  # "Try again" after a failure (CSRF-checked)
        jobs.retry(job)
    return job


def _send(job: ReportJob, name: str) -> Response:
    pdf = jobs.pdf_bytes(job)
    if pdf is None:
        abort(404)
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                     download_name=f"{name}-{job.language}.pdf", max_age=0)  # fmt: skip


def _job_or_404(job_id: int) -> tuple[ReportJob, dict[str, object]]:
    job = db.session.get(ReportJob, job_id)
    parameters = pipeline.read_parameters(job) if job is not None else {}
    if job is None or not parameters:
        abort(404)
    return job, parameters


def _title(query: benchmarks.ExplorerQuery) -> str:
    return library().get(query.questionnaire_id).title.get(language())


@blueprint.route("/analyst/explorer/report", methods=["GET", "POST"])
@role_required(ANALYST)
def explorer_report() -> str | Response:
    lang = report_language()
    try:
        query = benchmarks.parse_query(request.args)
    except benchmarks.QueryError as error:
        abort(400, str(error))
    job = _request(pipeline.explorer_parameters(query), lang)
    args = query.as_args()
    if request.method == "POST":
        return redirect(url_for(".explorer_report", lang=lang, **args))
    return _status_page(
        job, lang, caption=f"{_('Benchmark explorer')} – {_title(query)}",
        back_url=url_for("benchmarks.explorer", **args), back_text=_("Back to the explorer"),
        download_url=url_for(".explorer_download", job_id=job.id),
        retry_url=url_for(".explorer_report", lang=lang, **args),
    )  # fmt: skip


@blueprint.get("/analyst/explorer/report/<int:job_id>.pdf")
@audit.leaves_data
@role_required(ANALYST)
def explorer_download(job_id: int) -> Response:
    job, parameters = _job_or_404(job_id)
    if parameters.get("scope") != pipeline.EXPLORER:
        abort(404)
    query = parameters.get("query") or {}
    name = str(query.get("questionnaire", "benchmark")) if isinstance(query, dict) else "benchmark"
    return _send(job, f"benchmark-{name}")


@blueprint.route("/national/<string:country>/report", methods=["GET", "POST"])
@role_required(NATIONAL_COORDINATOR)
def national_report(country: str) -> str | Response:
    code = country_or_404(country)
    lang = report_language()
    job = _request(pipeline.national_parameters(code), lang)
    if request.method == "POST":
        return redirect(url_for(".national_report", country=country, lang=lang))
    return _status_page(
        job, lang, caption=_("Agencies in %(country)s", country=country_name(code)),
        back_url=url_for("benchmarks.national", country=country),
        back_text=_("Back to the country page"),
        download_url=url_for(".national_download", country=country, job_id=job.id),
        retry_url=url_for(".national_report", country=country, lang=lang),
    )  # fmt: skip


@blueprint.get("/national/<string:country>/report/<int:job_id>.pdf")
@audit.leaves_data
@role_required(NATIONAL_COORDINATOR)
def national_download(country: str, job_id: int) -> Response:
    code = country_or_404(country)
    job, parameters = _job_or_404(job_id)
    if parameters.get("scope") != pipeline.NATIONAL or parameters.get("country") != code:
        abort(404)  # another country's report is not even acknowledged
    return _send(job, f"national-{code.lower()}")
