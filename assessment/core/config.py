"""Configuration: defaults, then environment variables, then test overrides.

Nothing here touches the network. The only file I/O is the development secret key,
generated once and kept in the instance folder so sessions survive restarts, and the
declaration of the languages (languages.yaml in the questionnaire definitions).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from questionnaires import load_languages


class ConfigurationError(RuntimeError):
    """Raised when the platform cannot start safely with the configuration it was given."""


DEFAULTS: dict[str, Any] = {
    "ENVIRONMENT": "development",
    # No pool_pre_ping: PostgreSQL connections are checked without a query when they
    # leave the pool (assessment/core/database.py).
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # Flask keeps a session for 31 days by default; a shared office computer needs less.
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
    # Send the cookie again only when the session changed (core/sessions.py rewrites the
    # time of last activity every half minute of use, which keeps its expiry fresh).
    "SESSION_REFRESH_EACH_REQUEST": False,
    # Flask accepts request bodies of any size by default.
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
    "BABEL_DEFAULT_TIMEZONE": "UTC",
    # Flask-Babel's setting: catalogues <dir>/<lang>/LC_MESSAGES/messages.mo, several
    # folders separated by ";", relative ones from the assessment package.
    "BABEL_TRANSLATION_DIRECTORIES": "translations",
    # The questionnaire definitions: a folder of <id>/<version>.yaml next to the
    # languages.yaml that declares the languages offered; empty means the bundled ones.
    # LANGUAGES and BABEL_DEFAULT_LOCALE (its first language) are derived from it.
    "QUESTIONNAIRE_DEFINITIONS": "",
    "MIN_GROUP_SIZE": 3,
    # Minutes without activity before a respondent's or user's session lapses; the
    # page warns two minutes before and lets the person extend.
    "SESSION_IDLE_MINUTES": 30,
    "MAIL_SERVER": "",
    "MAIL_PORT": 587,
    "MAIL_USE_TLS": True,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_SENDER": "no-reply@localhost",
    # Production without a mail server keeps messages in the outbox only when told so.
    "MAIL_OUTBOX_IN_PRODUCTION": False,
    # The public host name external links (e-mails) are built from; required in
    # production, where a request's Host header must never choose where links point.
    "SERVER_NAME": None,
    "PREFERRED_URL_SCHEME": None,  # https in production, http in development
    "COMMENT_MAX_LENGTH": 1200,
    # Hours after signing in when a session ends however active it is.
    "SESSION_ABSOLUTE_HOURS": 12,
    "REDIS_URL": "",
    "RATELIMIT_ENABLED": True,
    "SIGN_IN_RATE_LIMIT": "10 per minute",
    "LINK_RATE_LIMIT": "30 per minute",
    "API_RATE_LIMIT": "120 per minute",
    # "Forgot your password": per address asked about, and per client asking.
    "PASSWORD_RESET_ADDRESS_LIMIT": "3 per hour",
    "PASSWORD_RESET_CLIENT_LIMIT": "20 per hour",
    # Roles that must pass a second step (authenticator app) to sign in: they see
    # many governments' data or run the platform (accounts/two_factor.py).
    "MFA_REQUIRED_ROLES": ("admin", "analyst", "national_coordinator"),
    # How many reverse proxies in front set X-Forwarded-*; 0 trusts none of them.
    "PROXY_FIX_HOPS": 0,
    # The task queue (assessment/tasks): "" chooses Redis when REDIS_URL is set, else the
    # SQLite file TASK_QUEUE_PATH (instance/tasks.sqlite3); "immediate" runs each task
    # where it is enqueued (tests only).
    "TASK_QUEUE": "",
    "TASK_QUEUE_PATH": "",
    # A claimed report or e-mail is held this long without a heartbeat; a worker killed
    # with kill -9 leaves its task to another worker within it, plus the due pass's minute.
    "TASK_LEASE_SECONDS": 60,
    # Work waiting this long with no task on it is enqueued again by the due pass.
    "TASK_REQUEUE_SECONDS": 120,
    # SIGTERM: how long the current task may finish before it is handed back.
    "WORKER_SHUTDOWN_SECONDS": 20,
    # Workers run at this CPU niceness, below the web tier. Their autogroup competes with
    # the web's as a whole: at 10 it still takes about a sixth of a busy machine per
    # worker, at 19 about one hundredth (docs/performance.md).
    "WORKER_NICE": 19,
    # Longest pause between two looks at an empty queue (and between two attempts to
    # reach a broker that does not answer).
    "WORKER_MAX_POLL_SECONDS": 2.0,
    # How often delayed tasks (retries) are looked for: a divisor of 60.
    "WORKER_SCHEDULER_SECONDS": 5,
    # Mail delivery: first retry after MAIL_RETRY_SECONDS, doubling up to the maximum.
    "MAIL_RETRY_SECONDS": 30,
    "MAIL_RETRY_MAX_SECONDS": 3600,
    "MAIL_MAX_ATTEMPTS": 12,
    "MAIL_TIMEOUT_SECONDS": 10,
    # Generated files: "" keeps them in the database; s3://bucket/prefix in object storage.
    "STORAGE_URL": "",
    "REPORT_RETENTION_DAYS": 30,
    # A round's results export (CSV, XLSX, JSON) is prepared on the queue, with a status
    # page, once more people than this have submitted: its time grows with the answers
    # scored; below it, the file is answered in the request.
    "EXPORT_QUEUE_ABOVE_RESPONSES": 200,
    # Automatic reminder to those who have not submitted, this many days before closing.
    "REMINDER_DAYS_BEFORE_CLOSE": 3,
    # Test-only: benchmark protections to switch off, to show what each one stops
    # (assessment/benchmarks/disclosure.py). Never read from the environment; refused
    # in production.
    "BENCHMARK_PROTECTIONS_OFF": (),
}

# Environment variables read at start-up, with the type each is converted to.
ENVIRONMENT_VARIABLES: dict[str, type] = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "ENVIRONMENT": str,
    "SESSION_COOKIE_SECURE": bool,
    "MIN_GROUP_SIZE": int,
    "QUESTIONNAIRE_DEFINITIONS": str,
    "BABEL_TRANSLATION_DIRECTORIES": str,
    "SESSION_IDLE_MINUTES": int,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USE_TLS": bool,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_SENDER": str,
    "MAIL_OUTBOX_IN_PRODUCTION": bool,
    "SERVER_NAME": str,
    "PREFERRED_URL_SCHEME": str,
    "REDIS_URL": str,
    "RATELIMIT_ENABLED": bool,
    "SIGN_IN_RATE_LIMIT": str,
    "LINK_RATE_LIMIT": str,
    "API_RATE_LIMIT": str,
    "PASSWORD_RESET_ADDRESS_LIMIT": str,
    "PASSWORD_RESET_CLIENT_LIMIT": str,
    "PROXY_FIX_HOPS": int,
    "TASK_QUEUE": str,
    "TASK_QUEUE_PATH": str,
    "TASK_LEASE_SECONDS": int,
    "TASK_REQUEUE_SECONDS": int,
    "WORKER_SHUTDOWN_SECONDS": int,
    "WORKER_NICE": int,
    "WORKER_MAX_POLL_SECONDS": float,
    "WORKER_SCHEDULER_SECONDS": int,
    "MAIL_RETRY_SECONDS": float,
    "MAIL_RETRY_MAX_SECONDS": float,
    "MAIL_MAX_ATTEMPTS": int,
    "MAIL_TIMEOUT_SECONDS": float,
    "STORAGE_URL": str,
    "REPORT_RETENTION_DAYS": int,
    "EXPORT_QUEUE_ABOVE_RESPONSES": int,
    "REMINDER_DAYS_BEFORE_CLOSE": int,
}


def _convert(raw: str, kind: type) -> Any:
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    return kind(raw)


def from_environment(environ: dict[str, str] | os._Environ[str]) -> dict[str, Any]:
    """Return the settings present in ``environ``, converted to their types."""
    return {
        name: _convert(environ[name], kind)
        for name, kind in ENVIRONMENT_VARIABLES.items()
        if environ.get(name)
    }


def sqlite_url(instance_path: str) -> str:
    """Return the URL of the embedded SQLite database kept in the instance folder."""
    return "sqlite:///" + str(Path(instance_path) / "assessment.sqlite3")


def normalise_database_url(url: str) -> str:
    """Make a PostgreSQL URL use the psycopg 3 driver that the platform installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def development_secret_key(instance_path: str) -> str:
    """Return the development secret key, creating it once in the instance folder."""
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def production_problems(config: dict[str, Any]) -> list[str]:
    """What makes ``config`` unsafe for production, one sentence each (empty when safe)."""
    problems = []
    if not config.get("SECRET_KEY"):
        problems.append(
            "SECRET_KEY is not set: set the SECRET_KEY environment variable to a long random value."
        )
    if not config.get("SERVER_NAME"):
        problems.append(
            "SERVER_NAME is not set: links in e-mails would point wherever a request's Host"
            " header says. Set SERVER_NAME to the public host name (and PREFERRED_URL_SCHEME)."
        )
    if not config.get("MAIL_SERVER") and not config.get("MAIL_OUTBOX_IN_PRODUCTION"):
        problems.append(
            "MAIL_SERVER is not set: invitations would never leave the platform. Set"
            " MAIL_SERVER, or MAIL_OUTBOX_IN_PRODUCTION=true to keep them in the outbox"
            " (where coordinators see masked links only)."
        )
    required = set(config.get("MFA_REQUIRED_ROLES") or ())
    if not {"admin", "analyst", "national_coordinator"} <= required:
        problems.append(
            "MFA_REQUIRED_ROLES must include admin, analyst and national_coordinator: those"
            " accounts see many governments' data."
        )
    if config.get("BENCHMARK_PROTECTIONS_OFF"):
        problems.append(
            "BENCHMARK_PROTECTIONS_OFF is set: it switches off benchmark disclosure"
            " protections and exists for tests only. Remove it."
        )
    return problems


