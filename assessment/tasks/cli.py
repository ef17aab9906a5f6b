"""``flask --app assessment worker``: runs queued and scheduled tasks, on any host.

Start as many as the machines allow, on as many hosts as needed; each takes tasks
from the same queue (Redis when ``REDIS_URL`` is set, the SQLite file in the instance
folder otherwise, one host only). SIGTERM (what a service manager sends) lets the
current task finish for up to ``WORKER_SHUTDOWN_SECONDS``, then hands it back to the
queue; SIGINT (Ctrl+C) does the same.
"""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from assessment.core import key_fingerprint
from assessment.core.extensions import db
from assessment.tasks import priority, process_due, queue


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
    help="CPU priority below the web tier's (default: WORKER_NICE, 10).",
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
