"""Two-step verification: a TOTP authenticator app (RFC 6238), with recovery codes.

pyotp computes the codes. A code is accepted for the current 30-second step and the
one on either side (clocks drift), but never for a step at or before the last one
accepted: a code seen over someone's shoulder, or replayed from a proxy log, is
refused. Recovery codes are hashed with argon2 like passwords and work once each. The
app's secret is stored sealed under the installation's key (``core.sealing``): a copy
of the database alone does not give the codes.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from datetime import datetime

import pyotp
import segno
from flask import current_app
from sqlalchemy import ForeignKey, Integer, String, delete
from sqlalchemy.orm import Mapped, mapped_column

from assessment.accounts import sessions
from assessment.accounts.models import User
from assessment.accounts.passwords import hash_password, verify_password
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.sealing import SealError, seal, unseal
from assessment.core.types import UTCDateTime, utcnow

log = logging.getLogger(__name__)

ISSUER = "Innovation Maturity Self-Assessment"
STEP_SECONDS = 30
DRIFT_STEPS = 1  # one step either side of now
RECOVERY_CODES = 10
# Ten characters from an alphabet without look-alikes (no 0/O, 1/l/I): about 50 bits.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 10

TOTP = "totp"
RECOVERY_CODE = "recovery_code"


class TotpCredential(db.Model):  # type: ignore[name-defined]
    """The authenticator secret of one account; confirmed once a first code matched."""

    __tablename__ = "totp_credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    # The app's secret, sealed (core.sealing): never stored as the app reads it.
    sealed_secret: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The 30-second step of the last code accepted: that step and earlier ones never again.
    last_step: Mapped[int | None] = mapped_column(Integer)


class RecoveryCode(db.Model):  # type: ignore[name-defined]
    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TwoFactorError(ValueError):
    """A two-step verification request that cannot be carried out; ``code`` keys the text."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def required_for(user: User) -> bool:
    """Whether ``user`` holds a role that may not sign in without a second step."""
    required = current_app.config["MFA_REQUIRED_ROLES"]
    return any(user.has_role(role) for role in required)


def _key() -> str:
    return str(current_app.config["SECRET_KEY"])


def _secret_of(found: TotpCredential) -> str | None:
    """The app's secret of ``found``, or None when this installation's key cannot open it."""
    try:
        return unseal(found.sealed_secret, _key())
    except SealError:
        # Sealed under another SECRET_KEY: its codes cannot be checked any more. The
        # person signs in with a recovery code, or an administrator resets two-step.
        log.error("the authenticator secret of account %s cannot be opened with this"
                  " SECRET_KEY", found.user_id)  # fmt: skip
        return None


def credential(user: User) -> TotpCredential | None:
    return db.session.execute(
        db.select(TotpCredential).filter_by(user_id=user.id)
    ).scalar_one_or_none()


def is_enrolled(user: User) -> bool:
    """Whether ``user`` has a confirmed authenticator."""
    found = credential(user)
    return found is not None and found.confirmed_at is not None


def enrolled_user_ids() -> set[int]:
    """The ids of every account with a confirmed authenticator (for the admin's list)."""
    return set(
        db.session.execute(
            db.select(TotpCredential.user_id).filter(TotpCredential.confirmed_at.is_not(None))
        ).scalars()
    )


def pending_secret(user: User) -> str:
    """The secret to show while ``user`` enrols, made once and kept until confirmed.

    Reloading the page shows the same secret, so an app that already scanned it works.
    Raises TwoFactorError("enrolled") when the account already has an authenticator.
    """
    found = credential(user)
    if found is not None and found.confirmed_at is not None:
        raise TwoFactorError("enrolled")
    secret = _secret_of(found) if found is not None else None
    if secret is None:
        secret = pyotp.random_base32()
        if found is None:
            found = TotpCredential(user_id=user.id)
            db.session.add(found)
        found.sealed_secret = seal(secret, _key())
        db.session.flush()
    return secret


