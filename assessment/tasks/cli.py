"""``flask --app assessment worker``: runs queued and scheduled tasks, on any host.

Start as many as the machines allow, on as many hosts as needed; each takes tasks
from the same queue (Redis when ``REDIS_URL`` is set, the SQLite file in the instance
folder otherwise, one host only). SIGTERM (what a service manager sends) lets the
current task finish for up to ``WORKER_SHUTDOWN_SECONDS``, then hands it back to the
queue; SIGINT (Ctrl+C) does the same.
"""

from __future__ import annotations

import logging
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from assessment.core import key_fingerprint
from assessment.core.extensions import db
from assessment.tasks import priority, process_due, queue

log = logging.getLogger(__name__)

# The longest pause between two attempts to reach the database at start-up.
DATABASE_RETRY_MAX_SECONDS = 30.0


def wait_for_database(max_delay: float = DATABASE_RETRY_MAX_SECONDS) -> int:
    """Wait until the database answers; return how many attempts failed before.

    A worker started before its database (a reboot, a wrong port in its settings) waits
    with a doubling pause, up to ``max_delay``, and logs one line per attempt: the
    reason, never a traceback, so a misconfigured worker neither spins nor floods its log.
    """
    failed, delay = 0, 1.0
    while True:
        try:
            db.session.execute(db.text("SELECT 1"))
            db.session.rollback()
            if failed:
                log.warning("database reachable again after %d failed attempt(s)", failed)
            return failed
        except SQLAlchemyError as error:
            db.session.rollback()
            failed += 1
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            log.warning("database not reachable (attempt %d: %s); trying again in %.0f s",
                        failed, reason, delay)  # fmt: skip
            time.sleep(delay)
            delay = min(delay * 2, max_delay)


def configure_logging() -> None:
    """Log the worker's progress to stderr (journald or the service's log)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(process)d %(name)s %(message)s")
    # WeasyPrint reports every layout step at INFO; keep its warnings (refused URLs) only.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@click.command("worker")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Tasks run at once by this command (processes when more than one).",
)
@click.option(
    "--nice",
    type=click.IntRange(0, 19),
    default=None,
    help="CPU priority below the web tier's (default: WORKER_NICE, 19).",
)
@click.option(
    "--burst", is_flag=True, help="Run what is queued and due now, then stop (cron, tests)."
)
@with_appcontext
def worker(workers: int, nice: int | None, burst: bool) -> None:  # fmt: skip
    """Run queued tasks (reports, e-mail) and the scheduled work until stopped."""
    configure_logging()
    niceness = current_app.config["WORKER_NICE"] if nice is None else nice
    # Rendering a PDF takes whole seconds of CPU: the web tier on the same machine must
    # keep answering, so workers (and the Chromium they start) yield the processor to it.
    priority.lower_this_process(niceness)
    # The key check and the due pass below need the database: wait for it, quietly.
    wait_for_database()
    problem = key_fingerprint.check()
    if problem:  # a worker signing links with another key would mail links that fail
        raise click.ClickException(problem)
    tasks = queue()
    if tasks.huey.immediate:
        raise click.ClickException("TASK_QUEUE=immediate runs tasks where they are enqueued;"
                                   " there is nothing for a worker to do")  # fmt: skip
    # What a worker killed earlier left behind is taken over now, not in a minute.
    click.echo(f"{process_due()} waiting task(s) enqueued again.")
    if burst:
        click.echo(f"{tasks.run_queued()} task(s) run.")
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    @tasks.huey.on_startup(name="fresh-database-connections")
    def _fresh_connections() -> None:
        # A forked worker process must not share the parent's pooled connections.
        with app.app_context():
            db.engine.dispose(close=False)

    # The Chromium a task starts, and the processes of --workers N, run below the web
    # tier from their first second, not from the end of the task that started them.
    priority.keep_descendants_lowered(niceness)
    consumer = tasks.huey.create_consumer(
        workers=workers,
        worker_type="process" if workers > 1 else "thread",
        periodic=True,
        graceful_signal="TERM",
        shutdown_timeout=float(current_app.config["WORKER_SHUTDOWN_SECONDS"]),
        max_delay=float(current_app.config["WORKER_MAX_POLL_SECONDS"]),
        # Scheduled tasks (retries, delays) are looked for this often; an unreachable
        # broker then costs one logged error per interval, not several a second.
        scheduler_interval=int(current_app.config["WORKER_SCHEDULER_SECONDS"]),
    )
    click.echo(f"Worker started ({workers} at once, nice {niceness}); stop it with Ctrl+C.")
    consumer.run()


commands = [worker]
