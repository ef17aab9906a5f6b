"""A small in-process cache of benchmark records and canonical tables, keyed by data state.

Reading twenty thousand records and passing them through the engine takes seconds,
while the data behind them changes rarely (a round closes, a snapshot is refreshed,
consent changes). Every entry is keyed by a digest of that data (``data_state``), read
with one cheap aggregate query on each use, so a change, a consent withdrawal above all,
is seen by the very next request. Organisation details (country, level, sector, size)
are not in the digest: an entry lives at most ``TTL_SECONDS``, after which such an
edit shows too. Each worker process has its own cache; tables (small, and the same for
everyone) are also shared between processes through Redis when it is configured
(``assessment.core.cache``). Record rows (large) stay in the process.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import case, func, select

from assessment.accounts.organisations import Organisation
from assessment.benchmarks.records import counted_rounds
from assessment.core.cache import shared_cache
from assessment.core.extensions import db
from assessment.survey.models import CONSENT_NAMED, AssessmentRound
from assessment.survey.scores import ScoreSnapshot

T = TypeVar("T")
TTL_SECONDS = 60.0
MAX_TABLES = 64
MAX_ROW_SETS = 4  # each may hold tens of thousands of records


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


_rows = _Store(MAX_ROW_SETS)
_tables = _Store(MAX_TABLES)


def clear() -> None:
    """Forget everything (tests and benchmarks measuring a cold start use it)."""
    _rows.clear()
    _tables.clear()


def data_state(questionnaire_id: str, moment: datetime | None = None) -> str:
    """A digest of the consented, closed snapshots of one instrument as they stand now.

    Changes when a snapshot is added, refreshed or removed, when a round closes or
    reopens, when an organisation asks to be erased, and when consent changes (named
    consent is counted apart, since pages show named agencies). Sums of floating-point
    scores are compared as the database returns them: the same data, the same digest.
    """
    named = case((AssessmentRound.consent == CONSENT_NAMED, ScoreSnapshot.id), else_=0)
    # Only columns stored before the snapshot's (large) result document are read, so the
    # database never walks through it; ids plus scores and respondent counts catch a
    # snapshot refreshed in place even where an id is reused.
    row = db.session.execute(
        select(
            func.count(ScoreSnapshot.id),
            func.coalesce(func.sum(ScoreSnapshot.id), 0),
            func.coalesce(func.max(ScoreSnapshot.id), 0),
            func.coalesce(func.sum(named), 0),
            func.coalesce(func.sum(ScoreSnapshot.overall_score), 0),
            func.coalesce(func.sum(ScoreSnapshot.respondent_count * ScoreSnapshot.id), 0),
        )
        .join(AssessmentRound, AssessmentRound.id == ScoreSnapshot.round_id)
        .join(Organisation, Organisation.id == AssessmentRound.organisation_id)
        .where(ScoreSnapshot.questionnaire_id == questionnaire_id, counted_rounds(moment))  # type: ignore[arg-type]
    ).one()
    return hashlib.sha256(repr(tuple(row)).encode()).hexdigest()[:20]


def rows(key: Hashable, compute: Callable[[], T]) -> T:
    """The cached record rows under ``key`` (which must include a data state), or compute."""
    return _cached(_rows, key, compute)


def table(key: Hashable, compute: Callable[[], T]) -> T:
    """The cached canonical table under ``key`` (which must include a data state).

    Looked up in this process, then in the shared cache, then computed and kept in both.
    """

    def shared_or_computed() -> T:
        shared = shared_cache()
        if shared is None:
            return compute()
        name = "benchmark-table|" + repr(key)
        found = shared.get(name)
        if found is not None:
            return found  # type: ignore[no-any-return]
        value = compute()
        shared.put(name, value, TTL_SECONDS)
        return value

    return _cached(_tables, key, shared_or_computed)


def _cached(store: _Store, key: Hashable, compute: Callable[[], T]) -> T:
    found = store.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = compute()
    store.put(key, value)
    return value
