"""Coordinator pages that end or reopen a round: each asks for confirmation first.

Closing is final for respondents (their links say so, no mail about the round leaves);
a closed round reopens only when the coordinator has read what that means and said yes.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.accounts.access import coordinated_organisation, role_required
from assessment.accounts.models import ORGANISATION_COORDINATOR
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.survey import rounds as round_service
from assessment.survey.dates import closing_day, end_of_day
from assessment.survey.round_forms import CloseForm, ExtendForm, RemindersForm
from assessment.survey.rounds import round_or_404
from assessment.tasks import prerender_reports

blueprint = Blueprint("round_dates", __name__, url_prefix="/organisations/<string:slug>")
coordinator = role_required(ORGANISATION_COORDINATOR)


def _round_page(slug: str, round_id: int) -> Response:
    return redirect(url_for("rounds.round_page", slug=slug, round_id=round_id))


@blueprint.route("/rounds/<int:round_id>/close", methods=["GET", "POST"])
@coordinator
def close(slug: str, round_id: int) -> str | Response:
    """Ask "are you sure" (GET), then close the round (POST from that page only)."""
    organisation = coordinated_organisation(slug)
    assessment_round = round_or_404(organisation, round_id)
    if assessment_round.has_ended_at(utcnow()):
        flash(_("This round is already closed."))
        return _round_page(slug, round_id)
    form = CloseForm(version=assessment_round.version)
    if form.validate_on_submit():
        try:
            round_service.close_round(
                assessment_round, expected_version=form.version.data, actor_id=current_user.id
            )
        except round_service.RoundError as error:
            flash(str(error))
            return _round_page(slug, round_id)
        db.session.commit()
        prerender_reports(assessment_round.id)  # its final result: the reports' content
        flash(
            _(
                "The round is closed: answers can no longer change, and no invitation or"
                " reminder will be sent."
            ),
            "success",
        )
        return _round_page(slug, round_id)
    return render_template(
        "rounds/close.html", organisation=organisation, assessment_round=assessment_round, form=form
    )


@blueprint.post("/rounds/<int:round_id>/extend")
@coordinator
def extend(slug: str, round_id: int) -> str | Response:
    """Change the closing date; a closed round reopens only once the change is confirmed."""
    organisation = coordinated_organisation(slug)
    assessment_round = round_or_404(organisation, round_id)
    form = ExtendForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors))
        return _round_page(slug, round_id)
    closes_at = end_of_day(form.closes_on.data, assessment_round.time_zone)
    reopens = assessment_round.has_ended_at(utcnow())
    if reopens and form.confirmed.data != "yes":
        return render_template(
            "rounds/reopen.html",
            organisation=organisation,
            assessment_round=assessment_round,
            form=form,
            closes_at=closes_at,
        )
    try:
        round_service.extend_round(
            assessment_round,
            closes_at,
            expected_version=form.version.data,
            actor_id=current_user.id,
        )
    except round_service.RoundError as error:
        flash(str(error))
        return _round_page(slug, round_id)
    db.session.commit()
    when = closing_day(closes_at, assessment_round.time_zone)
    if reopens:
        flash(_("The round is open again until %(when)s.", when=when), "success")
    else:
        flash(_("The round now closes at %(when)s.", when=when), "success")
    return _round_page(slug, round_id)


@blueprint.post("/rounds/<int:round_id>/reminders")
@coordinator
def reminders(slug: str, round_id: int) -> Response:
    """Set the days before closing on which automatic reminders go out."""
    organisation = coordinated_organisation(slug)
    assessment_round = round_or_404(organisation, round_id)
    form = RemindersForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors))
        return _round_page(slug, round_id)
    days = form.days()
    round_service.schedule_reminders(assessment_round, days, actor_id=current_user.id)
    db.session.commit()
    if days:
        flash(
            _(
                "Automatic reminders: %(days)s days before the round closes.",
                days=", ".join(str(d) for d in days),
            ),  # fmt: skip
            "success",
        )
    else:
        flash(_("No automatic reminder will be sent for this round."), "success")
    return _round_page(slug, round_id)
