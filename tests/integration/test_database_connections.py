"""Pooled PostgreSQL connections: checked without a query, replaced when the server ended them.

What pool_pre_ping did with a query on every check-out, the app now does by looking at
the socket: these tests end a pooled connection on the server, as a restart would.
"""

from __future__ import annotations

import select
import time
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from assessment.core.database import has_unread_input, read_first_row
from assessment.core.extensions import db

pytestmark = pytest.mark.committed(
    reason="ends and replaces pooled connections of the app's own engine",
    backends=("postgresql",),
)


@pytest.fixture()
def postgres(app: Flask) -> Iterator[sa.Engine]:
    """The app's engine, with a pool of one connection, on PostgreSQL only."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("pooled connections are checked this way on PostgreSQL only")
        db.session.remove()
        db.engine.dispose()
        yield db.engine
        db.session.remove()
        db.engine.dispose()


@pytest.fixture()
def pings(postgres: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every ping the pool sends, recorded."""
    sent: list[object] = []
    ping = postgres.dialect.do_ping

    def recorded(dbapi_connection: Any) -> bool:
        sent.append(dbapi_connection)
        return ping(dbapi_connection)

    monkeypatch.setattr(postgres.dialect, "do_ping", recorded)
    return sent


BACKEND_PID = sa.select(sa.func.pg_backend_pid())


def backend_pid() -> int:
    """The server process of the connection the session reads on, given back afterwards."""
    pid = int(db.session.execute(BACKEND_PID).scalar_one())
    db.session.rollback()  # the connection goes back to the pool, as at a request's end
    return pid


def end_on_the_server(postgres: sa.Engine, pid: int) -> None:
    """End one backend as a restart or an administrator would, and wait for the news."""
    admin = sa.create_engine(postgres.url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with admin.connect() as connection:
        connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()


def wait_until_readable(dbapi_connection: Any, seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if select.select([dbapi_connection.fileno()], [], [], 0.05)[0]:
            return
    raise AssertionError("the server's goodbye never arrived")


def test_a_healthy_pooled_connection_is_lent_without_a_ping(
    app: Flask, postgres: sa.Engine, pings: list[object]
) -> None:
    with app.test_request_context():
        first, second = backend_pid(), backend_pid()
    assert first == second  # the same pooled connection, reused
    assert pings == []


def test_a_connection_ended_while_pooled_is_replaced_without_an_error(
    app: Flask, postgres: sa.Engine, pings: list[object]
) -> None:
    with app.test_request_context():
        old_pid = backend_pid()
        with postgres.connect() as connection:
            dbapi_connection = connection.connection.dbapi_connection
        end_on_the_server(postgres, old_pid)
        wait_until_readable(dbapi_connection)
        assert has_unread_input(dbapi_connection)
        new_pid = backend_pid()  # no error: the request goes on on a new connection
        assert db.session.execute(sa.text("SELECT 1")).scalar_one() == 1
    assert new_pid != old_pid
    assert len(pings) == 1  # only the connection the server had spoken to


def test_an_idle_live_connection_has_nothing_to_read(app: Flask, postgres: sa.Engine) -> None:
    with app.test_request_context():
        with postgres.connect() as connection:
            dbapi_connection = connection.connection.dbapi_connection
            assert not has_unread_input(dbapi_connection)
        backend_pid()
        assert not has_unread_input(dbapi_connection)


def test_a_read_in_autocommit_mode_leaves_its_connection_transactional_again(
    app: Flask, postgres: sa.Engine
) -> None:
    with app.test_request_context():
        row = read_first_row(BACKEND_PID, {})
        assert row is not None
        db.session.execute(sa.text("CREATE TEMPORARY TABLE scratch (n int)"))
        db.session.execute(sa.text("INSERT INTO scratch VALUES (1)"))
        assert db.session.execute(BACKEND_PID).scalar_one() == row[0]  # the same connection
        db.session.rollback()
        # The rollback undid the table: nothing ran in autocommit mode but the read.
        assert read_first_row(sa.select(sa.func.to_regclass("pg_temp.scratch")), {}) == (None,)
        assert read_first_row(sa.select(sa.func.to_regclass("pg_class")), {}) == ("pg_class",)
