"""Sealed secrets open with the key that sealed them, and with nothing else."""

from __future__ import annotations

import pytest

from assessment.core.sealing import SealError, seal, unseal

KEY = "an installation's secret key"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_a_sealed_secret_opens_with_its_key_and_tells_nothing_of_itself() -> None:
    token = seal(SECRET, KEY)
    assert unseal(token, KEY) == SECRET
    assert SECRET not in token and SECRET.lower() not in token.lower()
    assert seal(SECRET, KEY) != token  # a fresh nonce each time: equal secrets look different


def test_another_key_cannot_open_it() -> None:
    with pytest.raises(SealError):
        unseal(seal(SECRET, KEY), KEY + " (rotated)")


def test_a_changed_token_is_refused() -> None:
    token = seal(SECRET, KEY)
    changed = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(SealError):
        unseal(changed, KEY)
    with pytest.raises(SealError):
        unseal("not a sealed value", KEY)
