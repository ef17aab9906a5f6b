"""Idle and absolute timeouts: a session unused, or signed in, for too long lapses.

The page warns before it happens (static/js/timeout.js) and lets the person extend
with a keep-alive request; saved answers never depend on the session.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, request, session
from flask_login import logout_user

LAST_SEEN = "last_seen"
SIGNED_IN_AT = "signed_in_at"


def _enforce_idle_timeout() -> None:
    if request.endpoint == "static" or not session:
        return
    now = int(time.time())
    idle_limit = current_app.config["SESSION_IDLE_MINUTES"] * 60
    absolute_limit = current_app.config["SESSION_ABSOLUTE_HOURS"] * 3600
    last_seen = session.get(LAST_SEEN)
    signed_in_at = session.get(SIGNED_IN_AT)
    idle = isinstance(last_seen, int) and now - last_seen > idle_limit
    too_old = isinstance(signed_in_at, int) and now - signed_in_at > absolute_limit
    if idle or too_old:
        language = session.get("lang")
        logout_user()
        session.clear()
        if language:
            session["lang"] = language
    session[LAST_SEEN] = now
    session.permanent = True


def init_app(app: Flask) -> None:
    """Install the idle-timeout check."""
    app.before_request(_enforce_idle_timeout)