def finalise(config: dict[str, Any], instance_path: str) -> None:
    """Fill the derived settings and refuse to start production with an unsafe configuration."""
    if config["ENVIRONMENT"] == "production":
        problems = production_problems(config)
        if problems:
            raise ConfigurationError(
                "Refusing to start in production:\n" + "\n".join(f"- {p}" for p in problems)
            )
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True
    url = config.get("DATABASE_URL") or sqlite_url(instance_path)
    config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
    if config["ENVIRONMENT"] != "production" and not config.get("SECRET_KEY"):
        if config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
            # A shared database means several hosts may serve it; each would generate
            # a key of its own, and sessions and links would break across them.
            raise ConfigurationError(
                "SECRET_KEY is not set, and a generated key is kept by one host only: with a"
                " PostgreSQL database (DATABASE_URL) set SECRET_KEY to the same long random"
                " value on every web server and worker."
            )
        config["SECRET_KEY"] = development_secret_key(instance_path)
    if not config.get("PREFERRED_URL_SCHEME"):
        production = config["ENVIRONMENT"] == "production"
        config["PREFERRED_URL_SCHEME"] = "https" if production else "http"
    config["LANGUAGES"] = offered_languages(config)
    config["BABEL_DEFAULT_LOCALE"] = config["LANGUAGES"][0]


def offered_languages(config: dict[str, Any]) -> tuple[str, ...]:
    """The languages the app offers, default first: those its definitions declare.

    An installation may offer fewer, by setting LANGUAGES to some of them (never one the
    questionnaires have no text in).
    """
    declared = load_languages(config.get("QUESTIONNAIRE_DEFINITIONS") or None)
    offered = tuple(config.get("LANGUAGES") or declared)
    undeclared = [code for code in offered if code not in declared]
    if undeclared:
        raise ConfigurationError(
            f"LANGUAGES names {', '.join(undeclared)}, which the questionnaire definitions "
            f"do not declare (they declare {', '.join(declared)}): every language offered "
            "needs the questionnaires' texts in it."
        )
    return offered
