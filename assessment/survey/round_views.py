"""Coordinator pages: open a round, invite people, follow progress, see the result."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.accounts.access import coordinated_organisation, role_required
from assessment.accounts.models import ORGANISATION_COORDINATOR
from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.i18n import current_language, local_time
from assessment.core.mail import OutboxMessage, mask_links
from assessment.core.mail import smtp_configured as mail_server_configured
from assessment.core.questionnaire_library import library
from assessment.core.types import utcnow
from assessment.survey import dates, invitations
from assessment.survey import rounds as round_service
from assessment.survey import scoring as results
from assessment.survey.delivery import delivery, latest_by_recipient, state
from assessment.survey.models import AssessmentRound, Invitation
from assessment.survey.reminder_days import parse_days
from assessment.survey.round_forms import ExtendForm, InviteForm, RemindersForm, RoundForm
from assessment.survey.rounds import round_or_404

blueprint = Blueprint("rounds", __name__, url_prefix="/organisations/<string:slug>")
# Round pages, respondent pages and e-mails all show a closing date as it was entered.
blueprint.add_app_template_global(dates.closing_day, "closing_day")
coordinator = role_required(ORGANISATION_COORDINATOR)


def _lang() -> str:
    return current_language()


@blueprint.route("/rounds/new", methods=["GET", "POST"])
@coordinator
def new_round(slug: str) -> str | Response:
    organisation = coordinated_organisation(slug)
    form = RoundForm().for_country(organisation.country)
    form.questionnaires.choices = [(q.id, q.title.get(_lang())) for q in library()]
    if form.validate_on_submit():
        zone = form.time_zone.data
        draft = round_service.RoundDraft(
            title=form.title.data.strip(),
            unit_assessed=(form.unit_assessed.data or "").strip(),
            questionnaire_ids=tuple(form.questionnaires.data),
            opens_at=dates.start_of_day(form.opens_on.data, zone),
            # "Closes on" a day means at the end of that day, in the chosen zone.
            closes_at=dates.end_of_day(form.closes_on.data, zone),
            time_zone=zone,
            consent=form.consent.data,
        )
        assessment_round = round_service.create_round(organisation, draft, actor_id=current_user.id)
        db.session.commit()
        flash(_("Round opened. Now invite the people who should answer."), "success")
        return redirect(url_for(".round_page", slug=slug, round_id=assessment_round.id))
    return render_template("rounds/new.html", organisation=organisation, form=form), (
        400 if form.errors else 200
    )


@blueprint.get("/rounds/<int:round_id>/")
@coordinator
def round_page(slug: str, round_id: int) -> str:
    organisation = coordinated_organisation(slug)
    assessment_round = round_or_404(organisation, round_id)
    return render_round(organisation, assessment_round, InviteForm())


def render_round(
    organisation: Organisation, assessment_round: AssessmentRound, invite_form: InviteForm
) -> str:
    """The round page, with ``invite_form`` as given (its values and errors kept)."""
    extend = ExtendForm(version=assessment_round.version)
    return render_template(
        "rounds/round.html",
        organisation=organisation,
        assessment_round=assessment_round,
        sections=[
            (i.questionnaire_id, library().get(i.questionnaire_id).title.get(_lang()))
            for i in assessment_round.instruments
        ],
        people=round_service.progress(assessment_round),
        invite_form=invite_form,
        extend_form=extend,
        reminders_form=RemindersForm(
            reminder_days=", ".join(str(d) for d in parse_days(assessment_round.reminder_days))
            if assessment_round.reminder_days is not None
            else str(current_app.config["REMINDER_DAYS_BEFORE_CLOSE"])
        ),
        deliveries={
            email: (state(message), delivery(message))
            for email, message in latest_by_recipient(assessment_round.id).items()
        },
        ended=assessment_round.has_ended_at(utcnow()),
        submitted=results.submitted_count(assessment_round),
        local_time=local_time,
    )


def _invitation_or_404(assessment_round: AssessmentRound, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.round_id != assessment_round.id:
        abort(404)
    return invitation


@blueprint.post(
    "/rounds/<int:round_id>/invitations/<int:invitation_id>/<any(resend, revoke):action>"
)
@coordinator
def invitation_action(slug: str, round_id: int, invitation_id: int, action: str) -> Response:
    organisation = coordinated_organisation(slug)
    assessment_round = round_or_404(organisation, round_id)
    invitation = _invitation_or_404(assessment_round, invitation_id)
    if action == "resend":
        try:
            invitations.resend(invitation, actor_id=current_user.id)
        except invitations.InvitationError as error:
            flash(str(error))
            return redirect(url_for(".round_page", slug=slug, round_id=round_id))
        flash(
            _(
                "A new link was sent to %(email)s; the old one no longer works.",
                email=invitation.email,
            ),
            "success",
        )
    else:
        invitations.revoke(invitation, actor_id=current_user.id)
        flash(
            _(
                "The link of %(email)s no longer works. Answers already saved are kept.",
                email=invitation.email,
            ),
            "success",
        )
    db.session.commit()
    return redirect(url_for(".round_page", slug=slug, round_id=round_id))


@blueprint.post("/rounds/<int:round_id>/remind")
@coordinator
def remind(slug: str, round_id: int) -> Response:
    organisation = coordinated_organisation(slug)
    assessment_round = round_or_404(organisation, round_id)
    try:
        count = invitations.remind(assessment_round, actor_id=current_user.id)
    except invitations.InvitationError as error:
        flash(str(error))
        return redirect(url_for(".round_page", slug=slug, round_id=round_id))
    db.session.commit()
    flash(ngettext("%(num)d reminder sent.", "%(num)d reminders sent.", count), "success")
    return redirect(url_for(".round_page", slug=slug, round_id=round_id))


@blueprint.get("/outbox")
@coordinator
def outbox(slug: str) -> str:
    organisation = coordinated_organisation(slug)
    messages = db.session.execute(
        db.select(OutboxMessage)
        .filter_by(organisation_id=organisation.id)
        .order_by(OutboxMessage.id.desc())
        .limit(200)
    ).scalars()
    shown = [(message, mask_links(message.body), delivery(message)) for message in messages]
    return render_template(
        "rounds/outbox.html",
        organisation=organisation,
        messages=shown,
        smtp=mail_server_configured(),
    )
