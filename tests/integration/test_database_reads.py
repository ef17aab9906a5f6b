"""One-row reads give what SQLAlchemy gives, fail as SQLAlchemy fails, and leave no trace."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC

import pytest
import sqlalchemy as sa
from flask import Flask

from assessment.core import database
from assessment.core.database_reads import read_row
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.survey import links as tokens
from assessment.survey import visits as question_visits
from tests.fixtures import journeys
from tests.fixtures.transactions import QUESTION_PAGE_READ
from tests.integration.test_database_connections import BACKEND_PID, end_on_the_server

pytestmark = QUESTION_PAGE_READ

SECTION = "leadership-mindsets"

NOT_AN_INTEGER = sa.select(sa.cast(sa.bindparam("value", type_=sa.String), sa.Integer))


@pytest.fixture()
def visit_parameters(app: Flask) -> dict[str, str]:
    """Parameters of the question page's read, for one staff member's first question."""
    journeys.seed_demo(app, organisations=1)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, (SECTION,))
    journeys.invite(coordinator, round_path, ["ana@example.org"], "staff")
    token = journeys.links_by_email(coordinator)["ana@example.org"].split("/")[2]
    item_id = app.extensions["questionnaires"].get(SECTION).items_for_role("staff")[0].id
    return {"token_hash": tokens.token_hash(token), "questionnaire_id": SECTION, "item_id": item_id}


@pytest.fixture()
def request_context(app: Flask) -> Iterator[None]:
    with app.test_request_context():
        yield
        db.session.remove()


def test_a_read_gives_the_row_sqlalchemy_gives(
    app: Flask, visit_parameters: dict[str, str], request_context: None
) -> None:
    parameters = visit_parameters
    expected = db.session.execute(question_visits.STATEMENT, parameters).one()
    db.session.rollback()
    row = read_row(question_visits.STATEMENT, parameters)
    assert row is not None and tuple(row) == tuple(expected)
    opens_at = row[3]
    assert opens_at.tzinfo is not None and opens_at.utcoffset() == UTC.utcoffset(opens_at)
    unknown = {**parameters, "token_hash": tokens.token_hash("A" * 43)}
    assert read_row(question_visits.STATEMENT, unknown) is None


def test_a_read_leaves_its_connection_transactional_again(
    app: Flask, request_context: None
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("reads outside the session happen on PostgreSQL only")
    db.session.remove()
    db.engine.dispose()  # one pooled connection: the read's, then the session's
    read_row(BACKEND_PID, {})
    db.session.execute(sa.text("CREATE TEMPORARY TABLE scratch (n int)"))
    db.session.execute(sa.text("INSERT INTO scratch VALUES (1)"))
    db.session.rollback()  # undoes the insert and the table: nothing was autocommitted
    assert read_row(sa.select(sa.func.to_regclass("pg_temp.scratch")), {}) == (None,)
    assert read_row(sa.select(sa.func.to_regclass("pg_class")), {}) == ("pg_class",)


def test_a_failed_read_raises_sqlalchemys_error_and_the_next_read_works(
    app: Flask, request_context: None
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite reads go through the session; its CAST never fails")
    with pytest.raises(sa.exc.DataError):
        read_row(NOT_AN_INTEGER, {"value": "abc"})
    db.session.rollback()
    assert read_row(NOT_AN_INTEGER, {"value": "42"}) == (42,)


def test_a_connection_lost_during_a_read_is_dropped_and_replaced(
    app: Flask, request_context: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("connections are lost this way on PostgreSQL only")
    db.engine.dispose()
    old_pid = read_row(BACKEND_PID, {})[0]  # type: ignore[index]
    end_on_the_server(db.engine, old_pid)
    # As if the server went away after the check on leaving the pool.
    monkeypatch.setattr(database, "has_unread_input", lambda _connection: False)
    with pytest.raises(sa.exc.OperationalError) as lost:
        read_row(BACKEND_PID, {})
    assert lost.value.connection_invalidated
    new_pid = read_row(BACKEND_PID, {})[0]  # type: ignore[index]
    assert new_pid != old_pid
    assert utcnow()  # the request goes on
