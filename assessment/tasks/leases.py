"""Leases: a task claims its row in one atomic UPDATE, and keeps it while it works.

A claim sets ``lease_owner`` and ``lease_until`` only where the row is free (or its
lease has run out, as when the worker holding it was killed with ``kill -9``), so of
two workers given the same task one does the work and the other does nothing. While
the work lasts, a heartbeat pushes ``lease_until`` on, so a lease can be short and an
abandoned row is taken over soon after its worker died: within ``TASK_LEASE_SECONDS``
plus the minute of the next "process what is due" pass (docs/deployment.md).

Every write that ends a task names the owner (``WHERE lease_owner = :me``): a worker
that lost its lease (stopped for too long) cannot overwrite the one that took over.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from flask import Flask, current_app
from sqlalchemy import ColumnElement, or_

from assessment.core.extensions import db
from assessment.core.types import utcnow

log = logging.getLogger(__name__)


def new_owner() -> str:
    """A name for one claim: host, process and a random part (logs show who held it)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def lease_seconds() -> float:
    return float(current_app.config["TASK_LEASE_SECONDS"])


def free(model: Any) -> ColumnElement[bool]:
    """The rows of ``model`` that nobody holds: never leased, or whose lease ran out."""
    return or_(model.lease_until.is_(None), model.lease_until < utcnow())


def claim(model: Any, row_id: int, *conditions: Any, **values: Any) -> str | None:
    """Take row ``row_id`` of ``model`` if it is free and meets ``conditions``.

    Sets ``values`` too, in the same UPDATE. Returns the owner name to end the lease
    with, or None when another worker holds the row or it is not due.
    """
    owner = new_owner()
    until = utcnow() + timedelta(seconds=lease_seconds())
    claimed = db.session.execute(
        db.update(model)
        .where(model.id == row_id, free(model), *conditions)
        .values(lease_owner=owner, lease_until=until, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return owner if claimed == 1 else None


def settle(model: Any, row_id: int, owner: str, **values: Any) -> bool:
    """End the lease of ``owner`` on the row, setting ``values``; False if it was lost."""
    done = db.session.execute(
        db.update(model)
        .where(model.id == row_id, model.lease_owner == owner)
        .values(lease_owner=None, lease_until=None, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if done != 1:
        log.warning("%s %s: lease of %s was lost before the end", model.__tablename__, row_id,
                    owner)  # fmt: skip
    return done == 1


def _extend(model: Any, row_id: int, owner: str, seconds: float) -> bool:
    extended = db.session.execute(
        db.update(model)
        .where(model.id == row_id, model.lease_owner == owner)
        .values(lease_until=utcnow() + timedelta(seconds=seconds))
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return extended == 1


@contextmanager
def kept(model: Any, row_id: int, owner: str) -> Iterator[None]:
    """Keep the lease alive while the block runs: a heartbeat every third of the lease."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    seconds = lease_seconds()
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(seconds / 3):
            try:
                with app.app_context():
                    if not _extend(model, row_id, owner, seconds):
                        return  # handed back or taken over: nothing left to keep
            except Exception:  # database briefly away: the next beat tries again
                log.warning("could not extend the lease of %s", owner, exc_info=True)

    heart = threading.Thread(target=beat, name=f"lease-{owner}", daemon=True)
    heart.start()
    try:
        yield
    finally:
        stop.set()
        heart.join(timeout=5)