def provisioning_uri(user: User, secret: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str, title: str) -> str:
    """The QR code of ``uri`` as inline SVG (no image request, no JavaScript)."""
    svg: str = segno.make(uri, error="m").svg_inline(
        scale=5, title=title, dark="#0b0c0c", light="#ffffff", svgclass="app-qr-code"
    )
    return svg


def spaced(secret: str) -> str:
    """The secret in groups of four, as people type it into an app."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _matching_step(secret: str | None, code: str, after: int | None, moment: float) -> int | None:
    if secret is None:  # sealed under another key: no code can match
        return None
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    now_step = int(moment // STEP_SECONDS)
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if after is not None and step <= after:
            continue  # already used (or older than a code already used): a replay
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        for _ in range(RECOVERY_CODES)
    ]
    for code in codes:
        db.session.add(RecoveryCode(user_id=user.id, code_hash=hash_password(code)))
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def confirm(user: User, code: str, *, moment: float | None = None) -> list[str]:
    """Confirm enrolment with a first code from the app; return new recovery codes.

    Raises TwoFactorError("code") when the code does not match the pending secret.
    """
    found = credential(user)
    if found is None or found.confirmed_at is not None:
        raise TwoFactorError("not_enrolling")
    step = _matching_step(
        _secret_of(found), _clean(code), None, time.time() if moment is None else moment
    )
    if step is None:
        raise TwoFactorError("code")
    found.confirmed_at = utcnow()
    found.last_step = step
    codes = _new_recovery_codes(user)
    audit.record("mfa.enrolled", actor_id=user.id, subject=user.email)
    return codes


def verify(user: User, code: str, *, moment: float | None = None) -> str | None:
    """Check a code from the app, or a recovery code; return which one matched, or None.

    A matching app code moves the account's last step forward; a matching recovery code
    is spent. Neither can be used twice.
    """
    found = credential(user)
    if found is None or found.confirmed_at is None:
        return None
    cleaned = _clean(code)
    if cleaned.isdigit() and len(cleaned) == 6:
        step = _matching_step(
            _secret_of(found), cleaned, found.last_step, time.time() if moment is None else moment
        )
        if step is None:
            return None
        found.last_step = step
        return TOTP
    if len(cleaned) != RECOVERY_LENGTH:
        return None
    unused = db.session.execute(
        db.select(RecoveryCode).filter_by(user_id=user.id, used_at=None)
    ).scalars()
    for recovery in unused:
        if verify_password(recovery.code_hash, cleaned):
            recovery.used_at = utcnow()
            audit.record("mfa.recovery_code_used", actor_id=user.id, subject=user.email)
            return RECOVERY_CODE
    return None


def recovery_codes_left(user: User) -> int:
    return len(
        db.session.execute(
            db.select(RecoveryCode.id).filter_by(user_id=user.id, used_at=None)
        ).all()
    )


def regenerate_recovery_codes(user: User) -> list[str]:
    """Replace the account's recovery codes (the old ones stop working)."""
    codes = _new_recovery_codes(user)
    audit.record("mfa.recovery_codes_renewed", actor_id=user.id, subject=user.email)
    return codes


def _remove(user: User) -> None:
    db.session.execute(delete(TotpCredential).where(TotpCredential.user_id == user.id))
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def turn_off(user: User) -> None:
    """Remove one's own authenticator; refused where the account's roles require one."""
    if required_for(user):
        raise TwoFactorError("required")
    _remove(user)
    audit.record("mfa.turned_off", actor_id=user.id, subject=user.email)


def reset_by_admin(user: User, *, actor_id: int | None) -> None:
    """For a lost device: remove the authenticator and end every session of the account.

    At its next sign-in the person enrols again (at once, if a role requires it).
    """
    _remove(user)
    ended = sessions.end_all(user, sessions.ENDED_BY_ADMIN)
    audit.record("mfa.reset_by_admin", actor_id=actor_id, subject=user.email, ended=ended)
