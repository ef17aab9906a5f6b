"""A small in-process cache of what is read from a published benchmark snapshot.

A snapshot never changes once stored, so what is built from it (a questionnaire's cube
decoded from JSON, quality statistics) is cached under keys that include the
snapshot's id: a refresh gives new keys, and old entries simply age out. Each worker
process has its own cache; entries are also shared between processes through Redis
when it is configured (``assessment.core.cache``).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from assessment.core.cache import shared_cache

T = TypeVar("T")
TTL_SECONDS = 600.0
MAX_TABLES = 64


class _Store:
    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            stored_at, value = found
            if time.monotonic() - stored_at > TTL_SECONDS:
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic(), value)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_tables = _Store(MAX_TABLES)


def clear() -> None:
    """Forget everything (tests and benchmarks measuring a cold start use it)."""
    _tables.clear()


def table(key: Hashable, compute: Callable[[], T]) -> T:
    """The cached value under ``key`` (which must name a snapshot), or compute it.

    Looked up in this process, then in the shared cache, then computed and kept in both.
    A value of None is not cached (there was nothing to read).
    """
    found = _tables.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    shared = shared_cache()
    name = "benchmark-table|" + repr(key)
    value = shared.get(name) if shared is not None else None
    if value is None:
        value = compute()
        if value is not None and shared is not None:
            shared.put(name, value, TTL_SECONDS)
    if value is not None:
        _tables.put(key, value)
    return value  # type: ignore[no-any-return]
