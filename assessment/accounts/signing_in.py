"""The steps of signing in: password, then (when the account has or needs one) a second step.

After the password, an account with an authenticator is only *pending*: the session
holds its id for a few minutes, nothing else, until the code is given on the challenge
page. An account whose role requires an authenticator but has none enrols before
anything else. Only then does a sign-in session start (accounts/sessions.py).

A signed-in session records whether it passed the second step; the access guard sends
a session that needs it and lacks it to the second step (for example when a
coordinator has just been made a national coordinator).
"""

from __future__ import annotations

import time
from typing import Any

from flask import current_app, request, session, url_for
from flask_login import login_user

from assessment.accounts import sessions as sign_in_sessions
from assessment.accounts import two_factor
from assessment.accounts.models import User
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.sessions import SIGNED_IN_AT

PENDING = "pending_sign_in"
SECOND_STEP_DONE = "second_step_done"
# Minutes a password stays good for while its owner finds their phone.
PENDING_MINUTES = 10
# Endpoints a signed-in session may reach before its second step.
BEFORE_SECOND_STEP = frozenset({"static", "auth.sign_out", "mfa.enrol", "mfa.challenge"})


def _fresh_session() -> None:
    # A new session at each step, so a session fixed before cannot be reused.
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def after_password(user: User, next_path: str | None) -> str:
    """Continue a sign-in whose password matched; return where to go next."""
    _fresh_session()
    if two_factor.is_enrolled(user) or two_factor.required_for(user):
        session[PENDING] = {"user": user.id, "at": int(time.time()), "next": next_path}
        if two_factor.is_enrolled(user):
            return url_for("mfa.challenge")
        return url_for("mfa.enrol")
    complete(user, second_step=False)
    return next_path or url_for("dashboard.index")


def pending_user() -> User | None:
    """The account waiting for its second step in this session, or None."""
    pending: Any = session.get(PENDING)
    if not isinstance(pending, dict) or not isinstance(pending.get("at"), int):
        return None
    if time.time() - pending["at"] > PENDING_MINUTES * 60:
        session.pop(PENDING, None)
        return None
    user = db.session.get(User, pending.get("user"))
    return user if user is not None and user.is_enabled else None


def pending_next() -> str | None:
    pending: Any = session.get(PENDING)
    return pending.get("next") if isinstance(pending, dict) else None


def complete(user: User, *, second_step: bool) -> None:
    """Start the sign-in session of ``user`` (the caller commits)."""
    _fresh_session()
    session[SIGNED_IN_AT] = int(time.time())
    session[SECOND_STEP_DONE] = second_step
    # Unless a language was chosen on the way in, the account's (account page) is the
    # language of its pages and reports from now on.
    if "lang" not in session and user.preferred_language in current_app.config["LANGUAGES"]:
        session["lang"] = user.preferred_language
    user.failed_sign_ins = 0
    user.sign_ins_paused_until = None
    user.session_key = sign_in_sessions.start(user, request.user_agent.string)
    login_user(user)
    audit.record("user.signed_in", actor_id=user.id, subject=user.email, second_step=second_step)


def mark_second_step_done() -> None:
    session[SECOND_STEP_DONE] = True


def second_step_missing(user: User) -> str | None:
    """Where a signed-in ``user`` must go before anything else, or None."""
    if session.get(SECOND_STEP_DONE) or not two_factor.required_for(user):
        return None
    return url_for("mfa.challenge" if two_factor.is_enrolled(user) else "mfa.enrol")
