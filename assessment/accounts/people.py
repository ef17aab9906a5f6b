"""Who has access to what: the lists behind the access pages, and taking access away."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, or_

from assessment.accounts.models import (
    ADMIN,
    ORGANISATION_COORDINATOR,
    RoleAssignment,
    User,
)
from assessment.accounts.organisations import Organisation
from assessment.accounts.services import AccountError
from assessment.core import audit
from assessment.core.extensions import db

EVERYONE_LIMIT = 500


@dataclass(frozen=True)
class Holder:
    """One role one person holds in an organisation."""

    assignment_id: int
    user_id: int
    email: str
    name: str
    role: str
    is_enabled: bool


def holders(organisation: Organisation) -> list[Holder]:
    """Everyone with a role in ``organisation``, coordinators first, then by address."""
    rows = db.session.execute(
        db.select(RoleAssignment, User)
        .join(User, RoleAssignment.user_id == User.id)
        .filter(RoleAssignment.organisation_id == organisation.id)
        .order_by(RoleAssignment.role != ORGANISATION_COORDINATOR, User.email)
    ).all()
    return [Holder(a.id, u.id, u.email, u.name, a.role, u.is_enabled) for a, u in rows]


def coordinators_by_organisation(organisations: list[Organisation]) -> dict[int, list[str]]:
    """The coordinators' addresses of each organisation, by organisation id."""
    ids = [o.id for o in organisations]
    found: dict[int, list[str]] = {i: [] for i in ids}
    if not ids:
        return found
    rows = db.session.execute(
        db.select(RoleAssignment.organisation_id, User.email)
        .join(User, RoleAssignment.user_id == User.id)
        .filter(
            RoleAssignment.organisation_id.in_(ids),
            RoleAssignment.role == ORGANISATION_COORDINATOR,
        )
        .order_by(User.email)
    ).all()
    for organisation_id, email in rows:
        found[organisation_id].append(email)
    return found


def _coordinators_left(organisation_id: int, without: int) -> int:
    return len(
        db.session.execute(
            db.select(RoleAssignment.id).filter(
                RoleAssignment.organisation_id == organisation_id,
                RoleAssignment.role == ORGANISATION_COORDINATOR,
                RoleAssignment.id != without,
            )
        ).all()
    )


def remove(assignment: RoleAssignment, *, actor: User | None) -> None:
    """Take one role away (someone removed by a coordinator, or leaving by themselves).

    The last coordinator of an organisation cannot go: someone must be able to invite
    the next one (the national coordinator or the administrator can, too).
    """
    if (
        assignment.role == ORGANISATION_COORDINATOR
        and assignment.organisation_id is not None
        and _coordinators_left(assignment.organisation_id, assignment.id) == 0
    ):
        raise AccountError(
            _("An organisation needs a coordinator: invite another one before this one leaves.")
        )
    user = assignment.user
    audit.record(
        "role.left" if actor is not None and actor.id == user.id else "role.removed",
        actor_id=actor.id if actor else None,
        organisation_id=assignment.organisation_id,
        subject=user.email,
        role=assignment.role,
        country=assignment.country,
    )
    db.session.execute(delete(RoleAssignment).where(RoleAssignment.id == assignment.id))
    db.session.expire(user, ["role_assignments"])


def assignment_in(organisation: Organisation, assignment_id: int) -> RoleAssignment | None:
    """A role held in ``organisation`` by its id (None for another organisation's)."""
    assignment = db.session.get(RoleAssignment, assignment_id)
    if assignment is None or assignment.organisation_id != organisation.id:
        return None
    return assignment


def everyone(search: str = "") -> list[User]:
    """Every account (at most EVERYONE_LIMIT), filtered by address or name, by address."""
    query = db.select(User).order_by(User.email).limit(EVERYONE_LIMIT)
    search = search.strip().lower()
    if search:
        pattern = "%" + search.replace("%", "").replace("_", "") + "%"
        query = query.filter(or_(User.email.like(pattern), User.name.ilike(pattern)))
    return list(db.session.execute(query).scalars())


def is_admin(user: User) -> bool:
    return user.has_role(ADMIN)
