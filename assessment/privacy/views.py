"""Privacy pages: an organisation's data export and deletion request; the admin's audit log."""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.accounts import services as accounts
from assessment.accounts.access import coordinated_organisation, role_required
from assessment.accounts.models import ADMIN, ORGANISATION_COORDINATOR
from assessment.accounts.organisations import Organisation
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.forms import Form
from assessment.privacy import services as privacy

blueprint = Blueprint("privacy", __name__)


@blueprint.get("/organisations/<string:slug>/privacy")
@role_required(ORGANISATION_COORDINATOR)
def organisation_privacy(slug: str) -> str:
    organisation = coordinated_organisation(slug)
    return render_template("privacy/organisation.html", organisation=organisation, form=Form())


@blueprint.get("/organisations/<string:slug>/privacy/export.json")
@role_required(ORGANISATION_COORDINATOR)
def organisation_export(slug: str) -> Response:
    organisation = coordinated_organisation(slug)
    data = privacy.organisation_export(organisation)
    audit.record("organisation.exported", actor_id=current_user.id,
                 organisation_id=organisation.id, subject=slug)  # fmt: skip
    db.session.commit()
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{slug}-data.json"'},
    )


@blueprint.post("/organisations/<string:slug>/privacy/delete")
@role_required(ORGANISATION_COORDINATOR)
def request_deletion(slug: str) -> Response | tuple[str, int]:
    organisation = coordinated_organisation(slug)
    form = Form()
    if not form.validate_on_submit() or request.form.get("confirm_slug") != organisation.slug:
        flash(_("Type the organisation's short name exactly to confirm the deletion request."))
        return redirect(url_for(".organisation_privacy", slug=slug))
    privacy.request_deletion(organisation, actor_id=current_user.id)
    db.session.commit()
    flash(
        _("Deletion requested. The organisation no longer counts in any benchmark; an "
          "administrator will erase its data."),
        "success",
    )  # fmt: skip
    return redirect(url_for(".organisation_privacy", slug=slug))


@blueprint.get("/admin/audit")
@role_required(ADMIN)
def audit_log() -> str:
    # Filtered by person (?person=address) or agency (?organisation=slug), or both.
    person_email = accounts.normalise_email(request.args.get("person", ""))[:254]
    slug = request.args.get("organisation", "")[:80]
    organisation = (
        db.session.execute(db.select(Organisation).filter_by(slug=slug)).scalar_one_or_none()
        if slug
        else None
    )
    if slug and organisation is None:
        abort(404)
    return render_template(
        "privacy/audit.html",
        events=privacy.audit_events(
            action=request.args.get("action") or None,
            person=accounts.find_user(person_email) if person_email else None,
            person_email=person_email or None,
            organisation=organisation,
        ),
        requests=privacy.deletion_requests(),
        form=Form(),
        person=person_email,
        organisation=organisation,
    )


@blueprint.post("/admin/organisations/<int:organisation_id>/erase")
@role_required(ADMIN)
def erase(organisation_id: int) -> Response:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.deletion_requested_at is None:
        abort(404)
    if not Form().validate_on_submit():
        abort(400)
    privacy.erase(organisation, actor_id=current_user.id)
    db.session.commit()
    flash(_("The organisation and all its data were erased."), "success")
    return redirect(url_for(".audit_log"))
