"""Coordinator pages: open a round, invite people, follow progress, see the result."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, url_for
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
from assessment.survey import invitations
from assessment.survey import rounds as round_service
from assessment.survey import scoring as results
from assessment.survey.delivery import delivery
from assessment.survey.models import AssessmentRound, Invitation
from assessment.survey.round_forms import ExtendForm, InviteForm, RoundForm, VersionedActionForm
from assessment.survey.rounds import round_or_404
from assessment.tasks import prerender_reports

blueprint = Blueprint("rounds", __name__, url_prefix="/organisations/<string:slug>")
coordinator = role_required(ORGANISATION_COORDINATOR)


def _lang() -> str:
    return current_language()


def _start_of(day: datetime | object, zone: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone))  # type: ignore[arg-type]


@blueprint.route("/rounds/new", methods=["GET", "POST"])
@coordinator
def new_round(slug: str) -> str | Response:
    organisation = coordinated_organisation(slug)
    form = RoundForm()
    form.questionnaires.choices = [(q.id, q.title.get(_lang())) for q in library()]
    if form.validate_on_submit():
        zone = form.time_zone.data
        draft = round_service.RoundDraft(
            title=form.title.data.strip(),
            unit_assessed=(form.unit_assessed.data or "").strip(),
            questionnaire_ids=tuple(form.questionnaires.data),
            opens_at=_start_of(form.opens_on.data, zone),
            # "Closes on" a day means at the end of that day, in the chosen zone.
            closes_at=_start_of(form.closes_on.data, zone) + timedelta(days=1),
            time_zone=zone,
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
    return _render_round(organisation, assessment_round, InviteForm())


def _render_round(
    organisation: Organisation, assessment_round: AssessmentRound, invite_form: InviteForm
) -> str:
    action = VersionedActionForm(version=assessment_round.version)
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
        action_form=action,
        extend_form=extend,
        submitted=results.submitted_count(assessment_round),
        local_time=local_time,
    )


@blueprint.post("/rounds/<int:round_id>/invitations")
@coordinator
def invite(slug: str, round_id: int) -> str | Response | tuple[str, int]:
    organisation = coordinated_organisation(slug)
    assessment_round = round_or_404(organisation, round_id)
    form = InviteForm()
    if not form.validate_on_submit():
        return _render_round(organisation, assessment_round, form), 400
    addresses = [line.strip() for line in form.emails.data.splitlines() if line.strip()]
    problems = []
    sent = 0
    for address in addresses:
        try:
            invitations.invite(
                assessment_round,
                address,
                form.respondent_role.data,
                language=form.language.data,
                actor_id=current_user.id,
            )
            sent += 1
        except invitations.InvitationError as error:
            problems.append(str(error))
    db.session.commit()
    if sent:
        flash(ngettext("%(num)d invitation sent.", "%(num)d invitations sent.", sent), "success")
    for problem in problems:
        flash(problem)
    return redirect(url_for(".round_page", slug=slug, round_id=round_id))


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
        invitations.resend(invitation, actor_id=current_user.id)
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
    count = invitations.remind(assessment_round, actor_id=current_user.id)
    db.session.commit()
    flash(ngettext("%(num)d reminder sent.", "%(num)d reminders sent.", count), "success")
    return redirect(url_for(".round_page", slug=slug, round_id=round_id))


@blueprint.post("/rounds/<int:round_id>/<any(extend, close):action>")
@coordinator
def change_round(slug: str, round_id: int, action: str) -> Response | tuple[str, int]:
    organisation = coordinated_organisation(slug)
    assessment_round = round_or_404(organisation, round_id)
    form = ExtendForm() if action == "extend" else VersionedActionForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors))
        return redirect(url_for(".round_page", slug=slug, round_id=round_id))
    try:
        if action == "extend":
            closes_at = _start_of(form.closes_on.data, assessment_round.time_zone) + timedelta(
                days=1
            )
            round_service.extend_round(
                assessment_round,
                closes_at,
                expected_version=form.version.data,
                actor_id=current_user.id,
            )
            message = _(
                "The round now closes at %(when)s.",
                when=local_time(closes_at, assessment_round.time_zone),
            )
        else:
            round_service.close_round(
                assessment_round, expected_version=form.version.data, actor_id=current_user.id
            )
            message = _("The round is closed: answers can no longer change.")
        db.session.commit()
        if assessment_round.closed_early_at is not None:
            prerender_reports(assessment_round.id)  # its final result: the reports' content
        flash(message, "success")
    except round_service.RoundError as error:
        flash(str(error))
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
