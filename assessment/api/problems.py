"""Errors of the API as problem details (RFC 9457), never as HTML and never as a 500 page."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, json
from werkzeug.exceptions import HTTPException, MethodNotAllowed

MEDIA_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    429: "Too many requests",
    500: "Internal error",
}

DETAILS = {401: "Send a valid API token: Authorization: Bearer <token>."}


def problem(status: int, detail: str = "", **extra: Any) -> Response:
    """A problem-details response with ``status`` and a human-readable ``detail``."""
    body = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    response.headers["Cache-Control"] = "no-store"
    return response


def from_http_exception(error: HTTPException) -> Response:
    """An HTTP error raised anywhere in the API, as problem details."""
    status = error.code or 500
    detail = error.description if isinstance(error.description, str) else ""
    # Werkzeug's default descriptions are HTML-flavoured prose meant for browsers.
    if detail and detail == type(error).description:
        detail = DETAILS.get(status, "")
    response = problem(status, detail)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    for name, value in error.get_headers():
        if name.lower() in {"retry-after", "x-ratelimit-limit", "x-ratelimit-remaining",
                            "x-ratelimit-reset"}:  # fmt: skip
            response.headers[name] = value
    return response


def from_exception(error: Exception) -> Response:
    """Anything unexpected: logged, answered with a bare 500 problem."""
    current_app.logger.exception("API request failed", exc_info=error)
    return problem(500, "The request could not be completed.")
