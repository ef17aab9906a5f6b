"""CSRF tokens signed once a minute per session, instead of on every page.

Flask-WTF signs the session's CSRF secret afresh for every page that shows a form: a
new serializer and a timestamped signature, about 60 µs on each question page. With
``WTF_CSRF_TIME_LIMIT`` None (a token lives as long as the session) the timestamp is
never checked, so a token signed a few seconds ago is as good as a new one: each
worker reuses a session's signed token for up to a minute. Flask-WTF still creates
each session's secret, keeps the request's token (in ``g``, as its documentation
says), and checks every token sent back; with a time limit configured, every token is
signed afresh as before.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, g, session
from flask_wtf.csrf import generate_csrf

REUSE_SECONDS = 60
MAX_SESSIONS = 10_000

# (signing key, session's CSRF secret) -> (when it was signed, the signed token)
_signed: dict[tuple[object, str], tuple[float, str]] = {}


def csrf_token() -> str:
    """Return the session's signed CSRF token, in Flask-WTF's format (templates, forms)."""
    config = current_app.config
    name = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    if name in g:
        return str(g.get(name))
    secret = session.get(name)
    if secret is None or config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return str(generate_csrf())  # creates the session's secret, or honours the limit
    key = (config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, secret)
    now = time.monotonic()
    found = _signed.get(key)
    if found is not None and now - found[0] <= REUSE_SECONDS:
        setattr(g, name, found[1])  # where Flask-WTF looks first: forms reuse it too
        return found[1]
    token = str(generate_csrf())
    if len(_signed) >= MAX_SESSIONS:
        del _signed[next(iter(_signed))]  # the oldest; its session just signs again
    _signed[key] = (now, token)
    return token


def init_app(app: Flask) -> None:
    """Give templates this ``csrf_token()`` instead of Flask-WTF's (same tokens).

    Flask-WTF offers its own through a global and a context processor; this one is
    installed after it, so it wins in both.
    """
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})
