"""Gather a round's result, draw its charts, lay out the report and render the PDF.

Runs in a report worker or the ``report`` command, never in a web worker: it imports
WeasyPrint and may start the browser that exports the charts.
"""

from __future__ import annotations

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.reports.charts import printed_plan
from assessment.reports.content import report_content
from assessment.reports.fetcher import StaticFileFetcher
from assessment.reports.jobs import reports_folder
from assessment.reports.render import render_pdf
from assessment.results.capability import CapabilityData, capability_data
from assessment.survey.models import AssessmentRound


def build_pdf(data: CapabilityData, fetcher: StaticFileFetcher | None = None) -> bytes:
    """Render the capability report of ``data`` (no database access)."""
    from assessment.core.questionnaire_library import questionnaire
    from assessment.results.charts import chart_plan

    charts = printed_plan(chart_plan(data), reports_folder() / "charts")
    definitions = {
        i["questionnaire"]: questionnaire(i["questionnaire"], i["version"])
        for i in data.instruments
    }
    content = report_content(data, charts, utcnow().date(), definitions)
    return render_pdf(content, fetcher)


def capability_pdf(
    organisation: Organisation, assessment_round: AssessmentRound, lang: str
) -> bytes:
    """Gather and render in one go (the ``report`` command's path)."""
    data = capability_data(organisation, assessment_round, lang, with_answer_counts=True)
    # End the read transaction before the slow part: on SQLite every transaction
    # takes the write lock, which would hold up the web workers while we render.
    db.session.rollback()
    return build_pdf(data)
