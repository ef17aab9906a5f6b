"""Access management: who has access to an agency, a country's agencies, and everyone (admin).

Each page is scoped like the rest of the platform: another agency's or country's page
is a 404, never a 403, so nobody learns which slugs or countries exist.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.accounts import agencies, onboarding, people, two_factor
from assessment.accounts import services as accounts
from assessment.accounts.access import coordinated_organisation, role_required, signed_in
from assessment.accounts.links import AccountLink
from assessment.accounts.models import (
    ADMIN,
    ANALYST,
    NATIONAL_COORDINATOR,
    ORGANISATION_COORDINATOR,
    ORGANISATION_LEADER,
    User,
)
from assessment.accounts.onboarding_forms import AgencyForm, InviteAnyoneForm, InvitePersonForm
from assessment.accounts.organisations import Organisation
from assessment.accounts.vocabulary import ROLE_NAMES
from assessment.core.extensions import db
from assessment.core.forms import Form
from assessment.core.i18n import current_language

blueprint = Blueprint("people", __name__)


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _lang() -> str:
    return current_language()


def _role_choices(roles: tuple[str, ...]) -> list[tuple[str, object]]:
    return [(role, ROLE_NAMES[role]) for role in roles]


# --- An agency: its coordinators and leaders -------------------------------------------


def _organisation_form(form: InvitePersonForm | None = None) -> InvitePersonForm:
    form = form or InvitePersonForm(language=_lang())
    form.role.choices = _role_choices((ORGANISATION_LEADER, ORGANISATION_COORDINATOR))
    return form


def _render_organisation(organisation: Organisation, form: InvitePersonForm) -> str:
    return render_template(
        "accounts/organisation_people.html",
        organisation=organisation,
        holders=people.holders(organisation),
        invitations=onboarding.pending(organisation=organisation),
        form=form,
        action_form=Form(),
        role_names=ROLE_NAMES,
    )


@blueprint.get("/organisations/<string:slug>/people")
@role_required(ORGANISATION_COORDINATOR)
def organisation_people(slug: str) -> str:
    organisation = coordinated_organisation(slug)
    return _render_organisation(organisation, _organisation_form())


def _invited(form: InvitePersonForm | InviteAnyoneForm, **scope: object) -> bool:
    """Invite the person ``form`` names within ``scope`` (organisation or country).

    Committed and announced when it worked; otherwise rolled back, with the reason on the
    e-mail field.
    """
    try:
        onboarding.invite(
            _me(),
            form.email.data or "",
            form.role.data or "",
            language=form.language.data or "",
            name=form.name.data or "",
            **scope,  # type: ignore[arg-type]
        )
    except onboarding.InvitationError as error:
        db.session.rollback()
        form.email.errors = [*form.email.errors, str(error)]
        return False
    db.session.commit()
    flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
    return True


@blueprint.post("/organisations/<string:slug>/people")
@role_required(ORGANISATION_COORDINATOR)
def invite_to_organisation(slug: str) -> str | Response | tuple[str, int]:
    organisation = coordinated_organisation(slug)
    form = _organisation_form(InvitePersonForm())
    if form.validate_on_submit() and _invited(form, organisation=organisation):
        return redirect(url_for(".organisation_people", slug=slug))
    return _render_organisation(organisation, form), 400


@blueprint.post("/organisations/<string:slug>/people/<int:assignment_id>/remove")
@role_required(ORGANISATION_COORDINATOR)
def remove_from_organisation(slug: str, assignment_id: int) -> Response:
    organisation = coordinated_organisation(slug)
    assignment = people.assignment_in(organisation, assignment_id)
    if assignment is None:
        abort(404)
    email = assignment.user.email
    try:
        people.remove(assignment, actor=_me())
    except accounts.AccountError as error:
        db.session.rollback()
        flash(str(error))
    else:
        db.session.commit()
        flash(_("%(email)s no longer has that role here.", email=email), "success")
    return redirect(url_for(".organisation_people", slug=slug))


# --- Invitations, wherever they were made ----------------------------------------------


def _page_of(link: AccountLink, actor: User) -> str:
    organisation = link.organisation
    if organisation is not None and onboarding._coordinates(actor, organisation):
        return url_for(".organisation_people", slug=organisation.slug)
    if organisation is not None and organisation.country in actor.countries_with_role(
        NATIONAL_COORDINATOR
    ):
        return url_for(".country_agencies", country=organisation.country)
    return url_for(".everyone")


@blueprint.post("/account-invitations/<int:link_id>/<any(resend, revoke):action>")
@signed_in
def invitation_action(link_id: int, action: str) -> Response:
    """Resend or revoke an invitation the current user may manage (404 otherwise)."""
    actor = _me()
    link = onboarding.manageable(actor, link_id)
    if link is None:
        abort(404)
    try:
        if action == "resend":
            onboarding.resend(link, actor=actor)
            message = _("A new invitation was sent to %(email)s; the old link no longer works.",
                        email=link.email)  # fmt: skip
        else:
            onboarding.revoke(link, actor=actor)
            message = _("The invitation of %(email)s no longer works.", email=link.email)
    except onboarding.InvitationError as error:
        db.session.rollback()
        flash(str(error))
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(_page_of(link, actor))


# --- A country: its agencies and their coordinators ------------------------------------


def _country_or_404(country: str) -> str:
    country = country.upper()
    if country not in agencies.country_codes():
        abort(404)
    actor = _me()
    if not actor.has_role(ADMIN) and country not in actor.countries_with_role(NATIONAL_COORDINATOR):
        abort(404)
    return country


def _render_country(country: str, agency_form: AgencyForm) -> str:
    organisations = agencies.agencies_in(country)
    return render_template(
        "accounts/country_agencies.html",
        country=country,
        country_name=agencies.country_name(country, _lang()),
        organisations=organisations,
        coordinators=people.coordinators_by_organisation(organisations),
        invitations=onboarding.pending(coordinators_in=country),
        agency_form=agency_form,
        action_form=Form(),
    )


@blueprint.get("/national/<string:country>/agencies")
@role_required(NATIONAL_COORDINATOR)
def country_agencies(country: str) -> str:
    country = _country_or_404(country)
    return _render_country(country, AgencyForm(language=_lang()))


@blueprint.post("/national/<string:country>/agencies")
@role_required(NATIONAL_COORDINATOR)
def add_agency(country: str) -> str | Response | tuple[str, int]:
    """Add an organisation in the country, and invite its coordinator when an address is given."""
    country = _country_or_404(country)
    form = AgencyForm()
    if form.validate_on_submit():
        draft = agencies.AgencyDraft(
            name=form.name.data or "",
            country=country,
            government_level=form.government_level.data or "",
            sector=form.sector.data or "",
            size_band=form.size_band.data or "",
            parent_body=form.parent_body.data or "",
        )
        try:
            organisation = agencies.create(draft, actor=_me())
            if form.coordinator_email.data:
                onboarding.invite(
                    _me(),
                    form.coordinator_email.data,
                    ORGANISATION_COORDINATOR,
                    organisation=organisation,
                    language=form.language.data or "",
                )
        except (agencies.AgencyError, onboarding.InvitationError) as error:
            db.session.rollback()
            target = (
                form.coordinator_email
                if isinstance(error, onboarding.InvitationError)
                else form.name
            )
            target.errors = [*target.errors, str(error)]
        else:
            db.session.commit()
            flash(_("%(name)s was added.", name=organisation.name), "success")
            return redirect(url_for(".country_agencies", country=country))
    return _render_country(country, form), 400


@blueprint.post("/national/<string:country>/agencies/<string:slug>/coordinators")
@role_required(NATIONAL_COORDINATOR)
def invite_coordinator(country: str, slug: str) -> str | Response | tuple[str, int]:
    country = _country_or_404(country)
    organisation = db.session.execute(
        db.select(Organisation).filter_by(slug=slug, country=country)
    ).scalar_one_or_none()
    if organisation is None:
        abort(404)
    form = InvitePersonForm()
    form.role.choices = _role_choices((ORGANISATION_COORDINATOR,))
    form.role.data = ORGANISATION_COORDINATOR
    if form.validate_on_submit():
        try:
            onboarding.invite(
                _me(),
                form.email.data or "",
                ORGANISATION_COORDINATOR,
                organisation=organisation,
                language=form.language.data or "",
                name=form.name.data or "",
            )
        except onboarding.InvitationError as error:
            db.session.rollback()
            flash(str(error))
        else:
            db.session.commit()
            flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
    else:
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(url_for(".country_agencies", country=country))


# --- The administrator: everyone -------------------------------------------------------


def _admin_form(form: InviteAnyoneForm | None = None) -> InviteAnyoneForm:
    form = form or InviteAnyoneForm(language=_lang())
    form.role.choices = _role_choices((NATIONAL_COORDINATOR, ANALYST, ADMIN))
    return form


def _render_everyone(form: InviteAnyoneForm) -> str:
    search = request.args.get("q", "")[:100]
    return render_template(
        "accounts/everyone.html",
        users=people.everyone(search),
        search=search,
        invitations=[link for link in onboarding.pending() if link.organisation_id is None],
        countries=db.session.execute(
            db.select(Organisation.country).distinct().order_by(Organisation.country)
        )
        .scalars()
        .all(),
        form=form,
        action_form=Form(),
        role_names=ROLE_NAMES,
        enrolled=two_factor.enrolled_user_ids(),
    )


@blueprint.get("/admin/people")
@role_required(ADMIN)
def everyone() -> str:
    return _render_everyone(_admin_form())


@blueprint.post("/admin/people")
@role_required(ADMIN)
def invite_anyone() -> str | Response | tuple[str, int]:
    form = _admin_form(InviteAnyoneForm())
    if form.validate_on_submit():
        country = None
        try:
            if form.role.data == NATIONAL_COORDINATOR:
                country = agencies.normalise_country(form.country.data or "")
        except agencies.AgencyError as error:
            form.country.errors = [*form.country.errors, str(error)]
            return _render_everyone(form), 400
        if _invited(form, country=country):
            return redirect(url_for(".everyone"))
    return _render_everyone(form), 400


@blueprint.get("/admin/agencies")
@role_required(ADMIN)
def go_to_country() -> Response:
    """The administrator's way to any country's agencies page, including an empty one."""
    country = (request.args.get("country") or "").strip().upper()
    if country not in agencies.country_codes():
        flash(_("%(code)s is not a two-letter country code (ISO 3166-1).", code=country[:10]))
        return redirect(url_for(".everyone"))
    return redirect(url_for(".country_agencies", country=country))


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@blueprint.post("/admin/people/<int:user_id>/<any(disable, enable):action>")
@role_required(ADMIN)
def set_enabled(user_id: int, action: str) -> Response:
    """Disable an account (its sessions end at once) or enable it again."""
    user = _user_or_404(user_id)
    if user.id == _me().id:
        flash(_("You cannot disable your own account."))
        return redirect(url_for(".everyone"))
    accounts.set_enabled(user, action == "enable", actor_id=_me().id)
    db.session.commit()
    if action == "enable":
        flash(_("%(email)s is enabled.", email=user.email), "success")
    else:
        flash(_("%(email)s is disabled; its sessions have ended.", email=user.email), "success")
    return redirect(url_for(".everyone"))


@blueprint.post("/admin/people/<int:user_id>/reset-two-step")
@role_required(ADMIN)
def reset_two_step(user_id: int) -> Response:
    """For a lost phone: remove the account's authenticator and end its sessions."""
    user = _user_or_404(user_id)
    two_factor.reset_by_admin(user, actor_id=_me().id)
    db.session.commit()
    flash(
        _("Two-step verification of %(email)s was reset; they set it up again at their next"
          " sign-in.", email=user.email),
        "success",
    )  # fmt: skip
    return redirect(url_for(".everyone"))
