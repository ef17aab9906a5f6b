"""export-all and import-all move a whole installation between SQLite and PostgreSQL.

A small demo installation on SQLite is exported, imported into an empty database of
each backend, and exported again: the second export must be byte-identical.
PostgreSQL runs in a database of this run's own next to TEST_DATABASE_URL's, so that
the suites sharing that database, and other runs, are never disturbed.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.engine import make_url

from assessment import create_app
from assessment.accounts.organisations import Organisation
from assessment.core.config import normalise_database_url
from assessment.core.extensions import db
from tests.fixtures.database import BACKENDS, POSTGRES_URL

SECRET = "portability-test-secret"


def postgres_database(create: bool) -> str:
    """(Re)create or drop this run's database next to TEST_DATABASE_URL's; return its URL."""
    url = make_url(normalise_database_url(POSTGRES_URL))
    name = f"{url.database}_portability_{os.getpid()}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if create:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def migrated_app(url: str) -> Flask:
    from flask_migrate import upgrade

    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": SECRET})
    with app.app_context():
        upgrade()
    return app


def run(app: Flask, *args: str) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=list(args))
    return result.exit_code, result.output


def dispose(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An export of a small demo installation (with assessments) kept in SQLite."""
    folder = tmp_path_factory.mktemp("portability")
    source = migrated_app(f"sqlite:///{folder / 'source.sqlite3'}")
    code, output = run(source, "seed-demo", "--organisations", "3")
    assert code == 0, output
    code, output = run(source, "export-all", "--output", str(folder / "export"))
    assert code == 0, output
    assert "Exported" in output
    dispose(source)
    yield folder / "export"


@pytest.fixture(params=BACKENDS)
def empty_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """An empty, migrated database of each backend."""
    if request.param == "postgresql":
        url = postgres_database(create=True)
    else:
        url = f"sqlite:///{tmp_path / 'target.sqlite3'}"
    app = migrated_app(url)
    yield app
    dispose(app)
    if request.param == "postgresql":
        postgres_database(create=False)


def test_the_export_names_the_revision_and_every_table_with_its_count(exported: Path) -> None:
    manifest = json.loads((exported / "manifest.json").read_text())
    names = [t["name"] for t in manifest["tables"]]
    assert names == [t.name for t in db.metadata.sorted_tables]
    assert manifest["revision"]
    counts = {t["name"]: t["rows"] for t in manifest["tables"]}
    assert counts["organisations"] == 3
    assert counts["answers"] > 0 and counts["score_snapshots"] > 0
    for entry in manifest["tables"]:
        lines = (exported / entry["file"]).read_text().splitlines()
        assert len(lines) == entry["rows"]
    first_answer = json.loads((exported / "answers.jsonl").read_text().splitlines()[0])
    assert first_answer["updated_at"].endswith("+00:00")


def test_an_installation_round_trips_byte_for_byte(
    exported: Path, empty_target: Flask, tmp_path: Path
) -> None:
    code, output = run(empty_target, "import-all", str(exported))
    assert code == 0, output
    code, output = run(empty_target, "export-all", "--output", str(tmp_path / "again"))
    assert code == 0, output
    assert files(tmp_path / "again") == files(exported)


def test_new_rows_after_an_import_get_fresh_ids(exported: Path, empty_target: Flask) -> None:
    assert run(empty_target, "import-all", str(exported))[0] == 0
    with empty_target.app_context():
        highest = db.session.execute(sa.select(sa.func.max(Organisation.id))).scalar_one()
        organisation = Organisation(
            name="Added after import",
            slug="added-after-import",
            country="FR",
            government_level="national",
            sector="general-public-services",
            size_band="250-999",
        )
        db.session.add(organisation)
        db.session.commit()
        assert organisation.id == highest + 1


def test_a_database_that_holds_data_is_refused_and_left_unchanged(
    exported: Path, empty_target: Flask
) -> None:
    assert run(empty_target, "import-all", str(exported))[0] == 0
    with empty_target.app_context():
        before = db.session.execute(sa.select(sa.func.count(Organisation.id))).scalar_one()
    code, output = run(empty_target, "import-all", str(exported))
    assert code != 0
    assert "already holds data" in output and "nothing was changed" in output
    assert "Traceback" not in output
    with empty_target.app_context():
        assert db.session.execute(sa.select(sa.func.count(Organisation.id))).scalar_one() == before


def test_an_export_from_another_revision_is_refused(
    exported: Path, empty_target: Flask, tmp_path: Path
) -> None:
    other = tmp_path / "other-revision"
    shutil.copytree(exported, other)
    manifest = json.loads((other / "manifest.json").read_text())
    manifest["revision"] = "0000"
    (other / "manifest.json").write_text(json.dumps(manifest))
    code, output = run(empty_target, "import-all", str(other))
    assert code != 0
    assert "made at migration 0000" in output and "db upgrade" in output
    with empty_target.app_context():
        assert db.session.execute(sa.select(sa.func.count(Organisation.id))).scalar_one() == 0


def test_a_damaged_export_is_refused_before_anything_is_written(
    exported: Path, empty_target: Flask, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged"
    shutil.copytree(exported, damaged)
    with (damaged / "answers.jsonl").open("a") as answers:
        answers.write('{"id": 999999}\n')
    code, output = run(empty_target, "import-all", str(damaged))
    assert code != 0
    assert "does not match its checksum" in output
    with empty_target.app_context():
        assert db.session.execute(sa.select(sa.func.count(Organisation.id))).scalar_one() == 0


def test_an_export_never_overwrites_a_directory_that_holds_files(
    empty_target: Flask, tmp_path: Path
) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "keep.txt").write_text("mine")
    code, output = run(empty_target, "export-all", "--output", str(tmp_path / "busy"))
    assert code != 0
    assert "is not empty" in output
    assert (tmp_path / "busy" / "keep.txt").read_text() == "mine"
