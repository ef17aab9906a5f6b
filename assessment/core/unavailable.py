"""A clear page while the database is briefly out of reach, never a stack trace or a 500.

A restart or fail-over of PostgreSQL, or a SQLite write lock held past the busy timeout,
surfaces as an ``OperationalError`` (or ``InterfaceError`` on a dropped connection).
The request's transaction never committed, so nothing is half-written: the page says
so, asks the person to try again in a moment, and the next request reconnects by
itself (a pooled connection is checked as it leaves the pool, see core/database.py)
without restarting the app.
"""

from __future__ import annotations

from flask import Flask, current_app, g, render_template
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from assessment.core.extensions import db

RETRY_AFTER_SECONDS = 5
_OUTAGE = "database_unavailable"


def _fallback_page() -> str:
    # Used only if even the normal layout cannot be rendered.
    title = escape(_("Sorry, the service is briefly unavailable"))
    advice = escape(_("Your saved answers are kept. Wait a moment and try again."))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><main><h1>{title}</h1><p>{advice}</p></main></body></html>"
    )


def release_session(_error: BaseException | None = None) -> None:
    """End the request's session even if its connection died after the view ran.

    Ending it rolls back, and a rollback on a connection the server has just closed
    raises: without this, a page already rendered would turn into a 500 at teardown.
    Nothing uncommitted survives a closed connection anyway (and the connection itself
    is dropped from the pool, see below), so the session is discarded and the request
    goes on.
    """
    try:
        db.session.remove()
    except SQLAlchemyError as error:
        current_app.logger.warning("Database connection lost: %s", error.__class__.__name__)
        db.session.registry.clear()


def _drop_connection_after_failed_end(context: ExceptionContext) -> None:
    # A COMMIT or ROLLBACK that failed for want of a connection leaves it in an unknown
    # state: have SQLAlchemy close it and drop it from the pool, never reuse it.
    dbapi = context.dialect.loaded_dbapi
    lost = (dbapi.OperationalError, dbapi.InterfaceError)
    if context.statement is None and isinstance(context.original_exception, lost):
        context.is_disconnect = True


def database_unavailable(error: SQLAlchemyError) -> tuple[str, int, dict[str, str]]:
    """Answer 503 with a page that reassures and asks to retry."""
    current_app.logger.warning("Database unavailable: %s", error.__class__.__name__, exc_info=error)
    release_session()  # the transaction failed: give the connection back now
    # If loading the signed-in user is what failed, the page is shown as to a visitor
    # instead of querying the database again while drawing the header (the user loader,
    # accounts/sessions.py, asks during_outage()).
    setattr(g, _OUTAGE, True)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    try:
        return render_template("errors/unavailable.html"), 503, headers
    except SQLAlchemyError:
        return _fallback_page(), 503, headers


def during_outage() -> bool:
    """Tell whether this request already met an unreachable database (its 503 page)."""
    return bool(g.get(_OUTAGE, False))


def init_app(app: Flask) -> None:
    """Register the 503 page for lost or refused database connections."""
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(InterfaceError, database_unavailable)
    # Registered after Flask-SQLAlchemy's own teardown, so it runs before it.
    app.teardown_appcontext(release_session)
    with app.app_context():
        event.listen(db.engine, "handle_error", _drop_connection_after_failed_end)
