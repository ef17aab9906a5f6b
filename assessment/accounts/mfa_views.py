"""Two-step verification pages: set up an authenticator app, give a code, manage recovery codes."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.accounts import signing_in, two_factor
from assessment.accounts.access import sign_in_step, signed_in
from assessment.accounts.models import User
from assessment.accounts.onboarding_forms import CodeForm
from assessment.accounts.services import PAUSE, PAUSE_AFTER_FAILURES
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.security import SIGN_IN_LIMIT, limiter
from assessment.core.types import utcnow

blueprint = Blueprint("mfa", __name__, url_prefix="/account/two-step")


def _subject() -> tuple[User | None, bool]:
    """Who this step is for, and whether they are still pending (not yet signed in)."""
    if current_user.is_authenticated:
        return current_user._get_current_object(), False
    return signing_in.pending_user(), True


def _second_step_passed(user: User, pending: bool) -> str:
    """Sign ``user`` in (or mark the second step done) and say where to go next.

    Where to go is read before signing in, which clears the pending sign-in it is kept in.
    """
    target = (signing_in.pending_next() if pending else None) or url_for("dashboard.index")
    if pending:
        signing_in.complete(user, second_step=True)
    else:
        signing_in.mark_second_step_done()
    user.failed_sign_ins = 0
    db.session.commit()
    return target


def _wrong_code(user: User) -> str:
    # Six digits are guessable: wrong codes count against the account like wrong passwords.
    user.failed_sign_ins += 1
    if user.failed_sign_ins >= PAUSE_AFTER_FAILURES:
        user.sign_ins_paused_until = utcnow() + PAUSE
    audit.record("mfa.failed", actor_id=user.id, subject=user.email)
    db.session.commit()
    return _("The code is not correct, or was already used. Wait for the next code and try again.")


def _paused(user: User) -> bool:
    return user.sign_ins_paused_until is not None and user.sign_ins_paused_until > utcnow()


@blueprint.route("/set-up", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
@sign_in_step
def enrol() -> str | Response | tuple[str, int]:
    """Show the QR code and the secret as text; a first code from the app confirms."""
    user, pending = _subject()
    if user is None:
        return redirect(url_for("auth.sign_in"))
    if two_factor.is_enrolled(user):
        return redirect(url_for("auth.account") if not pending else url_for("mfa.challenge"))
    secret = two_factor.pending_secret(user)
    db.session.commit()
    form = CodeForm()
    problem = None
    if form.validate_on_submit():
        if _paused(user):
            problem = _("Too many wrong codes: wait 15 minutes and try again.")
        else:
            try:
                codes = two_factor.confirm(user, form.code.data or "")
            except two_factor.TwoFactorError:
                problem = _wrong_code(user)
            else:
                target = _second_step_passed(user, pending)
                return render_template(
                    "accounts/recovery_codes.html", codes=codes, continue_to=target
                )
    if problem:
        form.code.errors = [*form.code.errors, problem]
    uri = two_factor.provisioning_uri(user, secret)
    return render_template(
        "accounts/mfa_enrol.html",
        form=form,
        required=two_factor.required_for(user),
        secret=two_factor.spaced(secret),
        qr_code=two_factor.qr_svg(uri, _("QR code to scan with your authenticator app")),
    ), (400 if form.errors or problem else 200)


@blueprint.route("/code", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
@sign_in_step
def challenge() -> str | Response | tuple[str, int]:
    """Ask for a code from the app, or a recovery code."""
    user, pending = _subject()
    if user is None:
        return redirect(url_for("auth.sign_in"))
    if not two_factor.is_enrolled(user):
        return redirect(url_for("mfa.enrol"))
    form = CodeForm()
    problem = None
    if form.validate_on_submit():
        matched = None if _paused(user) else two_factor.verify(user, form.code.data or "")
        if matched is None:
            problem = _wrong_code(user)
        else:
            target = _second_step_passed(user, pending)
            if matched == two_factor.RECOVERY_CODE:
                left = two_factor.recovery_codes_left(user)
                flash(
                    _(
                        "You used a recovery code; %(left)d are left. If your phone is lost,"
                        " set up two-step verification again from your account page.",
                        left=left,
                    )
                )
            return redirect(target)
    if problem:
        form.code.errors = [*form.code.errors, problem]
    return render_template("accounts/mfa_challenge.html", form=form), (
        400 if form.errors or problem else 200
    )


@blueprint.post("/recovery-codes")
@signed_in
def new_recovery_codes() -> str | Response:
    """Replace the recovery codes, once a current code from the app confirms."""
    user = current_user._get_current_object()
    form = CodeForm()
    if not form.validate_on_submit() or two_factor.verify(user, form.code.data or "") is None:
        db.session.rollback()
        flash(
            _("The code is not correct, or was already used. Wait for the next code and try again.")
        )
        return redirect(url_for("auth.account"))
    codes = two_factor.regenerate_recovery_codes(user)
    db.session.commit()
    return render_template(
        "accounts/recovery_codes.html", codes=codes, continue_to=url_for("auth.account")
    )


@blueprint.post("/turn-off")
@signed_in
def turn_off() -> Response:
    """Remove one's authenticator, where no role requires it; a current code confirms."""
    user = current_user._get_current_object()
    form = CodeForm()
    if not form.validate_on_submit() or two_factor.verify(user, form.code.data or "") is None:
        db.session.rollback()
        flash(
            _("The code is not correct, or was already used. Wait for the next code and try again.")
        )
        return redirect(url_for("auth.account"))
    try:
        two_factor.turn_off(user)
    except two_factor.TwoFactorError:
        db.session.rollback()
        flash(_("Your role requires two-step verification: it cannot be turned off."))
        return redirect(url_for("auth.account"))
    db.session.commit()
    flash(_("Two-step verification is off."), "success")
    return redirect(url_for("auth.account"))
