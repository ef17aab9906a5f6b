"""Recording sensitive actions in the audit log."""

from __future__ import annotations

from typing import Any

from assessment.core.audit_events import AuditEvent
from assessment.core.extensions import db


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
