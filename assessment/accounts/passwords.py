"""Password hashing with argon2id at OWASP ASVS parameters."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# t=2, 19 MiB, p=1: the OWASP minimum for argon2id (about 30 ms here).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

# A hash verified when the e-mail is unknown, so that both paths take as long.
_DUMMY_HASH = _hasher.hash("not-a-real-password")

MIN_PASSWORD_LENGTH = 12


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
