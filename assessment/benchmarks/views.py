"""Benchmark pages: the national coordinator's country page and the analyst explorer.

Thin views: parse, authorise, call ``services.benchmarks``, render. Every figure they
show comes from a disclosure-controlled table; no page here ever receives a
respondent's answers or an anonymous organisation's name.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assessment.accounts.access import coordinated_organisation, role_required
from assessment.accounts.models import (
    ADMIN,
    ANALYST,
    NATIONAL_COORDINATOR,
    ORGANISATION_COORDINATOR,
)
from assessment.benchmarks import exports as benchmark_exports
from assessment.benchmarks import labels, reasons
from assessment.benchmarks import national as benchmark_national
from assessment.benchmarks import services as benchmarks
from assessment.benchmarks.charts import dimension_title, explorer_charts, group_label
from assessment.benchmarks.comparison import figure_text, position
from assessment.benchmarks.quality import quality_report
from assessment.charting.web import figure_json
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.questionnaire_library import library
from assessment.survey.rounds import round_or_404
from assessment.tasks import prerender_reports
from scoring.benchmark import GROUP_FIELDS, QualityRules

blueprint = Blueprint("benchmarks", __name__)


@blueprint.context_processor
def _helpers() -> dict[str, Any]:
    # How the benchmark templates word and format what the engine gives, in the page's
    # language (questionnaire content through ``lang``).
    return {
        "lang": labels.language(),
        "field_name": labels.field_name,
        "value_label": labels.value_label,
        "level_label": labels.level_label,
        "number": labels.number,
        "count": labels.count,
        "percent": labels.percent,
        "country_name": labels.country_name,
        "filter_list": labels.filter_list,
        "progress_lines": labels.progress_lines,
        "language_name": labels.language_name,
        "report_languages": labels.languages(),
        "reason_note": reasons.note,
        "reason_sentence": reasons.sentence,
        "quality_counts": reasons.quality_counts,
        "alpha_note": reasons.alpha_note,
        "rules_text": reasons.rules_text,
        "publication_text": reasons.publication_text,
        "records_rule": reasons.records_rule,
        "table_counts": reasons.table_counts,
        "figure_json": figure_json,
        "group_label": group_label,
        "dimension_title": dimension_title,
        "position": position,
        "comparison_text": figure_text,
    }


def country_or_404(country: str) -> str:
    code = country.upper()
    if len(code) != 2 or not code.isalpha():
        abort(404)
    if current_user.has_role(ADMIN):
        return code
    if code not in {c.upper() for c in current_user.countries_with_role(NATIONAL_COORDINATOR)}:
        abort(404)  # not 403: other countries' pages are not even acknowledged
    return code


@blueprint.get("/national/<string:country>/")
@role_required(NATIONAL_COORDINATOR)
def national(country: str) -> str:
    code = country_or_404(country)
    overview = benchmark_national.national_overview(code)
    return render_template(
        "benchmarks/national.html", overview=overview, country_label=labels.country_name(code)
    )


def _query_or_error() -> tuple[benchmarks.ExplorerQuery | None, str | None]:
    try:
        return benchmarks.parse_query(request.args), None
    except benchmarks.QueryError as error:
        return None, reasons.query_problem(error.code)


@blueprint.get("/analyst/explorer")
@role_required(ANALYST)
def explorer() -> tuple[str, int]:
    query, problem = _query_or_error()
    exploration = benchmarks.explore(query) if query else None
    chosen = query or benchmarks.ExplorerQuery(benchmarks.default_questionnaire())
    lang = labels.language()
    return render_template(
        "benchmarks/explorer.html",
        exploration=exploration,
        query=chosen,
        problem=problem,
        questionnaires=[(q.id, q.title.get(lang)) for q in library()],
        fields=GROUP_FIELDS,
        values=benchmarks.field_values(chosen.questionnaire_id),
        charts=explorer_charts(exploration) if exploration else [],
    ), (400 if problem else 200)


@blueprint.get("/analyst/explorer/export.<any(csv, xlsx, json):fmt>")
@audit.leaves_data
@role_required(ANALYST)
def export(fmt: str) -> Response:
    query, problem = _query_or_error()
    if query is None:
        abort(400, problem)
    exploration = benchmarks.explore(query)
    content = benchmark_exports.render(exploration, fmt)
    name = benchmark_exports.file_name(exploration, fmt)
    return Response(
        content,
        mimetype=benchmark_exports.MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"',
                 "Cache-Control": "no-store"},
    )  # fmt: skip


@blueprint.get("/analyst/quality")
@role_required(ANALYST)
def quality() -> tuple[str, int]:
    query, problem = _query_or_error()
    report = quality_report(query) if query else None
    return render_template(
        "benchmarks/quality.html",
        report=report,
        query=query,
        problem=problem,
        explorer_url=url_for(".explorer", **(query.as_args() if query else {})),
        extreme_share=QualityRules().extreme_share,
    ), (400 if problem else 200)


@blueprint.post("/organisations/<string:slug>/rounds/<int:round_id>/consent")
@role_required(ORGANISATION_COORDINATOR)
def change_consent(slug: str, round_id: int) -> Response:
    """Set how the round may be used in benchmarks (audit-logged, published at the next refresh)."""
    organisation = coordinated_organisation(slug)
    assessment_round = round_or_404(organisation, round_id)
    consent = request.form.get("consent", "")
    version = request.form.get("version", "")
    back = redirect(url_for("rounds.round_page", slug=slug, round_id=round_id, _anchor="consent"))
    if not version.isdigit():
        flash(_stale())
        return back
    try:
        changed = benchmarks.change_consent(
            assessment_round, consent, expected_version=int(version), actor_id=current_user.id
        )
    except benchmarks.ConsentError as error:
        flash(
            _stale()
            if str(error) == "stale"
            else _("Choose how the round may be used in benchmarks.")
        )
        return back
    # Nothing is recomputed here: published figures must not move with one
    # organisation's consent, so the change reaches them at the next scheduled refresh.
    db.session.commit()
    if changed:  # its own reports show its placement only with consent
        prerender_reports(round_id)
    choice = labels.consent_label(assessment_round.consent)
    if changed:
        flash(_("Consent saved: %(choice)s. Benchmarks use it from their next refresh.",
                choice=choice), "success")  # fmt: skip
    else:
        flash(_("Consent unchanged: %(choice)s.", choice=choice), "success")
    return back


def _stale() -> str:
    return _("Someone else changed this round meanwhile. Check the choice below and save again.")
