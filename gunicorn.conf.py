"""Gunicorn settings for production, used by ``make serve``.

    gunicorn --config gunicorn.conf.py 'assessment:create_app()'

Every value can be overridden by an environment variable (``GUNICORN_BIND``,
``WEB_CONCURRENCY``, ...) or on the command line. Workers are stateless: sessions live
in signed cookies, answers in the database, rate limits in Redis when ``REDIS_URL`` is
set. See docs/deployment.md for the topology this assumes (a TLS reverse proxy that
buffers requests in front, PostgreSQL behind).
"""

from __future__ import annotations

import multiprocessing
import os
import sys


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def _refuse_unsafe_production_start() -> None:
    # The app itself refuses a missing SECRET_KEY; a missing DATABASE_URL would
    # silently fall back to the embedded SQLite file, which production must not do.
    if os.environ.get("ENVIRONMENT", "development") != "production":
        return
    missing = [name for name in ("DATABASE_URL", "SECRET_KEY") if not os.environ.get(name)]
    if missing:
        sys.exit(
            "Refusing to start in production: "
            + " and ".join(missing)
            + (" is" if len(missing) == 1 else " are")
            + " not set. Set DATABASE_URL to the PostgreSQL database and SECRET_KEY to a"
            " long random value (see docs/deployment.md)."
        )


_refuse_unsafe_production_start()

# Loopback by default: the reverse proxy is the only thing that should reach gunicorn.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Pages are CPU-bound (templates, forms) and wait little on a nearby database: one sync
# worker per core, plus one. Measured on two cores with PostgreSQL on the same machine
# (docs/performance.md), three workers served the 200-respondent survey about 10 %
# faster than five, which only added contention. With PostgreSQL on another machine,
# requests wait longer: try up to 2 x cores + 1 (bench/bench_load.py --workers N).
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1)
# Sync workers behind a buffering proxy: one request per worker at a time, and a slow
# client never holds a worker because the proxy reads the whole request first.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = _int("GUNICORN_THREADS", 1)
# A request stuck longer than this (a hung database) gets its worker replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then, so that slow memory growth never accumulates; but
# rarely, because a new worker costs about a second of CPU (imports, building the app).
# Recycled every 2,000 requests, that cost a third of the question page's throughput
# (docs/performance.md); every 50,000, it costs about 0.02 ms a request.
max_requests = _int("GUNICORN_MAX_REQUESTS", 50_000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 5_000)
# Each worker builds its own app and database pool: nothing opened before the fork is
# shared, and a killed worker is replaced by a fresh one.
preload_app = False
# Headers from the proxy are trusted by the app through ProxyFix (PROXY_FIX_HOPS).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "innovation-maturity"
# gunicorn 25+ opens a control socket in the home directory by default, where two
# instances on one machine would take each other's; opt in with a path of your own.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
# Worker heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108


def on_starting(server: object) -> None:
    """Refuse production with rate limits kept in each of several workers' memory.

    Each worker would count on its own, so a limit of ten would allow ten per worker.
    Checked here, where the number of workers is final (config file, environment or
    command line).
    """
    workers = server.cfg.workers  # type: ignore[attr-defined]
    limited = os.environ.get("RATELIMIT_ENABLED", "true").lower() not in {"0", "false", "no"}
    production = os.environ.get("ENVIRONMENT", "development") == "production"
    if production and limited and workers > 1 and not os.environ.get("REDIS_URL"):
        sys.exit(
            f"Refusing to start in production: {workers} workers would keep rate limits in"
            " memory, each counting on its own. Set REDIS_URL (docs/deployment.md), or"
            " run one worker (WEB_CONCURRENCY=1)."
        )
