"""The organisation's result for one round: levels, explanations, charts, targets, exports.

For the organisation's coordinators (and admins) only; aggregated figures only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assessment.accounts.access import (
    coordinated_organisation,
    coordinates,
    readable_organisation,
    role_required,
)
from assessment.accounts.models import ORGANISATION_COORDINATOR, ORGANISATION_LEADER
from assessment.accounts.organisations import Organisation
from assessment.charting import Chart
from assessment.charting.web import figure_json
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.levels import level_name
from assessment.results import exports
from assessment.results import wording as w
from assessment.results.capability import (
    CapabilityData,
    QuotedQuestion,
    capability_data,
    quoted_comments,
    shared_comments,
    targets_of,
)
from assessment.results.charts import chart_plan
from assessment.results.charts.reading import strengths_and_gaps
from assessment.results.summary import ScaleLine, executive_summary
from assessment.results.target_forms import TargetsForm, targets_form
from assessment.results.targets import DimensionTarget
from assessment.survey.models import AssessmentRound
from assessment.survey.rounds import round_or_404

blueprint = Blueprint(
    "results", __name__, url_prefix="/organisations/<string:slug>/rounds/<int:round_id>/results"
)
coordinator = role_required(ORGANISATION_COORDINATOR)
# Leaders read results and reports too (accounts.access.readable_organisation).
reader = role_required(ORGANISATION_COORDINATOR, ORGANISATION_LEADER)


@blueprint.get("")
@reader
def round_results(slug: str, round_id: int) -> str:
    organisation = readable_organisation(slug)
    assessment_round = round_or_404(organisation, round_id)
    return _render(organisation, assessment_round)


@blueprint.post("/targets/<string:questionnaire_id>")
@coordinator
def save_targets(slug: str, round_id: int, questionnaire_id: str) -> Any:
    organisation = coordinated_organisation(slug)
    assessment_round = round_or_404(organisation, round_id)
    data = capability_data(organisation, assessment_round)
    instrument = next((i for i in data.instruments if i.questionnaire == questionnaire_id), None)
    if instrument is None:
        abort(404)
    stored = targets_of(assessment_round).get(questionnaire_id, {})
    form = targets_form(instrument, stored, data.owners.get(questionnaire_id, {}))
    if not form.validate_on_submit():
        return _render(
            organisation, assessment_round, data=data, failed=(questionnaire_id, form)
        ), 400
    chosen, owners = form.chosen(), form.owners()
    before_owners = {
        d: (o.owner, o.due_on) for d, o in data.owners.get(questionnaire_id, {}).items()
    }
    after_owners = {d: o for d, o in owners.items() if o != ("", None)}
    _store_targets(assessment_round, questionnaire_id, chosen, owners)
    if chosen != stored or after_owners != before_owners:
        audit.record(
            "targets.changed",
            actor_id=current_user.id,
            organisation_id=organisation.id,
            subject=f"round:{assessment_round.id}",
            questionnaire=questionnaire_id,
            before=stored,
            after=chosen,
            owners={d: [o, due and due.isoformat()] for d, (o, due) in after_owners.items()},
        )
    db.session.commit()
    flash(
        _(
            "Targets saved for %(title)s. The action plan now aims at them.",
            title=instrument.title,
        ),
        "success",
    )
    return redirect(
        url_for(".round_results", slug=slug, round_id=round_id, _anchor=f"plan-{questionnaire_id}")
    )


def _store_targets(
    assessment_round: AssessmentRound,
    questionnaire_id: str,
    chosen: Mapping[str, int],
    owners: Mapping[str, tuple[str, date | None]],
) -> None:
    existing = {
        row.dimension_id: row
        for row in db.session.execute(
            db.select(DimensionTarget).filter_by(
                round_id=assessment_round.id, questionnaire_id=questionnaire_id
            )
        ).scalars()
    }
    for dimension_id, level in chosen.items():
        row = existing.get(dimension_id)
        if row is None:
            db.session.add(
                DimensionTarget(
                    round_id=assessment_round.id,
                    questionnaire_id=questionnaire_id,
                    dimension_id=dimension_id,
                    target_level=level,
                    owner=owners[dimension_id][0],
                    due_on=owners[dimension_id][1],
                    set_by_id=current_user.id,
                )
            )
        elif (row.target_level, row.owner, row.due_on) != (level, *owners[dimension_id]):
            row.target_level = level
            row.owner, row.due_on = owners[dimension_id]
            row.set_by_id = current_user.id


@blueprint.get("/export.<any(csv, xlsx, json):fmt>")
@audit.leaves_data
@reader
def export(slug: str, round_id: int, fmt: str) -> Response:
    """The round's results in ``fmt``, or for a large round the page that follows it.

    A large round's export is prepared on the queue (``reports.export_jobs``).
    """
    organisation = readable_organisation(slug)
    assessment_round = round_or_404(organisation, round_id)
    lang = w.current_language()
    if exports.queued(assessment_round):  # prepared by a worker: follow it on its page
        return redirect(url_for("reports.results_export", slug=slug, round_id=round_id,
                                fmt=fmt, lang=lang))  # fmt: skip
    data = capability_data(organisation, assessment_round)
    filename = f"{organisation.slug}-round-{assessment_round.id}-results-{lang}.{fmt}"
    return Response(
        exports.export(data, fmt),
        mimetype=exports.MEDIA_TYPES[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _quoted(
    assessment_round: AssessmentRound, data: CapabilityData
) -> dict[str, list[QuotedQuestion]]:
    # The comments the capability report quotes, for the same instruments and questions.
    detailed = [i for i in data.instruments if i.detailed]
    comments = shared_comments(assessment_round, [i.questionnaire for i in detailed])
    return {
        i.questionnaire: quoted_comments(i, comments[i.questionnaire], data.min_group_size)
        for i in detailed
    }


def _section_link(line: ScaleLine) -> str:
    # An overview row leads to its questionnaire's section (the heading's id).
    return f"#{line.questionnaire}-title"


def _render(
    organisation: Organisation,
    assessment_round: AssessmentRound,
    *,
    data: CapabilityData | None = None,
    failed: tuple[str, TargetsForm] | None = None,
) -> Any:
    data = data or capability_data(organisation, assessment_round)
    stored = targets_of(assessment_round)
    forms = {}
    for instrument in data.instruments:
        qid = instrument.questionnaire
        if failed is not None and failed[0] == qid:
            forms[qid] = failed[1]
        else:
            forms[qid] = targets_form(
                instrument, stored.get(qid, {}), data.owners.get(qid, {}), formdata=None
            )
    plan = chart_plan(data)
    return render_template(
        "results/results.html",
        organisation=organisation,
        assessment_round=assessment_round,
        # Leaders read the result; targets and the round itself are the coordinators'.
        coordinating=coordinates(organisation),
        data=data,
        # The overview: the same findings and words as the report's executive summary.
        overview=executive_summary(data) if data.instruments else None,
        section_link=_section_link,
        sections={
            i.questionnaire: [p.entry for p in plan if p.questionnaire == i.questionnaire]
            for i in data.instruments
        },
        whole=[p.entry for p in plan if p.questionnaire is None],
        highlights={i.questionnaire: strengths_and_gaps(i) for i in data.instruments},
        forms=forms,
        quoted=_quoted(assessment_round, data),
        failed=failed[1] if failed else None,
        is_chart=lambda entry: isinstance(entry, Chart),
        figure_json=figure_json,
        text=w.local,
        score=w.score,
        level=w.level,
        level_name=level_name,
        percent=w.percent,
        summary=w.summary,
        reason=w.reason,
        agreement=w.agreement,
        change_type=w.change_type,
        capability_band=w.capability_band,
        owned_text=lambda found: w.owned(found.owner, found.due_on),
        page_has_errors=bool(failed and failed[1].errors),
        export_queued=exports.queued(assessment_round),
    )
