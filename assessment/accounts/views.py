"""Signing in and out, and the account page."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from assessment.accounts import services as accounts
from assessment.accounts import sessions as sign_in_sessions
from assessment.accounts import signing_in, two_factor
from assessment.accounts.access import public, signed_in
from assessment.accounts.forms import ChangePasswordForm, SignInForm
from assessment.accounts.models import ORGANISATION_ROLES
from assessment.accounts.onboarding_forms import LanguageForm
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.security import SIGN_IN_LIMIT, limiter

blueprint = Blueprint("auth", __name__, url_prefix="/account")


def safe_next(target: str | None) -> str | None:
    """Return ``target`` only if it is a path on this site, never another host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


@blueprint.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
@public
def sign_in() -> str | Response:
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            # Signed in now, or after the second step (accounts/signing_in.py).
            target = signing_in.after_password(user, safe_next(request.args.get("next")))
            db.session.commit()
            return redirect(target)
        # The failure counts against the account (authenticate) and is kept for audit.
        audit.record("user.sign_in_failed", subject=accounts.normalise_email(form.email.data or ""))
        db.session.commit()
        error = _(
            "Enter a correct email address and password. After repeated failures, signing in"
            " to the account pauses for 15 minutes."
        )
    return render_template("auth/sign_in.html", form=form, sign_in_error=error)


@blueprint.post("/sign-out")
@signed_in
def sign_out() -> Response:
    if current_user.session_key:
        sign_in_sessions.end(current_user.session_key)
        db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("main.home"))


@blueprint.get("/")
@signed_in
def account() -> str:
    user = current_user._get_current_object()
    return render_template(
        "auth/account.html",
        user=user,
        sessions=sign_in_sessions.live_sessions(user),
        current_key_digest=sign_in_sessions.digest_of(user.session_key),
        two_step=two_factor.is_enrolled(user),
        two_step_required=two_factor.required_for(user),
        recovery_codes_left=two_factor.recovery_codes_left(user),
        organisation_roles=ORGANISATION_ROLES,
        language_form=LanguageForm(language=user.preferred_language),
    )


@blueprint.route("/password", methods=["GET", "POST"])
@signed_in
def change_password() -> str | Response:
    """Change one's password; every other session of the account ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            accounts.change_password(
                user, form.current.data or "", form.new.data or "", keep=user.session_key
            )
        except accounts.AccountError as error:
            db.session.rollback()
            form.new.errors = [*form.new.errors, str(error)]
        else:
            db.session.commit()
            flash(_("Your password has been changed. Your other sessions have ended."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/password.html", form=form)


@blueprint.post("/sign-out-everywhere")
@signed_in
def sign_out_everywhere() -> Response:
    """End every session of this account, on every device, including this one."""
    user = current_user._get_current_object()
    accounts.end_sessions(user, actor_id=user.id)
    db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("auth.sign_in"))
