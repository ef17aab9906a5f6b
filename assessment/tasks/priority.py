"""Workers yield the processor to the web tier, Chromium included.

``os.nice`` alone does not do it on Linux: with the scheduler's autogroups (the default
on Debian), processes of different sessions share the processor group by group, and
niceness only ranks processes within one group. The chart exporter's Chromium starts
a session of its own, so it competed with the web tier at full weight whatever the
worker's niceness (bench/bench_queue.py measured question pages at a third of their
idle rate while two workers rendered). So a worker takes a session of its own, lowers
its niceness and its autogroup's, and a watcher thread lowers those of every process it
started (its Chromium) the same way, within a second of its start: lowering them only
after each task left the browser at full weight for the whole of each worker's first
report, which is when a queue that just filled up is busiest. Under systemd,
``CPUWeight=`` on the worker's unit does the same through cgroups (docs/deployment.md).
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from pathlib import Path

log = logging.getLogger(__name__)


def _set_autogroup(pid: int, niceness: int) -> None:
    # Raising the niceness of one's own processes needs no privilege.
    autogroup = Path(f"/proc/{pid}/autogroup")
    with contextlib.suppress(OSError):
        # "/autogroup-123 nice 0": written only when it differs, as the watcher looks often.
        if autogroup.read_text().split()[-1] != str(niceness):
            autogroup.write_text(str(niceness))


def _threads(pid: int) -> list[int]:
    try:
        return [int(task.name) for task in Path(f"/proc/{pid}/task").iterdir()]
    except OSError:
        return []


def descendants(pid: int) -> list[int]:
    """Every process started by ``pid``, and by those, and so on."""
    found: list[int] = []
    pending = [pid]
    while pending:
        current = pending.pop()
        for thread in _threads(current):
            try:
                children = Path(f"/proc/{current}/task/{thread}/children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.append(child)
                    pending.append(child)
    return found


def lower_this_process(niceness: int) -> None:
    """Run this worker below the web tier: its own session, niceness and autogroup."""
    if not niceness:
        return
    with contextlib.suppress(OSError):  # already a session or group leader (systemd)
        os.setsid()
    os.nice(niceness)
    _set_autogroup(os.getpid(), niceness)


def lower_descendants(niceness: int) -> int:
    """Give every process this one started (Chromium) the same low priority; how many."""
    if not niceness:
        return 0
    lowered = 0
    for pid in descendants(os.getpid()):
        _set_autogroup(pid, niceness)
        for thread in _threads(pid):  # on Linux niceness belongs to each thread
            with contextlib.suppress(OSError):
                if os.getpriority(os.PRIO_PROCESS, thread) < niceness:
                    os.setpriority(os.PRIO_PROCESS, thread, niceness)
        lowered += 1
    return lowered


def keep_descendants_lowered(niceness: int, interval: float = 1.0) -> threading.Event | None:
    """Lower every process this one starts, within ``interval`` seconds; until the event is set.

    A thread of this process looks for new descendants: the forked workers of a worker
    with ``--workers N`` and the Chromium each starts. It returns the event that stops
    it, or None when there is nothing to lower (niceness 0).
    """
    if not niceness:
        return None
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(interval):
            try:
                lower_descendants(niceness)
            except Exception:  # /proc changing under the scan: the next pass sees it
                log.debug("could not lower the worker's processes", exc_info=True)

    threading.Thread(target=watch, name="lower-started-processes", daemon=True).start()
    return stop
