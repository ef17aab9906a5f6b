"""Signing in and out."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from assessment.accounts import services as accounts
from assessment.accounts.access import public, signed_in
from assessment.accounts.forms import SignInForm
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.security import SIGN_IN_LIMIT, limiter
from assessment.core.sessions import SIGNED_IN_AT

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
            # A fresh session at sign-in, so a session fixed before cannot be reused.
            language = session.get("lang")
            session.clear()
            if language:
                session["lang"] = language
            session[SIGNED_IN_AT] = int(time.time())
            login_user(user)
            audit.record("user.signed_in", actor_id=user.id, subject=user.email)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")) or url_for("dashboard.index"))
        db.session.rollback()
        error = _("Enter a correct email address and password")
    return render_template("auth/sign_in.html", form=form, sign_in_error=error)


@blueprint.post("/sign-out")
@signed_in
def sign_out() -> Response:
    logout_user()
    session.clear()
    return redirect(url_for("main.home"))


@blueprint.get("/")
@signed_in
def account() -> str:
    return render_template("auth/account.html", user=current_user)


@blueprint.post("/sign-out-everywhere")
@signed_in
def sign_out_everywhere() -> Response:
    """End every session of this account, on every device, including this one."""
    user = current_user._get_current_object()
    user.session_epoch += 1
    audit.record("user.signed_out_everywhere", actor_id=user.id, subject=user.email)
    db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("auth.sign_in"))
