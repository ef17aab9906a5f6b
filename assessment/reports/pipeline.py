"""Gather a round's result, draw its charts, lay out the report and render the PDF.

Runs in a report worker or the ``report`` command, never in a web worker: it imports
WeasyPrint and may start the browser that exports the charts. The whole report is
built inside ``flask_babel.force_locale`` of its language: the charts, the wording and
the peer placement all speak it, whatever the language of the page that asked for it.
An app context is all Flask-Babel needs for that (it keeps the forced language on
``flask.g``): the worker and the CLI command run in one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import force_locale

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


def report_charts(plan: Sequence[Any]) -> list[Any]:
    """The charts the capability report draws: each questionnaire's first, and the trend.

    The first chart of a questionnaire is its dimension profile, the one that shows its
    levels; the others (and every chart's numbers) belong to the technical annex.
    """
    seen: set[str] = set()
    kept = []
    for planned in plan:
        if planned.questionnaire is None or planned.questionnaire not in seen:
            kept.append(planned)
        if planned.questionnaire is not None:
            seen.add(planned.questionnaire)
    return kept


def build_pdf(data: CapabilityData, fetcher: StaticFileFetcher | None = None) -> bytes:
    """Render the capability report of ``data`` in the language in force (no database access)."""
    from assessment.results.charts import chart_plan

    # Rasters: WeasyPrint places a JPEG, where it lays out an SVG's every shape and
    # letter (a fifth of the report's rendering); each figure's /Alt states what it shows.
    charts = printed_plan(report_charts(chart_plan(data)), reports_folder() / "charts", "jpeg")
    content = report_content(data, charts, utcnow().date())
    return render_pdf(content.template_context(), fetcher)


def capability_pdf(
    organisation: Organisation, assessment_round: AssessmentRound, lang: str
) -> bytes:
    """Gather and render the report in ``lang`` in one go (the command's and worker's path)."""
    with force_locale(lang):
        data = capability_data(organisation, assessment_round)
        # End the read transaction before the slow part: on SQLite every transaction
        # takes the write lock, which would hold up the web workers while we render.
        db.session.rollback()
        return build_pdf(data)
