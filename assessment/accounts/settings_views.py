"""Self-service account settings: e-mail address, language, sessions, leaving an organisation.

The account page itself (auth.account) shows these forms; each change lands here.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.accounts import people, recovery
from assessment.accounts import services as accounts
from assessment.accounts import sessions as sign_in_sessions
from assessment.accounts.access import signed_in
from assessment.accounts.models import ORGANISATION_ROLES, RoleAssignment, User
from assessment.accounts.onboarding_forms import ChangeEmailForm, LanguageForm
from assessment.core import audit
from assessment.core.extensions import db

blueprint = Blueprint("settings", __name__, url_prefix="/account")


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


@blueprint.route("/email", methods=["GET", "POST"])
@signed_in
def change_email() -> str | Response | tuple[str, int]:
    """Ask for a new address; it counts once the link sent to it is followed."""
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            recovery.request_email_change(
                _me(), form.new_email.data or "", form.password.data or ""
            )
        except accounts.AccountError as error:
            db.session.rollback()
            form.new_email.errors = [*form.new_email.errors, str(error)]
        else:
            db.session.commit()
            flash(
                _(
                    "We sent a link to %(email)s. Your address changes when you follow it"
                    " (within 24 hours).",
                    email=accounts.normalise_email(form.new_email.data or ""),
                ),
                "success",
            )
            return redirect(url_for("auth.account"))
    return render_template("accounts/change_email.html", form=form), (400 if form.errors else 200)


@blueprint.post("/language")
@signed_in
def change_language() -> Response:
    """The language of one's e-mails and reports (and of these pages from now on)."""
    form = LanguageForm()
    if form.validate_on_submit():
        user = _me()
        user.preferred_language = form.language.data or "en"
        session["lang"] = user.preferred_language
        audit.record("user.language_changed", actor_id=user.id, subject=user.email,
                     language=user.preferred_language)  # fmt: skip
        db.session.commit()
        flash(_("Your language is saved."), "success")
    return redirect(url_for("auth.account"))


@blueprint.post("/sessions/<int:session_id>/end")
@signed_in
def end_session(session_id: int) -> Response:
    """End one of one's own sessions (another device); 404 for anyone else's."""
    user = _me()
    row = db.session.get(sign_in_sessions.SignInSession, session_id)
    if row is None or row.user_id != user.id or row.ended_at is not None:
        abort(404)
    current = row.key_digest == sign_in_sessions.digest_of(user.session_key)
    sign_in_sessions.end_row(row, sign_in_sessions.SIGNED_OUT)
    audit.record("user.session_ended", actor_id=user.id, subject=user.email, session=row.id)
    db.session.commit()
    if current:
        session.clear()
        return redirect(url_for("auth.sign_in"))
    flash(_("That session has ended."), "success")
    return redirect(url_for("auth.account"))


@blueprint.post("/roles/<int:assignment_id>/leave")
@signed_in
def leave(assignment_id: int) -> Response:
    """Give up one's own role in an organisation."""
    user = _me()
    assignment = db.session.get(RoleAssignment, assignment_id)
    if (
        assignment is None
        or assignment.user_id != user.id
        or assignment.role not in ORGANISATION_ROLES
    ):
        abort(404)
    name = assignment.organisation.name if assignment.organisation else ""
    try:
        people.remove(assignment, actor=user)
    except accounts.AccountError as error:
        db.session.rollback()
        flash(str(error))
        return redirect(url_for("auth.account"))
    db.session.commit()
    flash(_("You have left %(organisation)s.", organisation=name), "success")
    return redirect(url_for("auth.account"))
