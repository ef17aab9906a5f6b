"""Benchmark pages: the national coordinator's country page and the analyst explorer.

Thin views: parse, authorise, call ``services.benchmarks``, render. Every figure they
show comes from a disclosure-controlled table; no page here ever receives a
respondent's answers or an anonymous organisation's name.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from assessment.accounts.access import coordinated_organisation, role_required
from assessment.accounts.models import (
    ADMIN,
    ANALYST,
    NATIONAL_COORDINATOR,
    ORGANISATION_COORDINATOR,
)
from assessment.benchmarks import exports as benchmark_exports
from assessment.benchmarks import labels, wording
from assessment.benchmarks import national as benchmark_national
from assessment.benchmarks import services as benchmarks
from assessment.benchmarks.charts import explorer_charts, group_label
from assessment.benchmarks.quality import quality_report
from assessment.benchmarks.refresh import refresh_after_consent_change
from assessment.benchmarks.wording import word
from assessment.charting.web import figure_json
from assessment.core.extensions import db
from assessment.core.questionnaire_library import library
from assessment.survey.rounds import round_or_404
from scoring.benchmark import GROUP_FIELDS, REASONS, QualityRules, describe

blueprint = Blueprint("benchmarks", __name__)


def _lang() -> str:
    return str(get_locale() or "en")


def _helpers(lang: str) -> dict[str, Any]:
    return {
        "lang": lang,
        "w": partial(wording.word, lang=lang),
        "field_name": partial(labels.field_name, lang=lang),
        "value_label": partial(labels.value_label, lang=lang),
        "level_label": partial(labels.level_label, lang=lang),
        "number": lambda value, digits=1: labels.number(value, lang, digits),
        "country_name": partial(labels.country_name, lang=lang),
        "reason_note": lambda code: (
            describe(code, benchmarks.rules()).get(lang) if code in REASONS else code
        ),
        "figure_json": figure_json,
        "group_label": partial(group_label, lang=lang),
    }


@blueprint.app_template_global("benchmark_word")
def benchmark_word(key: str, **values: object) -> str:
    """A benchmark sentence in the page's language, for templates outside this blueprint."""
    return wording.word(key, _lang(), **values)


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
    lang = _lang()
    overview = benchmark_national.national_overview(code)
    return render_template(
        "benchmarks/national.html",
        overview=overview,
        country_label=labels.country_name(code, lang),
        **_helpers(lang),
    )


def _query_or_error(lang: str) -> tuple[benchmarks.ExplorerQuery | None, str | None]:
    try:
        return benchmarks.parse_query(request.args), None
    except benchmarks.QueryError as error:
        return None, wording.word(error.code, lang)


@blueprint.get("/analyst/explorer")
@role_required(ANALYST)
def explorer() -> tuple[str, int]:
    lang = _lang()
    query, problem = _query_or_error(lang)
    exploration = benchmarks.explore(query) if query else None
    chosen = query or benchmarks.ExplorerQuery(benchmarks.default_questionnaire())
    return render_template(
        "benchmarks/explorer.html",
        exploration=exploration,
        query=chosen,
        problem=problem,
        questionnaires=[(q.id, q.title.get(lang)) for q in library()],
        fields=GROUP_FIELDS,
        values=benchmarks.field_values(chosen.questionnaire_id),
        charts=explorer_charts(exploration, lang) if exploration else [],
        meta=benchmark_exports.metadata(exploration, lang) if exploration else None,
        **_helpers(lang),
    ), (400 if problem else 200)


@blueprint.get("/analyst/explorer/export.<any(csv, xlsx, json):fmt>")
@role_required(ANALYST)
def export(fmt: str) -> Response:
    lang = _lang()
    query, problem = _query_or_error(lang)
    if query is None:
        abort(400, problem)
    exploration = benchmarks.explore(query)
    content = benchmark_exports.render(exploration, fmt, lang)
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
    lang = _lang()
    query, problem = _query_or_error(lang)
    report = quality_report(query) if query else None
    return render_template(
        "benchmarks/quality.html",
        report=report,
        query=query,
        problem=problem,
        explorer_url=url_for(".explorer", **(query.as_args() if query else {})),
        extreme_share=round(QualityRules().extreme_share * 100),
        **_helpers(lang),
    ), (400 if problem else 200)


@blueprint.post("/organisations/<string:slug>/rounds/<int:round_id>/consent")
@role_required(ORGANISATION_COORDINATOR)
def change_consent(slug: str, round_id: int) -> Response:
    """Set how the round may be used in benchmarks (audit-logged, effective at once)."""
    organisation = coordinated_organisation(slug)
    assessment_round = round_or_404(organisation, round_id)
    lang = _lang()
    consent = request.form.get("consent", "")
    version = request.form.get("version", "")
    back = redirect(url_for("rounds.round_page", slug=slug, round_id=round_id, _anchor="consent"))
    if not version.isdigit():
        flash(word("consent_stale", lang))
        return back
    try:
        changed = benchmarks.change_consent(
            assessment_round, consent, expected_version=int(version), actor_id=current_user.id
        )
    except benchmarks.ConsentError as error:
        flash(word("consent_stale" if str(error) == "stale" else "consent_missing", lang))
        return back
    db.session.commit()
    if changed:  # the figures it alters are computed again by a worker, not the next page
        refresh_after_consent_change(round_id)
    choice = word(f"consent_{assessment_round.consent}", lang)
    flash(word("consent_saved" if changed else "consent_unchanged", lang, choice=choice), "success")
    return back
