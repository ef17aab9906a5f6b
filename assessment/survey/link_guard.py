"""Slowing down whoever guesses invitation links: only unknown links count.

A personal link is a bearer secret, so trying links at random must be slowed down;
colleagues answering from behind one office address must never be. So only answers
that say "no such link" (404) count towards ``LINK_RATE_LIMIT`` per client address;
past it, every respondent page answers 429 (with ``Retry-After``) until the window has
passed.

This is one Flask-Limiter limit shared by the respondent blueprint's routes: checked
before each request, deducted only when the response is a 404 (``deduct_when``). It
is kept in the limiter's storage, Redis when ``REDIS_URL`` is set, so the limit holds
across workers and servers. While Redis cannot be reached, Flask-Limiter's in-memory
fallback (``RATELIMIT_IN_MEMORY_FALLBACK_ENABLED``, set in core/security.py) counts in
this process's memory and logs a warning, so respondents' links keep answering and
guessers are still slowed.
"""

from __future__ import annotations

from flask import Blueprint
from werkzeug.wrappers import Response

from assessment.core.security import LINK_LIMIT, limiter

SCOPE = "unknown-invitation-links"


def _unknown_link(response: Response) -> bool:
    return response.status_code == 404


def guard(blueprint: Blueprint) -> None:
    """Count the unknown links asked for through ``blueprint``'s routes, and refuse guessers."""
    limiter.shared_limit(LINK_LIMIT, scope=SCOPE, deduct_when=_unknown_link)(blueprint)
