"""Invitation link tokens: 256-bit, derived from the app secret, stored only as a hash.

Deriving the token from a per-invitation nonce (rather than storing it) lets a reminder
repeat the same link, while a database copy alone never reveals a working link.
Re-sending with a new nonce invalidates the old link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from flask import current_app


def new_nonce() -> str:
    """Return a fresh random nonce for an invitation link."""
    return secrets.token_hex(16)


def link_token(invitation_id: int, nonce: str) -> str:
    """Return the URL-safe token for an invitation's link."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"invitation:{invitation_id}:{nonce}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    """Return the hash under which a token is stored and looked up."""
    return hashlib.sha256(token.encode()).hexdigest()
