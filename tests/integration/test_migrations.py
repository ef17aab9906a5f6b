"""The migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from assessment.core.extensions import db
from assessment.core.sealing import unseal


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


@pytest.mark.sqlite_only
def test_authenticator_secrets_stored_before_are_sealed_and_open_again_going_back(
    tmp_path: Path,
) -> None:
    from flask_migrate import downgrade, upgrade

    from assessment import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite3'}",
                      "SECRET_KEY": "migration-test-key"})  # fmt: skip
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    with app.app_context():
        upgrade(revision="0014")  # before secrets were sealed
        db.session.execute(db.text(
            "INSERT INTO users (email, name, is_enabled, preferred_language, created_at)"
            " VALUES ('nc@gov.example', 'NC', 1, 'en', '2026-12-01 00:00:00')"
        ))  # fmt: skip
        db.session.execute(db.text(
            "INSERT INTO totp_credentials (user_id, secret, created_at)"
            " SELECT id, :secret, '2026-12-01 00:00:00' FROM users"
        ), {"secret": secret})  # fmt: skip
        db.session.commit()

        upgrade()
        sealed = db.session.execute(db.text("SELECT * FROM totp_credentials")).one()
        assert secret not in [str(value) for value in sealed]
        assert unseal(sealed.sealed_secret, "migration-test-key") == secret
        db.session.rollback()  # end the read: the migration writes next

        downgrade(revision="0014")
        plain = db.session.execute(db.text("SELECT secret FROM totp_credentials")).scalar_one()
        assert plain == secret
        db.engine.dispose()
