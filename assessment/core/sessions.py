"""Idle and absolute timeouts: a session unused, or signed in, for too long lapses.

The page warns before it happens (static/js/timeout.js) and lets the person extend
with a keep-alive request; saved answers never depend on the session.

The session is Flask's own signed cookie (its default session interface). Signing and
sending it again costs every request some work, and Flask sends it only when the
session changed (``SESSION_REFRESH_EACH_REQUEST`` is off). So the time of the last
activity is rewritten only when it is ``LAST_SEEN_STEP`` seconds old or more, and an
idle session ends ``LAST_SEEN_STEP`` seconds after the limit: never before the idle
limit has passed since the person's last request (what the page's warning counts on),
at most that step later.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, request, session
from flask_login import logout_user

LAST_SEEN = "last_seen"
SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_STEP = 30  # seconds


def _enforce_idle_timeout() -> None:
    if request.endpoint == "static" or not session:
        return
    now = int(time.time())
    idle_limit = current_app.config["SESSION_IDLE_MINUTES"] * 60 + LAST_SEEN_STEP
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
        last_seen = None
    if not isinstance(last_seen, int) or now - last_seen >= LAST_SEEN_STEP:
        session[LAST_SEEN] = now
    if not session.permanent:  # setting it, even to the same value, rewrites the cookie
        session.permanent = True


def init_app(app: Flask) -> None:
    """Install the idle and absolute timeout check."""
    app.before_request(_enforce_idle_timeout)
