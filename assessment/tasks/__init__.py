"""The task queue: Huey, with the feature tasks registered by name.

Features declare their tasks with ``@task`` and their scheduled work with
``@periodic``; the app factory imports those modules and calls ``init_app``, which
binds every declared function to the app's Huey instance:

- ``SqliteHuey`` by default: a file in the instance folder, so one machine runs the
  web and a worker (``make run``) with nothing else installed;
- ``RedisHuey`` when ``REDIS_URL`` is set: any number of workers on any number of hosts;
- ``MemoryHuey`` in immediate mode (``TASK_QUEUE=immediate``), only where a test asks:
  each task runs inside the call that enqueued it.

Reliability does not rest on the queue. The database records what must exist (a report
job, an e-mail in the outbox); a task claims its row with a lease (``leases.py``)
and does nothing when the row is done or held by another worker, so a task delivered
twice costs one look-up. Each feature's "process what is due" pass (``@due``) runs at a
worker's start and every minute, and enqueues again whatever was queued but never
enqueued (broker down), or left behind by a worker killed with ``kill -9``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey import signals as huey_signals
from sqlalchemy.exc import InterfaceError, OperationalError

log = logging.getLogger(__name__)

IMMEDIATE = "immediate"
SQLITE = "sqlite"
REDIS = "redis"


@dataclass(frozen=True)
class TaskSpec:
    """A feature's task: its function, retries for unexpected errors, and its hand-back."""

    name: str
    function: Callable[..., Any]
    retries: int = 3
    retry_delay: float = 10.0
    # Called with the task's arguments when a stopping worker interrupts it (SIGTERM):
    # it gives the claimed row back so that another worker takes it at once.
    hand_back: Callable[..., Any] | None = None


@dataclass(frozen=True)
class PeriodicSpec:
    name: str
    function: Callable[[], Any]
    when: dict[str, str] = field(default_factory=dict)


_TASKS: dict[str, TaskSpec] = {}
_PERIODIC: dict[str, PeriodicSpec] = {}
_DUE: dict[str, Callable[[], int]] = {}


