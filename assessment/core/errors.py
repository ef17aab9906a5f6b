"""Error pages that explain what happened, never a stack trace."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from assessment.core import unavailable

Responder = Callable[[HTTPException], Any]


def answer_errors_under(app: Flask, prefix: str, responder: Responder) -> None:
    """Let errors of any URL under ``prefix`` be answered by ``responder``.

    A part of the site that speaks another format (the JSON API) answers in it even when
    no route of its own matched, for example an id past the database's range.
    """
    app.extensions.setdefault("error_responders", {})[prefix] = responder


def _responder_for(path: str) -> Responder | None:
    responders = current_app.extensions.get("error_responders", {})
    return next((r for prefix, r in responders.items() if path.startswith(prefix)), None)


def init_app(app: Flask) -> None:
    """Register the error pages."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        responder = _responder_for(request.path)
        if responder is not None:
            return responder(error)
        code = error.code or 500
        return render_template("errors/http.html", error=error, code=code), code

    unavailable.init_app(app)
