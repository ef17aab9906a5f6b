"""Security headers, a per-request CSP nonce, and rate limits.

The Content Security Policy allows scripts only from our own origin plus the one
inline snippet each page carries with its nonce; no 'unsafe-inline' script. Styles
allow 'unsafe-inline' because Plotly sets inline styles on the charts it draws.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from flask import Flask, abort, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.wrappers import Response

limiter = Limiter(key_func=get_remote_address, default_limits=[])


def _configured(name: str) -> Callable[[], str]:
    return lambda: str(current_app.config[name])


# Limits on what an attacker would repeat: guessing passwords, API tokens or invitation
# links (survey/link_guard.py). Read from the configuration at each request, so
# operators can tune them.
SIGN_IN_LIMIT = _configured("SIGN_IN_RATE_LIMIT")
API_LIMIT = _configured("API_RATE_LIMIT")
LINK_LIMIT = _configured("LINK_RATE_LIMIT")


def csp_nonce() -> str:
    """The nonce of this response's Content Security Policy, made on first use."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return str(g.csp_nonce)


# Everything but the nonce is the same on every response: joined once, here.
_POLICY_BEFORE_NONCE = "default-src 'self'; script-src 'self' 'nonce-"
_POLICY_AFTER_NONCE = "'; " + "; ".join(
    [
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
_STATIC_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    # Invitation links carry a token in their path: never leak it to another site.
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
_PRIVATE_PATHS = ("/respond/", "/account/")


def _headers(response: Response) -> Response:
    # Like headers.setdefault for each, in one pass: a view's own header wins.
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    if "content-security-policy" not in present:
        headers.add(
            "Content-Security-Policy", _POLICY_BEFORE_NONCE + csp_nonce() + _POLICY_AFTER_NONCE
        )
    for name, value in _STATIC_HEADERS:
        if name.lower() not in present:
            headers.add(name, value)
    if "cache-control" not in present and request.path.startswith(_PRIVATE_PATHS):
        headers.add("Cache-Control", "no-store")
    return response


def _hsts(response: Response) -> Response:
    response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def _refuse_nul_bytes() -> None:
    # No legitimate input holds a NUL byte, and PostgreSQL refuses to store or even
    # compare one: answer a clear 400 instead of failing deep inside a query.
    values = [request.path, *request.args.values()]
    if request.method == "POST" and request.mimetype in FORM_TYPES:
        values.extend(request.form.values())
    if any("\x00" in value for value in values):
        abort(400)


FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def init_app(app: Flask) -> None:
    """Install the headers, the nonce helper for templates, and the rate limiter."""
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.before_request(_refuse_nul_bytes)
    app.after_request(_headers)
    if app.config["ENVIRONMENT"] == "production":
        app.after_request(_hsts)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    # Redis away: count in this process's memory (with a logged warning) rather than fail
    # sign-in and the API; Flask-Limiter goes back to Redis once it answers again.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    if app.config.get("REDIS_URL"):  # fail fast rather than hang on an unreachable Redis
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 1,
                                                            "socket_timeout": 2})  # fmt: skip
    limiter.init_app(app)
