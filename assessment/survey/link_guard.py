"""Slowing down whoever guesses invitation links: only unknown links count.

A personal link is a bearer secret, so trying links at random must be slowed down;
colleagues answering from behind one office address must never be. So only answers
that say "no such link" (404) count towards ``LINK_RATE_LIMIT`` per client address;
past it, every respondent page answers 429 until the window has passed.

The count lives in the rate limiter's storage (Redis when ``REDIS_URL`` is set, so the
limit holds across workers and servers) and follows its strategy, but it is checked
here directly: Flask-Limiter's general machinery (finding which limits apply to the
request, then writing headers) cost about a tenth of a millisecond on every request
to the page respondents load most, a tenth of that page's whole cost.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from flask import Blueprint, abort, current_app
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter, RateLimiter
from werkzeug.wrappers import Response

from assessment.core.security import OUTSIDE_FLASK_LIMITER, limiter

T = TypeVar("T")
SCOPE = "unknown-invitation-links"
log = logging.getLogger(__name__)
# Where links are counted while the limiter's storage (Redis) cannot be reached: this
# process's memory, so respondents' links keep answering (and guessers are still slowed).
_fallback = FixedWindowRateLimiter(MemoryStorage())
_last_warning = [0.0]


def _counter() -> RateLimiter:
    return limiter.limiter


def _with_fallback(action: Callable[[RateLimiter], T]) -> T:
    try:
        return action(_counter())
    except Exception:  # the storage's client errors (Redis down) have no common base
        if time.monotonic() - _last_warning[0] > 60:
            _last_warning[0] = time.monotonic()
            log.warning("rate limit storage unreachable: counting links in memory",
                        exc_info=True)  # fmt: skip
        return action(_fallback)


@lru_cache(maxsize=8)
def _parsed(limit: str) -> RateLimitItem:
    return parse(limit)


def _limit() -> RateLimitItem:
    # Read at each request, so operators (and tests) can change it while running.
    return _parsed(current_app.config["LINK_RATE_LIMIT"])


def _identifiers() -> tuple[str, ...]:
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or ""
    return (prefix, SCOPE, get_remote_address()) if prefix else (SCOPE, get_remote_address())


def _refuse_guessers() -> None:
    if limiter.enabled and not _with_fallback(lambda c: c.test(_limit(), *_identifiers())):
        abort(429)


def _count_unknown_links(response: Response) -> Response:
    if not limiter.enabled:
        return response
    if response.status_code == 404:
        _with_fallback(lambda c: c.hit(_limit(), *_identifiers()))
    elif response.status_code == 429:
        reset_at, _remaining = _with_fallback(
            lambda c: c.get_window_stats(_limit(), *_identifiers())
        )
        response.headers["Retry-After"] = str(max(1, math.ceil(reset_at - time.time())))
    return response


def guard(blueprint: Blueprint) -> None:
    """Count the unknown links asked for through ``blueprint``'s routes, and refuse guessers.

    Flask-Limiter's own check skips these routes: this is their only limit.
    """
    blueprint.before_request(_refuse_guessers)
    blueprint.after_request(_count_unknown_links)
    OUTSIDE_FLASK_LIMITER.add(blueprint.name)
