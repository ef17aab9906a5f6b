"""A cache every worker process shares, kept in Redis when ``REDIS_URL`` is set.

Each gunicorn worker keeps its own in-process caches; what is costly to compute and the
same for everyone (benchmark tables) is also put here, so that one worker's work serves
them all, and every app server behind the proxy.

Values are pickled and signed with a key derived from ``SECRET_KEY``: an entry that
does not carry a valid signature (written by another installation sharing the server,
by a different version, or altered) is a miss, never unpickled. Redis is a help, not a
dependency: when it does not answer, the cache is skipped for a while and the caller
computes as it would without it.
"""

from __future__ import annotations

import copyreg
import hashlib
import hmac
import io
import logging
import pickle  # only values this installation signed are ever unpickled
import threading
import time
from importlib import metadata
from types import MappingProxyType
from typing import Any

from flask import current_app

log = logging.getLogger(__name__)

EXTENSION = "shared_cache"
SOCKET_TIMEOUT_SECONDS = 0.5
PAUSE_AFTER_FAILURE_SECONDS = 30.0
_SIGNATURE_BYTES = hashlib.sha256().digest_size


def _version() -> str:
    try:
        return metadata.version("innovation-maturity")
    except metadata.PackageNotFoundError:  # running from a checkout that is not installed
        return "unknown"


class SharedCache:
    """Signed, expiring entries in one Redis database, under a prefix of their own."""

    def __init__(self, url: str, secret: str, prefix: str = "innovation-maturity") -> None:
        import redis

        self._redis = redis.Redis.from_url(
            url,
            socket_timeout=SOCKET_TIMEOUT_SECONDS,
            socket_connect_timeout=SOCKET_TIMEOUT_SECONDS,
        )
        self._key = hashlib.sha256(f"shared-cache|{secret}".encode()).digest()
        # Entries of another version may hold other shapes of the same classes.
        self._prefix = f"{prefix}:{_version()}:"
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def _name(self, key: str) -> str:
        return self._prefix + hashlib.sha256(key.encode()).hexdigest()

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()

    def _available(self) -> bool:
        with self._lock:
            return time.monotonic() >= self._paused_until

    def _failed(self, action: str) -> None:
        log.warning("shared cache: could not %s; going on without it for a while", action)
        with self._lock:
            self._paused_until = time.monotonic() + PAUSE_AFTER_FAILURE_SECONDS

    def get(self, key: str) -> Any | None:
        """The value stored under ``key``, or None (missing, expired, unsigned, unreachable)."""
        import redis

        if not self._available():
            return None
        try:
            stored = self._redis.get(self._name(key))
        except redis.RedisError:
            self._failed("read")
            return None
        if not isinstance(stored, bytes) or len(stored) <= _SIGNATURE_BYTES:
            return None
        signature, payload = stored[:_SIGNATURE_BYTES], stored[_SIGNATURE_BYTES:]
        if not hmac.compare_digest(signature, self._sign(payload)):
            log.warning("shared cache: an entry with a wrong signature was ignored")
            return None
        return pickle.loads(payload)  # noqa: S301 - signed by this installation, checked above

    def put(self, key: str, value: Any, ttl_seconds: float) -> None:
        """Store ``value`` under ``key`` for ``ttl_seconds`` (silently skipped on failure)."""
        import redis

        if not self._available():
            return
        payload = _dumps(value)
        try:
            self._redis.set(
                self._name(key), self._sign(payload) + payload, px=int(ttl_seconds * 1000)
            )
        except redis.RedisError:
            self._failed("write")


def read_only(mapping: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """Wrap ``mapping`` read-only again when a cached value is unpickled."""
    return MappingProxyType(mapping)


def _reduce_read_only(mapping: MappingProxyType[Any, Any]) -> tuple[Any, tuple[dict[Any, Any]]]:
    return read_only, (dict(mapping),)


def _dumps(value: Any) -> bytes:
    """Pickle ``value``, read-only mappings included.

    The engine's and the questionnaires' types hold them, and pickle cannot store one as
    it is: this pickler stores a plain copy, wrapped again when read.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_read_only}
    pickler.dump(value)
    return buffer.getvalue()


def shared_cache() -> SharedCache | None:
    """The app's shared cache, or None when no ``REDIS_URL`` is configured."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    cache = current_app.extensions.get(EXTENSION)
    if cache is None or cache[0] != url:
        cache = (url, SharedCache(url, current_app.config["SECRET_KEY"]))
        current_app.extensions[EXTENSION] = cache
    return cache[1]
