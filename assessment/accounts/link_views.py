"""Pages reached from account e-mails: accept an invitation, reset a password, confirm an address.

Also "Forgot your password?", which sends the reset link. Every link page answers the
same "link not valid" page (404) for unknown, used, revoked and expired links; opening
a link (GET) changes nothing, so mail scanners that follow links spend none.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from assessment.accounts import links, onboarding, recovery, signing_in
from assessment.accounts import services as accounts
from assessment.accounts.access import account_link, public
from assessment.accounts.onboarding_forms import (
    CurrentPasswordForm,
    ForgotPasswordForm,
    NewAccountForm,
    NewPasswordForm,
)
from assessment.core.extensions import db
from assessment.core.i18n import current_language
from assessment.core.security import SIGN_IN_LIMIT, limiter

blueprint = Blueprint("onboarding", __name__, url_prefix="/account")


def _address_key() -> str:
    # One budget per address asked about, wherever the requests come from.
    return "password-reset:" + accounts.normalise_email(request.form.get("email", ""))[:254]


def _address_limit() -> str:
    return str(current_app.config["PASSWORD_RESET_ADDRESS_LIMIT"])


def _client_limit() -> str:
    return str(current_app.config["PASSWORD_RESET_CLIENT_LIMIT"])


def _invalid() -> tuple[str, int]:
    return render_template("accounts/link_invalid.html"), 404


def _language() -> str:
    return current_language()


@blueprint.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_client_limit, methods=["POST"])
@limiter.limit(_address_limit, methods=["POST"], key_func=_address_key)
@public
def forgot_password() -> str | tuple[str, int]:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        recovery.request_reset(form.email.data or "", _language())
        db.session.commit()
        # The same page whether or not the address has an account.
        return render_template("accounts/reset_sent.html", email=form.email.data)
    return render_template("accounts/forgot_password.html", form=form), (
        400 if form.errors else 200
    )


@blueprint.route("/reset-password/<string:token>", methods=["GET", "POST"])
@account_link
def reset_password(token: str) -> str | Response | tuple[str, int]:
    link = links.live_link(token, links.PASSWORD_RESET)
    if link is None:
        return _invalid()
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            recovery.reset(link, form.new.data or "")
        except accounts.AccountError as error:
            db.session.rollback()
            if str(error) == "disabled":
                return _invalid()
            form.new.errors = [*form.new.errors, str(error)]
        else:
            db.session.commit()
            if current_user.is_authenticated:
                logout_user()
            flash(_("Your password has been changed. Sign in with it now."), "success")
            return redirect(url_for("auth.sign_in"))
    return render_template("accounts/reset_password.html", form=form), (400 if form.errors else 200)


@blueprint.route("/invitation/<string:token>", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
@account_link
def accept_invitation(token: str) -> str | Response | tuple[str, int]:
    link = links.live_link(token, links.INVITATION)
    if link is None:
        return _invalid()
    existing = accounts.find_user(link.email)
    form = CurrentPasswordForm() if existing else NewAccountForm(name=link.name or None)
    if form.validate_on_submit():
        try:
            if existing is not None:
                user = onboarding.accept_existing(link, form.password.data or "")
            else:
                user = onboarding.accept_new(link, form.name.data or "", form.new.data or "")
        except onboarding.InvitationError as error:
            if existing is not None:
                db.session.commit()  # a wrong password counts, as at sign-in
            else:
                db.session.rollback()
            field = form.password if existing is not None else form.new
            field.errors = [*field.errors, str(error)]
        else:
            # The role counts at once; signing in goes through the second step if needed.
            target = signing_in.after_password(user, None)
            db.session.commit()
            flash(_("Welcome. Your access is ready."), "success")
            return redirect(target)
    return render_template(
        "accounts/accept_invitation.html",
        form=form,
        invitation=link,
        existing=existing is not None,
    ), (400 if form.errors else 200)


@blueprint.route("/verify-email/<string:token>", methods=["GET", "POST"])
@account_link
def verify_email(token: str) -> str | Response | tuple[str, int]:
    link = links.live_link(token, links.EMAIL_CHANGE)
    if link is None:
        return _invalid()
    if request.method == "POST":  # CSRFProtect has checked the form's token
        try:
            recovery.change_email(link)
        except accounts.AccountError:
            db.session.rollback()
            return _invalid()
        db.session.commit()
        flash(_("Your email address is now %(email)s.", email=link.email), "success")
        target = "auth.account" if current_user.is_authenticated else "auth.sign_in"
        return redirect(url_for(target))
    return render_template("accounts/verify_email.html", new_email=link.email)
