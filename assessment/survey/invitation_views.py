"""Inviting many people at once: check the list, show what will be sent, then send it.

The first submit of the round page's form only reads the list: the page that follows
says who will be invited, in which language, and which lines were skipped or refused.
Nothing is saved or sent until "Send N invitations" on that page, which posts the list
back; it is read again as strictly as the first time, since it came from the browser.
"""

from __future__ import annotations

from babel import Locale
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.accounts.access import coordinated_organisation, role_required
from assessment.accounts.models import ORGANISATION_COORDINATOR
from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.i18n import current_language
from assessment.survey import address_lists, invitations
from assessment.survey.models import AssessmentRound
from assessment.survey.round_forms import ConfirmInviteForm, InviteForm
from assessment.survey.round_views import render_round
from assessment.survey.rounds import round_or_404

blueprint = Blueprint("round_invitations", __name__, url_prefix="/organisations/<string:slug>")
coordinator = role_required(ORGANISATION_COORDINATOR)
PAGE = "/rounds/<int:round_id>/invitations"


def _already_invited(
    assessment_round: AssessmentRound, read: address_lists.AddressList
) -> tuple[list[str], list[str]]:
    """The addresses read that are invited already, and a sentence for each."""
    already = invitations.already_invited(assessment_round, read.addresses)
    found = [address for address in read.addresses if address in already]
    return found, [
        _(
            "Line %(line)d: %(email)s is already invited to this round.",
            line=read.line_of(address),
            email=address,
        )  # fmt: skip
        for address in found
    ]


def _refuse(
    organisation: Organisation,
    assessment_round: AssessmentRound,
    form: InviteForm,
    problems: list[str],
    *,
    on_file: bool = False,
) -> tuple[str, int]:
    field = form.address_file if on_file else form.emails
    field.errors = [*problems, _("Nothing was sent: correct the list and send it again.")]
    return render_round(organisation, assessment_round, form), 400


@blueprint.post(PAGE)
@coordinator
def preview(slug: str, round_id: int) -> str | tuple[str, int]:
    """Read a pasted list or a CSV file and show what would be sent; send nothing."""
    organisation = coordinated_organisation(slug)
    assessment_round = round_or_404(organisation, round_id)
    form = InviteForm()
    if not form.validate_on_submit():
        return render_round(organisation, assessment_round, form), 400
    try:  # a closed round says so before the list is read, not after it is checked
        invitations.refuse_if_ended(assessment_round)
    except invitations.InvitationError as error:
        return _refuse(organisation, assessment_round, form, [str(error)])
    uploaded = form.uploaded()
    read = (
        address_lists.from_csv(uploaded)
        if uploaded is not None
        else address_lists.from_text(form.emails.data or "")
    )
    found, already = _already_invited(assessment_round, read)
    to_send = [address for address in read.addresses if address not in found]
    if read.problems or not to_send:
        # A list that cannot be used at all goes back to the form with every reason.
        problems = read.problems + read.line_problems() + already
        return _refuse(organisation, assessment_round, form, problems, on_file=uploaded is not None)
    confirm = ConfirmInviteForm(
        formdata=None,
        addresses="\n".join(to_send),
        respondent_role=form.respondent_role.data,
        language=form.language.data,
    )
    repeated = address_lists.AddressList(repeated=read.repeated).line_problems()
    return render_template(
        "rounds/invitations_preview.html",
        organisation=organisation,
        assessment_round=assessment_round,
        to_send=to_send,
        invalid=address_lists.AddressList(invalid=read.invalid).line_problems(),
        skipped=repeated + already,
        language_name=Locale.parse(form.language.data).get_display_name(current_language()),
        form=form,
        confirm=confirm,
        # "Change the list" gives back what was typed; a file's addresses come back as text.
        original=form.emails.data if uploaded is None else "\n".join(read.addresses),
    )


@blueprint.post(PAGE + "/change")
@coordinator
def change(slug: str, round_id: int) -> str:
    """Back to the round page with the list, role and language kept; nothing is checked."""
    organisation = coordinated_organisation(slug)
    assessment_round = round_or_404(organisation, round_id)
    form = InviteForm()  # filled from the posted values, not validated: nothing happens
    return render_round(organisation, assessment_round, form)


@blueprint.post(PAGE + "/confirm")
@coordinator
def confirm(slug: str, round_id: int) -> Response | tuple[str, int]:
    """Send the invitations of a previewed list, after reading it again; or none at all."""
    organisation = coordinated_organisation(slug)
    assessment_round = round_or_404(organisation, round_id)
    form = ConfirmInviteForm()
    back = InviteForm(
        formdata=None,
        emails=form.addresses.data or "",
        respondent_role=form.respondent_role.data,
        language=form.language.data,
    )
    if not form.validate_on_submit():
        problems = [str(e) for errors in form.errors.values() for e in errors]
        return _refuse(organisation, assessment_round, back, problems)
    read = address_lists.exact(form.addresses.data or "")
    problems = read.problems + read.line_problems() + _already_invited(assessment_round, read)[1]
    if problems or not read.addresses:
        # Not the list that was shown (altered, or someone invited since): send none of it.
        problems = [_("The list to send is not the one that was checked."), *problems]
        return _refuse(organisation, assessment_round, back, problems)
    try:
        for address in read.addresses:
            invitations.invite(
                assessment_round,
                address,
                form.respondent_role.data,
                language=form.language.data,
                actor_id=current_user.id,
            )
    except invitations.InvitationError as error:
        db.session.rollback()
        return _refuse(organisation, assessment_round, back, [str(error)])
    db.session.commit()
    sent = len(read.addresses)
    flash(ngettext("%(num)d invitation sent.", "%(num)d invitations sent.", sent), "success")
    return redirect(url_for("rounds.round_page", slug=slug, round_id=round_id))
