"""Slowing down whoever guesses invitation links: only unknown links count.

A personal link is a bearer secret, so trying links at random must be slowed down;
colleagues answering from behind one office address must never be. So only answers
that say "no such link" (404) count towards ``LINK_RATE_LIMIT`` per client address;
past it, respondent pages answer 429 (with ``Retry-After``) until the window has
passed.

This is one Flask-Limiter limit shared by the respondent blueprint's routes: checked
before each request, deducted only when the response is a 404 (``deduct_when``). It
is kept in the limiter's storage, Redis when ``REDIS_URL`` is set, so the limit holds
across workers and servers. While Redis cannot be reached, Flask-Limiter's in-memory
fallback (``RATELIMIT_IN_MEMORY_FALLBACK_ENABLED``, set in core/security.py) counts in
this process's memory and logs a warning, so respondents' links keep answering and
guessers are still slowed.

A request whose session has already opened this very link is no guess: its sender
knows the link works. Such requests skip the limiter (its ``request_filter``), so a
respondent who has started answering goes on even when someone else behind the same
address is refused, and the page people load most is spared the limiter's work. The
session keeps a fingerprint of the last link it opened, never the link itself.
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, request, session
from werkzeug.wrappers import Response

from assessment.core.security import LINK_LIMIT, limiter

SCOPE = "unknown-invitation-links"
OPENED_LINK = "opened_link"
# Answers that say nothing about whether the link exists.
_NOT_PROOF = {404, 429}


def _fingerprint(token: str) -> str:
    return hashlib.blake2b(token.encode(), digest_size=16, person=b"opened-link").hexdigest()


def _unknown_link(response: Response) -> bool:
    return response.status_code == 404


def guard(blueprint: Blueprint) -> None:
    """Count the unknown links asked for through ``blueprint``'s routes, and refuse guessers."""
    limiter.shared_limit(LINK_LIMIT, scope=SCOPE, deduct_when=_unknown_link)(blueprint)

    def link() -> str | None:
        if request.blueprint != blueprint.name or not request.view_args:
            return None
        token = request.view_args.get("token")
        return token if isinstance(token, str) else None

    @limiter.request_filter
    def opened_before() -> bool:
        token = link()
        return token is not None and session.get(OPENED_LINK) == _fingerprint(token)

    @blueprint.after_request
    def remember_opened_link(response: Response) -> Response:
        token = link()
        opened = response.status_code < 500 and response.status_code not in _NOT_PROOF
        if token is not None and opened and session.get(OPENED_LINK) != _fingerprint(token):
            session[OPENED_LINK] = _fingerprint(token)  # the cookie changes once per link
        return response
