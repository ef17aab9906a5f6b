"""User accounts: creation, role grants and signing in."""

from __future__ import annotations

from assessment.accounts.models import (
    COUNTRY_ROLES,
    ORGANISATION_ROLES,
    ROLES,
    RoleAssignment,
    User,
)
from assessment.accounts.organisations import Organisation
from assessment.accounts.passwords import hash_password, needs_rehash, verify_password
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.types import utcnow


class AccountError(ValueError):
    """A request about accounts that cannot be carried out, with a message for people."""


def normalise_email(email: str) -> str:
    """Return ``email`` trimmed and lower-cased, as accounts are stored."""
    return email.strip().lower()


def find_user(email: str) -> User | None:
    """Return the account with ``email``, or None."""
    return db.session.execute(
        db.select(User).filter_by(email=normalise_email(email))
    ).scalar_one_or_none()


def grant_role(
    user: User,
    role: str,
    *,
    organisation: Organisation | None = None,
    country: str | None = None,
) -> RoleAssignment:
    """Give ``user`` a role in its scope; granting an existing role changes nothing."""
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}; choose one of: {', '.join(ROLES)}.")
    if role in ORGANISATION_ROLES and organisation is None:
        raise AccountError(f"The role {role} needs an organisation (--organisation SLUG).")
    if role in COUNTRY_ROLES and not country:
        raise AccountError(f"The role {role} needs a country (--country CODE).")
    organisation_id = organisation.id if role in ORGANISATION_ROLES and organisation else None
    country = country.upper() if role in COUNTRY_ROLES and country else None
    for existing in user.role_assignments:
        if (existing.role, existing.organisation_id, existing.country) == (
            role,
            organisation_id,
            country,
        ):
            return existing
    assignment = RoleAssignment(role=role, organisation_id=organisation_id, country=country)
    user.role_assignments.append(assignment)
    db.session.flush()
    audit.record(
        "role.granted",
        organisation_id=organisation_id,
        subject=user.email,
        role=role,
        country=country,
    )
    return assignment


def create_user(
    email: str,
    password: str,
    *,
    name: str = "",
    role: str | None = None,
    organisation: Organisation | None = None,
    country: str | None = None,
) -> User:
    """Create an account (or update the password of an existing one) and grant ``role``."""
    email = normalise_email(email)
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise AccountError(f"{email!r} is not an e-mail address.")
    user = find_user(email)
    if user is None:
        user = User(email=email, name=name)
        db.session.add(user)
    elif name:
        user.name = name
    user.password_hash = hash_password(password)
    db.session.flush()
    if role is not None:
        grant_role(user, role, organisation=organisation, country=country)
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the enabled account matching ``email`` and ``password``, or None.

    Rehashes the password when today's parameters are stronger than the stored ones.
    """
    user = find_user(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    assert user is not None  # verify_password is False for a missing account
    if not user.is_enabled:
        return None
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = utcnow()
    return user
