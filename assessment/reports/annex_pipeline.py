"""Gather a round's result and write its technical annex, as a PDF or a workbook.

Runs in a report worker or the ``report --annex`` command, never in a web worker (the
PDF imports WeasyPrint). The annex prints tables only, no chart images: it needs no
browser, and is built inside ``flask_babel.force_locale`` of its language as the
capability report is (``reports.pipeline``).
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.reports.annex import annex_content
from assessment.reports.annex_xlsx import annex_xlsx
from assessment.reports.fetcher import StaticFileFetcher
from assessment.reports.keys import ANNEX_KINDS, cache_key
from assessment.reports.models import ReportJob
from assessment.reports.render import html_to_pdf, render_html
from assessment.results.capability import CapabilityData, capability_data
from assessment.survey.models import AssessmentRound

TEMPLATE = "annex.html"
FORMATS = tuple(ANNEX_KINDS)  # pdf, xlsx


def build_annex(data: CapabilityData, fmt: str, fetcher: StaticFileFetcher | None = None) -> bytes:
    """The annex of ``data`` in ``fmt`` (pdf or xlsx), in the language in force."""
    annex = annex_content(data, utcnow().date())
    if fmt == "xlsx":
        return annex_xlsx(annex)
    html = render_html(annex.template_context(), TEMPLATE)
    return html_to_pdf(html, annex.lang, fetcher, running_head=_("Technical annex"))


def annex_document(
    organisation: Organisation, assessment_round: AssessmentRound, lang: str, fmt: str
) -> bytes:
    """Gather and write the annex in ``lang`` in one go (the command's path)."""
    with force_locale(lang):
        data = capability_data(organisation, assessment_round, with_answer_counts=True)
        db.session.rollback()  # release SQLite's lock while rendering (see reports.pipeline)
        return build_annex(data, fmt)


def render_annex_job(job: ReportJob) -> bytes | None:
    """The annex of ``job``, or None when the round changed since it was asked for."""
    organisation = db.session.get(Organisation, job.organisation_id)
    assessment_round = db.session.get(AssessmentRound, job.round_id)
    if organisation is None or assessment_round is None:
        raise LookupError("the organisation or round of this annex is gone")
    if cache_key(organisation, assessment_round, job.language, job.kind) != job.cache_key:
        return None
    fmt = next(fmt for fmt, kind in ANNEX_KINDS.items() if kind == job.kind)
    return annex_document(organisation, assessment_round, job.language, fmt)
