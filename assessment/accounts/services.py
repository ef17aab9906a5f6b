"""User accounts: creation, role grants, passwords, signing in and disabling."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _

from assessment.accounts import sessions
from assessment.accounts.models import (
    COUNTRY_ROLES,
    ORGANISATION_ROLES,
    ROLES,
    RoleAssignment,
    User,
)
from assessment.accounts.organisations import Organisation
from assessment.accounts.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    TOO_LONG,
    TOO_SHORT,
    WeakPassword,
    check_password,
    hash_password,
    needs_rehash,
    verify_password,
)
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.types import utcnow

# Failed sign-ins in a row after which an account's sign-ins pause, whatever the address
# they come from (the per-address limit is core/security.py's), and for how long.
PAUSE_AFTER_FAILURES = 10
PAUSE = timedelta(minutes=15)


class AccountError(ValueError):
    """A request about accounts that cannot be carried out, with a message for people."""


def password_problem(error: WeakPassword) -> str:
    """Say what is wrong with a refused password, in the current language."""
    if error.reason == TOO_SHORT:
        return _("Password must be at least %(minimum)d characters", minimum=MIN_PASSWORD_LENGTH)
    if error.reason == TOO_LONG:
        return _("Password must be %(maximum)d characters or fewer", maximum=MAX_PASSWORD_LENGTH)
    return _("This password is too common or too easy to guess: try three or four unrelated words")


def _set_password(user: User, password: str) -> None:
    try:
        check_password(password, personal=(user.email, user.name))
    except WeakPassword as error:
        raise AccountError(password_problem(error)) from error
    user.password_hash = hash_password(password)


def set_password(user: User, password: str) -> None:
    """Give ``user`` a new password after checking it against the policy (AccountError)."""
    _set_password(user, password)


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
    _set_password(user, password)
    db.session.flush()
    # A new password ends every session signed in with the old one.
    sessions.end_all(user, sessions.PASSWORD_CHANGED)
    if role is not None:
        grant_role(user, role, organisation=organisation, country=country)
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the enabled account matching ``email`` and ``password``, or None.

    Every failure counts against the account, from whatever address it comes: after
    ``PAUSE_AFTER_FAILURES`` in a row, sign-ins pause for ``PAUSE`` (the right password
    included), so spreading guesses over many addresses gains nothing. Rehashes the
    password when today's parameters are stronger than the stored ones.
    """
    user = find_user(email)
    matches = verify_password(user.password_hash if user else None, password)
    if user is None:
        return None
    now = utcnow()
    paused = user.sign_ins_paused_until is not None and user.sign_ins_paused_until > now
    if not matches or paused or not user.is_enabled:
        user.failed_sign_ins += 1
        if user.failed_sign_ins >= PAUSE_AFTER_FAILURES:
            user.sign_ins_paused_until = now + PAUSE
        return None
    # The count of failures goes back to zero only once signing in is complete (after
    # the second step, if any: accounts/signing_in.py), so that knowing the password
    # does not buy fresh guesses at the code.
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = now
    return user


def change_password(user: User, current: str, new: str, *, keep: str | None) -> None:
    """Give ``user`` a new password; every other session of theirs ends.

    ``keep`` is the key of the session making the change, which stays signed in.
    """
    if not verify_password(user.password_hash, current):
        raise AccountError(_("Your current password is not correct"))
    _set_password(user, new)
    ended = sessions.end_all(user, sessions.PASSWORD_CHANGED, keep=keep)
    audit.record("user.password_changed", actor_id=user.id, subject=user.email, ended=ended)


def set_enabled(user: User, enabled: bool, *, actor_id: int | None) -> None:
    """Enable or disable an account; disabling ends every session of it at once."""
    user.is_enabled = enabled
    ended = 0 if enabled else sessions.end_all(user, sessions.ACCOUNT_DISABLED)
    audit.record(
        "user.enabled" if enabled else "user.disabled",
        actor_id=actor_id,
        subject=user.email,
        ended=ended,
    )


def end_sessions(user: User, *, actor_id: int | None) -> int:
    """End every session of ``user`` (an administrator's action, or sign out everywhere)."""
    reason = sessions.SIGNED_OUT_EVERYWHERE if actor_id == user.id else sessions.ENDED_BY_ADMIN
    ended = sessions.end_all(user, reason)
    audit.record("user.sessions_ended", actor_id=actor_id, subject=user.email, ended=ended)
    return ended
