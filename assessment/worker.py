"""The report worker process: ``python -m assessment.worker``.

Started by the web app when a report is asked for and no worker is running (it stops
after ``--idle`` seconds without work), or run as a service through
``flask --app assessment report-worker``. Database and secrets come from the
environment, as for the web app.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from assessment.reports.jobs import configure_logging


def main(argv: list[str] | None = None) -> int:
    """Render queued report jobs until idle; return the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m assessment.worker")
    parser.add_argument("--reports-path", help="Folder of finished reports (instance/reports).")
    parser.add_argument(
        "--idle", type=float, default=60.0, help="Seconds without work before stopping."
    )
    args = parser.parse_args(argv)
    # Stopping the worker (SIGTERM) exits through atexit, which closes the chart browser.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    configure_logging()

    from pathlib import Path

    from assessment import create_app
    from assessment.reports.jobs import LOCK_FILE, acquire_lock, run_worker

    lock = None
    if args.reports_path:
        # Lock first, before building the app: the web starts a worker when it finds the
        # lock free, and should find it taken as soon as possible.
        lock = acquire_lock(Path(args.reports_path) / LOCK_FILE, patience=2.0)
        if lock is None:
            logging.getLogger(__name__).info("another report worker is running")
            return 0
    app = create_app({"REPORTS_PATH": args.reports_path} if args.reports_path else None)
    with app.app_context():
        rendered = run_worker(idle_seconds=args.idle, lock=lock)
    logging.getLogger(__name__).info("report worker stops after %d reports", rendered)
    return 0


if __name__ == "__main__":
    sys.exit(main())
