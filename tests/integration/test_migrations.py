"""The migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from assessment.core.extensions import db


def test_the_migrated_schema_matches_the_models(app: Flask, app_context: None) -> None:
    # The session's connection: the test's own, whose transaction is rolled back.
    context = MigrationContext.configure(db.session.connection())
    differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_the_database_is_at_the_latest_migration(app: Flask, app_context: None) -> None:
    current = MigrationContext.configure(db.session.connection()).get_current_revision()
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    assert current == script.get_current_head()
