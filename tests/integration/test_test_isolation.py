"""The tests' own isolation: what a test commits is rolled back, on every backend.

These check tests/fixtures/transactions.py itself: if it stopped binding the app's
sessions to the test's transaction, every other test would leak data into the next.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from flask import Flask

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from tests.fixtures.transactions import rolled_back


def add_organisation(app: Flask, slug: str) -> None:
    """Commit one organisation the way app code does: its own app context and session."""
    with app.app_context():
        db.session.add(
            Organisation(slug=slug, name=slug, country="FR", government_level="national",
                         sector="health", size_band="1-49")
        )  # fmt: skip
        db.session.commit()


def slugs(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.execute(db.select(Organisation.slug).order_by("slug")).scalars())


def test_what_app_code_commits_is_seen_by_later_sessions_then_rolled_back(
    migrated_app: Flask,
) -> None:
    assert slugs(migrated_app) == []
    with rolled_back(migrated_app):
        add_organisation(migrated_app, "kept-while-the-block-lasts")
        assert slugs(migrated_app) == ["kept-while-the-block-lasts"]
    assert slugs(migrated_app) == []


def test_a_block_inside_another_rolls_back_to_where_it_began(migrated_app: Flask) -> None:
    with rolled_back(migrated_app):
        add_organisation(migrated_app, "outer")
        with rolled_back(migrated_app):
            add_organisation(migrated_app, "inner")
            assert slugs(migrated_app) == ["inner", "outer"]
        assert slugs(migrated_app) == ["outer"]
    assert slugs(migrated_app) == []


def test_a_rollback_in_app_code_returns_to_its_own_savepoint(migrated_app: Flask) -> None:
    with rolled_back(migrated_app):
        add_organisation(migrated_app, "committed")
        with migrated_app.app_context():
            db.session.add(Organisation(slug="undone", name="undone", country="FR",
                                        government_level="national", sector="health",
                                        size_band="1-49"))  # fmt: skip
            db.session.flush()
            db.session.rollback()
        assert slugs(migrated_app) == ["committed"]


def test_a_failed_statement_leaves_the_test_transaction_usable(migrated_app: Flask) -> None:
    # On PostgreSQL an error aborts the transaction; the session's savepoint recovers it.
    with rolled_back(migrated_app):
        add_organisation(migrated_app, "taken")
        with pytest.raises(sa.exc.IntegrityError):
            add_organisation(migrated_app, "taken")
        add_organisation(migrated_app, "after-the-error")
        assert slugs(migrated_app) == ["after-the-error", "taken"]


def test_a_second_connection_fails_the_test_and_names_the_marker(migrated_app: Flask) -> None:
    with pytest.raises(AssertionError, match="committed") as refused:
        with rolled_back(migrated_app):
            with migrated_app.app_context():
                connection = db.engine.connect()
                connection.close()  # not reached: the check-out itself is refused
    assert "second database connection" in str(refused.value)


def test_the_session_used_from_another_thread_fails_the_test(migrated_app: Flask) -> None:
    errors: list[BaseException] = []

    def elsewhere() -> None:
        try:
            slugs(migrated_app)
        except AssertionError as error:
            errors.append(error)

    with pytest.raises(AssertionError, match="another thread"):
        with rolled_back(migrated_app):
            thread = threading.Thread(target=elsewhere)
            thread.start()
            thread.join(timeout=30)
    assert len(errors) == 1 and "committed" in str(errors[0])


@pytest.mark.committed(reason="this test checks that the data reaches another connection")
def test_a_committed_test_commits_for_real(app: Flask) -> None:
    add_organisation(app, "visible-elsewhere")
    with app.app_context():
        with db.engine.connect() as connection:
            found = connection.execute(sa.select(Organisation.slug)).scalars().all()
    assert found == ["visible-elsewhere"]


def test_the_app_fixture_starts_empty_and_rolls_back(app: Flask) -> None:
    assert slugs(app) == []
    add_organisation(app, "rolled-back")
    assert slugs(app) == ["rolled-back"]
