"""One-row reads for the busiest page: one round trip, and as little work around it.

The question page needs one row (see survey/visits.py), read on every
request of every respondent. Through SQLAlchemy's usual execution, that read cost
about twice the database work itself: a BEGIN and a ROLLBACK around it, a cache key
and an execution context per call, a result built from the cursor's description.

On PostgreSQL, a statement given here is compiled once, then run in autocommit mode
(one statement is one consistent snapshot) on a pooled connection's own cursor; its
columns still go through their types' result processing (UTC timestamps), and a
database error still surfaces as SQLAlchemy's exception (so the "briefly unavailable"
page answers it), invalidating the connection when the server is gone. Pooled
connections are checked as they leave the pool (core/database.py). SQLite runs the same
statement in the request's session, as any query: a second connection would wait for
the session's write lock (BEGIN IMMEDIATE).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exc
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.pool import PoolProxiedConnection

from assessment.core.extensions import db

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class CompiledRead:
    """A statement's SQL for one database, and how to read each column it returns."""

    sql: str
    processors: tuple[Processor, ...]
    # Values the statement itself holds (literals SQLAlchemy turned into parameters).
    defaults: Mapping[str, Any]

    def row(self, values: Sequence[Any]) -> tuple[Any, ...]:
        """Convert the driver's values as SQLAlchemy's column types would."""
        return tuple(
            value if process is None or value is None else process(value)
            for process, value in zip(self.processors, values, strict=True)
        )


def compile_read(statement: Select[Any], dialect: Dialect) -> CompiledRead:
    """Compile ``statement`` for ``dialect``; parameters go to the driver as they are."""
    compiled = statement.compile(dialect=dialect)
    processors = tuple(
        column.type.dialect_impl(dialect).result_processor(dialect, None)
        for column in statement.selected_columns
    )
    return CompiledRead(compiled.string, processors, dict(compiled.params))


# (id of the statement, database) -> (the statement, its compiled read). Statements are
# module-level constants; keeping each next to its entry keeps its id from being reused.
_COMPILED: dict[tuple[int, str], tuple[Select[Any], CompiledRead]] = {}


def _compiled(statement: Select[Any], dialect: Dialect) -> CompiledRead:
    key = (id(statement), dialect.name)
    found = _COMPILED.get(key)
    if found is None or found[0] is not statement:
        found = (statement, compile_read(statement, dialect))
        _COMPILED[key] = found
    return found[1]


def read_row(statement: Select[Any], parameters: Mapping[str, Any]) -> Sequence[Any] | None:
    """Return the first row of one read-only statement (None when there is none)."""
    engine: Engine = db.engine
    if engine.dialect.name != "postgresql":
        return db.session.execute(statement, parameters).first()
    return _read_in_autocommit(engine, _compiled(statement, engine.dialect), parameters)


def _read_in_autocommit(
    engine: Engine, query: CompiledRead, parameters: Mapping[str, Any]
) -> tuple[Any, ...] | None:
    dialect = engine.dialect
    try:
        connection = engine.raw_connection()
    except dialect.loaded_dbapi.Error as error:  # the database refuses connections
        lost = dialect.is_disconnect(error, None, None)
        raise _wrapped(dialect, None, None, error, lost=lost) from error
    cursor = None
    try:
        connection.driver_connection.autocommit = True  # type: ignore[union-attr]
        cursor = connection.cursor()
        cursor.execute(query.sql, {**query.defaults, **parameters})
        values = cursor.fetchone()
    except dialect.loaded_dbapi.Error as error:
        lost = dialect.is_disconnect(error, connection.dbapi_connection, cursor)
        if lost:
            connection.invalidate(error)
        raise _wrapped(dialect, query.sql, parameters, error, lost=lost) from error
    finally:
        if cursor is not None:
            cursor.close()
        _give_back(dialect, connection)
    return None if values is None else query.row(values)


def _give_back(dialect: Dialect, connection: PoolProxiedConnection) -> None:
    """Return the connection to the pool in its usual, transactional mode, or drop it."""
    try:
        if connection.is_valid:
            connection.driver_connection.autocommit = False  # type: ignore[union-attr]
    except dialect.loaded_dbapi.Error as error:
        connection.invalidate(error)
    connection.close()


def _wrapped(
    dialect: Dialect,
    sql: str | None,
    parameters: Mapping[str, Any] | None,
    error: Exception,
    *,
    lost: bool,
) -> exc.DBAPIError:
    # The exception SQLAlchemy itself would raise (OperationalError, ...) for the
    # driver's, so that error pages and logs treat both paths alike.
    return exc.DBAPIError.instance(
        sql,
        dict(parameters) if parameters is not None else None,
        error,
        dialect.loaded_dbapi.Error,
        connection_invalidated=lost,
        dialect=dialect,
    )
