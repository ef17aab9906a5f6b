"""Personal API tokens: creation, revocation and authentication.

A token is ``imsa_`` followed by 43 URL-safe characters drawn from 256 random bits
(``secrets.token_urlsafe(32)``). Only its SHA-256 digest is stored: a fast hash is
enough for a secret of that strength, and it lets the API find a token in one indexed
look-up. Tokens expire (90 days by default, a year at most), can be revoked at any
time, and act with the roles their user holds at the moment of each request.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from assessment.accounts.api_tokens import ApiToken
from assessment.accounts.models import (
    ADMIN,
    ANALYST,
    NATIONAL_COORDINATOR,
    ORGANISATION_COORDINATOR,
    User,
)
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.types import utcnow

PREFIX = "imsa_"  # recognisable by secret scanners and by people
SECRET_BYTES = 32
DEFAULT_DAYS = 90
MAX_DAYS = 365
NAME_LENGTH = 100
# Roles whose holders may have tokens: what the API offers is of use to them only.
TOKEN_ROLES = (ANALYST, NATIONAL_COORDINATOR, ORGANISATION_COORDINATOR, ADMIN)
# Recording every use would write on every request; once a minute tells people enough.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenError(ValueError):
    """A token that cannot be created as asked; ``code`` keys the sentence shown."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def digest(secret: str) -> str:
    """The stored form of a token's secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def may_hold_tokens(user: User) -> bool:
    """Whether ``user`` holds a role the API serves."""
    return any(user.has_role(role) for role in TOKEN_ROLES)


def create(
    user: User, name: str, days: int = DEFAULT_DAYS, *, actor_id: int | None
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; return it with its secret (shown once, never stored).

    Raises TokenError("name") or TokenError("days") for a missing name or a lifetime
    outside 1-MAX_DAYS days, and TokenError("role") when the user holds no API role.
    """
    name = " ".join(name.split())
    if not name or len(name) > NAME_LENGTH:
        raise TokenError("name")
    if isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
        raise TokenError("days")
    if not may_hold_tokens(user):
        raise TokenError("role")
    secret = PREFIX + secrets.token_urlsafe(SECRET_BYTES)
    now = utcnow()
    token = ApiToken(
        user_id=user.id,
        name=name,
        prefix=secret[: len(PREFIX) + 6],
        token_hash=digest(secret),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    audit.record(
        "api_token.created",
        actor_id=actor_id,
        subject=f"api token {token.id}",
        user_id=user.id,
        name=name,
        expires_at=token.expires_at.isoformat(),
    )
    return token, secret


def revoke(token: ApiToken, *, actor_id: int | None) -> bool:
    """Revoke a token; return False when it was already revoked."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    audit.record(
        "api_token.revoked",
        actor_id=actor_id,
        subject=f"api token {token.id}",
        user_id=token.user_id,
    )
    return True


def tokens_of(user: User) -> list[ApiToken]:
    """A user's tokens, newest first (revoked and expired ones included)."""
    return list(
        db.session.execute(
            select(ApiToken).filter_by(user_id=user.id).order_by(ApiToken.id.desc())
        ).scalars()
    )


def token_of(user: User, token_id: int) -> ApiToken | None:
    """One of ``user``'s tokens by id, or None (another user's token is never returned)."""
    token = db.session.get(ApiToken, token_id)
    return token if token is not None and token.user_id == user.id else None


def bearer_secret(header: str | None) -> str | None:
    """The secret of an ``Authorization: Bearer <secret>`` header, or None."""
    if not header:
        return None
    scheme, _, secret = header.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    return secret


def authenticate(secret: str | None, moment: datetime | None = None) -> ApiToken | None:
    """The live token with this secret whose user is enabled, or None."""
    if secret is None:
        return None
    token = db.session.execute(
        select(ApiToken).filter_by(token_hash=digest(secret))
    ).scalar_one_or_none()
    now = moment or utcnow()
    if token is None or not token.is_live_at(now) or not token.user.is_enabled:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
        db.session.commit()
    return token