def task(
    name: str,
    *,
    retries: int = 3,
    retry_delay: float = 10.0,
    hand_back: Callable[..., Any] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare ``name`` as a task running the decorated function in an app context."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        _TASKS[name] = TaskSpec(name, function, retries, retry_delay, hand_back)
        return function

    return register


def periodic(name: str, **when: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Declare scheduled work: ``when`` are Huey ``crontab`` fields (minute, hour, ...)."""

    def register(function: Callable[[], Any]) -> Callable[[], Any]:
        _PERIODIC[name] = PeriodicSpec(name, function, when)
        return function

    return register


def due(name: str) -> Callable[[Callable[[], int]], Callable[[], int]]:
    """Declare a "process what is due" pass: it enqueues stuck work and returns how much.

    Every such pass runs when a worker starts and then every minute.
    """

    def register(function: Callable[[], int]) -> Callable[[], int]:
        _DUE[name] = function
        return function

    return register


class Queue:
    """The app's Huey instance and its task wrappers, by task name.

    Huey is built on first use, not in the app factory: its SQLite storage creates its
    file and tables when built, and the factory does no I/O.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wrappers: dict[str, Any] = {}
        # Huey names a task class after the module of its function: look specs up by class.
        self._specs: dict[type, TaskSpec] = {}
        self._huey: Huey | None = None
        self._lock = threading.Lock()

    @property
    def huey(self) -> Huey:
        """The Huey instance, with every declared task bound to it."""
        if self._huey is None:
            with self._lock:
                if self._huey is None:
                    self._huey = self._bind(_build(self.app))
        return self._huey

    def _bind(self, huey: Huey) -> Huey:
        for spec in _TASKS.values():
            wrapper = huey.task(name=spec.name, retries=spec.retries, retry_delay=spec.retry_delay)(
                self._in_app_context(spec.function)
            )
            self.wrappers[spec.name] = wrapper
            self._specs[wrapper.task_class] = spec
        for periodic_spec in _PERIODIC.values():
            huey.periodic_task(crontab(**periodic_spec.when), name=periodic_spec.name)(
                self._in_app_context(periodic_spec.function)
            )
        huey.periodic_task(crontab(minute="*"), name="tasks.process-due")(
            self._in_app_context(process_due)
        )
        huey.signal(huey_signals.SIGNAL_INTERRUPTED)(self._hand_back)
        return huey

    def _in_app_context(self, function: Callable[..., Any]) -> Callable[..., Any]:
        app = self.app

        def run(*args: Any) -> Any:
            # A new app context each time: a task never shares the session of the
            # request that enqueued it (immediate mode) or of the task before it.
            with app.app_context():
                return function(*args)

        run.__name__ = function.__name__
        return run

    def _hand_back(self, _signal: str, interrupted: Any) -> None:
        spec = self._specs.get(type(interrupted))
        if spec is None or spec.hand_back is None:
            return
        log.warning("worker stopping: handing back %s%s", spec.name, tuple(interrupted.args))
        with self.app.app_context():
            spec.hand_back(*interrupted.args)

    def enqueue(self, name: str, *args: Any, delay: float | None = None) -> bool:
        """Put a task on the queue; False (and a warning) when the broker cannot be reached.

        A task that could not be enqueued is not lost: its row stays due in the
        database, and the next "process what is due" pass enqueues it.
        """
        self.huey  # noqa: B018 - binds the declared tasks on first use
        wrapper = self.wrappers[name]  # an unknown name is a bug: let it raise
        try:
            if delay:
                wrapper.schedule(args=args, delay=delay)
            else:
                wrapper(*args)
        except Exception:  # broker unreachable: the due pass will enqueue it later
            log.warning("could not enqueue %s%s; it waits for the next due pass", name, args,
                        exc_info=True)  # fmt: skip
            return False
        return True

    def run_queued(self, limit: int = 1000) -> int:
        """Run the tasks queued now in this process (tests, ``worker --burst``); how many.

        Scheduled tasks (retries, delays) due now are queued first; those that fall due
        while this runs wait for the next call, as they would for a worker's scheduler.
        """
        for scheduled in self.huey.read_schedule():
            self.huey.enqueue(scheduled)
        ran = 0
        while ran < limit and (message := self.huey.dequeue()) is not None:
            if not self.huey.ready_to_run(message):  # a delayed task: to the schedule
                self.huey.add_schedule(message)
                continue
            self.huey.execute(message)
            ran += 1
        return ran


def _build(app: Flask) -> Huey:
    config = app.config
    kind = config.get("TASK_QUEUE") or (REDIS if config.get("REDIS_URL") else SQLITE)
    name = config.get("TASK_QUEUE_NAME", "assessment")
    if kind == IMMEDIATE:
        return MemoryHuey(name, immediate=True, results=False)
    if kind == REDIS:
        if not config.get("REDIS_URL"):
            raise RuntimeError("TASK_QUEUE=redis needs REDIS_URL")
        from redis import ConnectionPool

        # Short timeouts: a request that enqueues must not hang on a broker that went
        # away (it fails fast, and the due pass enqueues the work later).
        pool = ConnectionPool.from_url(
            config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=10
        )
        return RedisHuey(name, connection_pool=pool, results=False)
    if kind != SQLITE:
        raise RuntimeError(f"TASK_QUEUE={kind!r}: use sqlite, redis or immediate")
    path = Path(config.get("TASK_QUEUE_PATH") or Path(app.instance_path) / "tasks.sqlite3")
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=str(path), results=False, timeout=10)


def init_app(app: Flask) -> None:
    """Bind every declared task to this app's queue (no connection is opened here)."""
    app.extensions["tasks"] = Queue(app)


def queue() -> Queue:
    """The queue of the current app."""
    return current_app.extensions["tasks"]  # type: ignore[no-any-return]


def enqueue(name: str, *args: Any, delay: float | None = None) -> bool:
    """Enqueue task ``name`` on the current app's queue (see ``Queue.enqueue``)."""
    return queue().enqueue(name, *args, delay=delay)


# Named here, below every feature, so that the features whose changes alter a round's
# reports (closing it, its consent) can ask for them without importing reports.
PRERENDER_REPORTS = "reports.prerender"


def prerender_reports(round_id: int) -> bool:
    """Ask the report feature to pre-render a round's documents (after the commit)."""
    return enqueue(PRERENDER_REPORTS, round_id)


def process_due() -> int:
    """Run every feature's "process what is due" pass; return how much they enqueued."""
    enqueued = 0
    for name, function in _DUE.items():
        try:
            enqueued += function()
        except (OperationalError, InterfaceError) as error:
            # The database is away: one line, not a traceback a minute per feature; the
            # next pass (a minute later) does the work.
            reason = str(error.orig or error).strip().splitlines()[0]
            log.warning("due pass %s: database not reachable (%s)", name, reason)
        except Exception:  # one feature's failure must not hold up the others
            log.exception("due pass %s failed", name)
    return enqueued


def broker_problem() -> str:
    """Why the queue's broker cannot be reached, or "" when it answers."""
    try:
        queue().huey.pending_count()
    except Exception as error:  # any failure of the broker's client
        return f"{type(error).__name__}: {error}"
    return ""
