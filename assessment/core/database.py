"""Engine settings (safe writers on SQLite, cheap checks on PostgreSQL) and one-row reads.

Measured (docs/performance.md): WAL + busy_timeout + BEGIN IMMEDIATE gave no lost update
across four processes, where SQLAlchemy's implicit BEGIN lost most of them.
"""

from __future__ import annotations

import select
from collections.abc import Mapping
from typing import Any

from flask import Flask
from sqlalchemy import Executable, Row, event, exc
from sqlalchemy.engine import Engine

from assessment.core.extensions import db


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # Take the write lock at the start, so two writers queue instead of failing.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def has_unread_input(dbapi_connection: Any) -> bool:
    """Tell whether the server sent something to a connection nobody is using.

    An idle PostgreSQL connection receives nothing, except when the server ends it
    (restart, fail-over, a terminated backend): it then sends an error and closes the
    socket, which becomes readable. Checking that costs one system call.
    """
    if dbapi_connection.closed:
        return True
    # poll, not select: a busy worker may hold descriptors above select's limit of 1024.
    poller = select.poll()
    poller.register(dbapi_connection.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))


def _configure_postgresql(engine: Engine) -> None:
    # Instead of pool_pre_ping, which sends a query on every check-out: a pooled
    # connection is pinged only when its socket says the server spoke or hung up.
    # A failed ping replaces every connection of the pool opened before it, as
    # pool_pre_ping does, so after a restart the app reconnects by itself.
    dialect = engine.dialect

    @event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if not has_unread_input(dbapi_connection):
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            raise exc.InvalidatePoolError(f"connection lost while pooled: {error}") from error


def read_first_row(statement: Executable, parameters: Mapping[str, Any]) -> Row[Any] | None:
    """The first row of one read-only statement, or None.

    On PostgreSQL the statement runs on a pooled connection in autocommit mode
    (SQLAlchemy's ``isolation_level="AUTOCOMMIT"`` execution option): one statement
    sees one consistent snapshot, and the request's session would add a ``BEGIN`` and a
    ``ROLLBACK``, two more round trips to the server, on the busiest page. SQLite runs it
    in the request's session as any query: a second connection would wait for the
    session's write lock (``BEGIN IMMEDIATE``).
    """
    engine = db.engine
    if engine.dialect.name != "postgresql":
        return db.session.execute(statement, parameters).first()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        return connection.execute(statement, parameters).first()


def init_app(app: Flask) -> None:
    """Apply the settings that suit the app's database."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine)
        elif engine.dialect.name == "postgresql":
            _configure_postgresql(engine)
