"""Dashboards: where each signed-in user lands, and the coordinator's organisation view."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.accounts.access import coordinates, readable_organisation, role_required, signed_in
from assessment.accounts.models import ORGANISATION_COORDINATOR, ORGANISATION_LEADER, RESPONDENT
from assessment.core.levels import level_label
from assessment.core.questionnaire_library import library
from assessment.results import dashboards
from assessment.results.summary import ScaleLine
from assessment.results.wording import local
from assessment.survey import own_invitations

blueprint = Blueprint("dashboard", __name__)


@blueprint.get("/dashboard")
@signed_in
def index() -> str | Response:
    organisations = current_user.organisations_with_role(ORGANISATION_COORDINATOR)
    if len(organisations) == 1 and len(current_user.role_assignments) == 1:
        return redirect(url_for("dashboard.organisation", slug=organisations[0].slug))
    return render_template(
        "dashboard/index.html",
        coordinated=organisations,
        led=current_user.organisations_with_role(ORGANISATION_LEADER),
        user=current_user,
        # Only the invitations sent to the reader's own address: never anyone else's.
        invited=own_invitations.for_email(current_user.email),
        answering=current_user.has_role(RESPONDENT),
    )


@blueprint.get("/organisations/<string:slug>/")
@role_required(ORGANISATION_COORDINATOR, ORGANISATION_LEADER)
def organisation(slug: str) -> str:
    organisation = readable_organisation(slug)
    coordinating = coordinates(organisation)
    latest = dashboards.latest_result(organisation)

    def result_link(line: ScaleLine) -> str:
        # Each row of the latest result leads to its questionnaire on the results page.
        assert latest is not None
        return url_for("results.round_results", slug=slug, round_id=latest.round_id,
                       _anchor=f"{line.questionnaire}-title")  # fmt: skip

    return render_template(
        "dashboard/organisation.html",
        organisation=organisation,
        coordinating=coordinating,
        summary=dashboards.organisation_summary(organisation),
        latest=latest,
        result_link=result_link,
        questionnaire_titles={q.id: local(q.title) for q in library()},
        level_label=level_label,
    )
