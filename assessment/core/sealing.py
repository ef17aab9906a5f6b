"""Secrets the platform must read back, sealed with a key derived from ``SECRET_KEY``.

Passwords and recovery codes are hashed: they are only ever compared. An authenticator
app's secret cannot be: each sign-in computes the expected code from it. So it is
stored sealed, with Fernet (AES-128-CBC and HMAC-SHA256, from ``cryptography``), under
a key derived from ``SECRET_KEY`` by HKDF for this one purpose. A copy of the database,
or a backup of it, without the installation's key gives no one the codes.

    token = seal(secret, key)       # what the database holds
    secret = unseal(token, key)     # raises SealError for another key or a changed token

The key is the installation's ``SECRET_KEY``, which every host shares and which must be
kept (docs/deployment.md): with another key, sealed secrets cannot be opened again.
"""

from __future__ import annotations

from base64 import urlsafe_b64encode
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# The purpose the derived key serves: another purpose derives another key.
PURPOSE = b"innovation-maturity: sealed authenticator secrets"


class SealError(ValueError):
    """A sealed value that this key cannot open: another key sealed it, or it was changed."""


@lru_cache(maxsize=4)
def _fernet(secret_key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(
        secret_key.encode()
    )
    return Fernet(urlsafe_b64encode(derived))


def seal(plain: str, secret_key: str) -> str:
    """``plain`` sealed under ``secret_key``: text that tells nothing of it."""
    return _fernet(secret_key).encrypt(plain.encode()).decode("ascii")


def unseal(token: str, secret_key: str) -> str:
    """What ``seal`` sealed; SealError when ``secret_key`` cannot open ``token``."""
    try:
        return _fernet(secret_key).decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeError) as error:
        raise SealError("this key cannot open the sealed value") from error
