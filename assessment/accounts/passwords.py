"""Password hashing with argon2id at OWASP ASVS parameters, and the password policy."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

# t=2, 19 MiB, p=1: the OWASP minimum for argon2id (about 30 ms here).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

# A hash verified when the e-mail is unknown, so that both paths take as long.
_DUMMY_HASH = _hasher.hash("not-a-real-password")

MIN_PASSWORD_LENGTH = 12  # ASVS 5: at least 12 characters, no composition rules
MAX_PASSWORD_LENGTH = 256
# zxcvbn's score 3: "safely unguessable" (about 10^8 guesses or more). Its lists of
# common passwords come from breaches and ship with the package: no network call.
MIN_STRENGTH = 3
# zxcvbn's time grows with the length; past this many characters the rest adds strength.
CHECKED_CHARACTERS = 100

TOO_SHORT = "too_short"
TOO_LONG = "too_long"
TOO_COMMON = "too_common"


class WeakPassword(ValueError):
    """A password the policy refuses; ``reason`` is one of the reason codes above."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_password(password: str, *, personal: tuple[str, ...] = ()) -> None:
    """Raise ``WeakPassword`` unless ``password`` meets the policy.

    ``personal`` holds what the account is known by (e-mail address, name): a password
    made of those is as easy to guess as a common one.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(TOO_SHORT)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPassword(TOO_LONG)
    words = [part for value in personal for part in value.replace("@", " ").split() if part]
    if zxcvbn(password[:CHECKED_CHARACTERS], user_inputs=words)["score"] < MIN_STRENGTH:
        raise WeakPassword(TOO_COMMON)


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Tell whether ``password`` matches ``stored_hash`` (False for a missing hash)."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Tell whether ``stored_hash`` was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(stored_hash)
