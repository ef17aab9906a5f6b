"""Recording sensitive actions in the audit log, and every piece of data that leaves.

Actions record themselves (``record``). Routes that hand data out — exports, PDF
downloads, API answers — are declared with :func:`leaves_data`; every successful
response of such a route is recorded after the fact, with who took it, so that no
export can be added without its trace (a test walks the route table to check).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, g, request
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.core.audit_events import AuditEvent
from assessment.core.extensions import db

F = TypeVar("F", bound=Callable[..., Any])

LEAVES_DATA = "leaves_data"
DATA_TAKEN = "data.taken"


def record(
    action: str,
    *,
    actor_id: int | None = None,
    organisation_id: int | None = None,
    subject: str = "",
    **details: Any,
) -> AuditEvent:
    """Add an audit event to the current transaction (committed with the action itself)."""
    event = AuditEvent(
        action=action,
        actor_id=actor_id,
        organisation_id=organisation_id,
        subject=subject,
        details=details,
    )
    db.session.add(event)
    return event


def leaves_data(view: F) -> F:
    """Declare a route that hands data out: each successful response is audited."""
    setattr(view, LEAVES_DATA, True)
    return view


def takes_data(endpoint: str) -> bool:
    """Tell whether ``endpoint`` was declared with :func:`leaves_data`."""
    view = current_app.view_functions.get(endpoint)
    return bool(view and getattr(view, LEAVES_DATA, False))


def concerns_organisation(organisation_id: int) -> None:
    """Note which organisation this request's data belongs to, for its audit event."""
    g.audit_organisation_id = organisation_id


def _record_data_taken(response: Response) -> Response:
    if request.endpoint is None or not 200 <= response.status_code < 300:
        return response
    if not takes_data(request.endpoint):
        return response
    # Signed in through a page, or through an API token (the API's request loader).
    record(
        DATA_TAKEN,
        actor_id=current_user.id if current_user.is_authenticated else None,
        organisation_id=g.get("audit_organisation_id"),
        subject=request.path,
        endpoint=request.endpoint,
        format=response.mimetype,
        query=request.query_string.decode("utf-8", "replace")[:500],
    )
    db.session.commit()
    return response


def init_app(app: Flask) -> None:
    """Audit every successful response of the routes that hand data out."""
    app.after_request(_record_data_taken)
