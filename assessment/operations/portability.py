"""Moving a whole installation between databases: ``export-all`` and ``import-all``.

An export is a directory: one JSON-lines file per table (rows in primary-key order,
columns in model order, timestamps as UTC ISO 8601) and ``manifest.json`` naming the
migration revision, each table's row count and each file's SHA-256. The same data
exported from SQLite and from PostgreSQL gives byte-identical files, so a round trip
can be checked with ``diff -r``.

Import fills an empty database migrated to the same revision, in foreign-key order,
in one transaction, keeping every id; PostgreSQL sequences are then moved past the
highest id so new rows never collide. A non-empty target, a revision mismatch or a
file that does not match its checksum is refused before anything is written.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import with_appcontext

from assessment.core.extensions import db

FORMAT = "innovation-maturity-export"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BATCH_SIZE = 1000


class PortabilityError(click.ClickException):
    """An export or import that cannot be done, with a message for the operator."""


def _head_revision() -> str | None:
    config = current_app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config).get_current_head()


def _revision(connection: sa.Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _require_head(connection: sa.Connection, doing: str) -> str:
    current, head = _revision(connection), _head_revision()
    if current is None:
        raise PortabilityError(
            f"This database has no schema yet: run `flask --app assessment db upgrade` "
            f"before {doing}."
        )
    if current != head:
        raise PortabilityError(
            f"This database is at migration {current} but this version of the platform "
            f"expects {head}: run `flask --app assessment db upgrade` before {doing}."
        )
    return current


def _tables() -> list[sa.Table]:
    # Parents before children, so that an import never breaks a foreign key.
    return list(db.metadata.sorted_tables)


def _python_type(column: sa.Column[Any]) -> type | None:
    kind = column.type
    if isinstance(kind, sa.types.TypeDecorator):  # e.g. UTCDateTime: look at what it stores
        kind = kind.impl_instance
    try:
        return kind.python_type
    except NotImplementedError:
        return None


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # only UTC is ever stored; SQLite drops the zone
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _decoder(column: sa.Column[Any]) -> Any:
    kind = _python_type(column)
    if kind is datetime:
        return datetime.fromisoformat
    if kind is date:
        return date.fromisoformat
    if kind is Decimal:
        return Decimal
    if kind is bytes:
        return base64.b64decode
    return None


def _line(row: sa.Row[Any], columns: list[str]) -> str:
    record = {name: _encode(value) for name, value in zip(columns, row, strict=True)}
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def export_all(output: Path) -> dict[str, Any]:
    """Write every table and the manifest to ``output`` (new or empty); return the manifest."""
    if output.exists() and any(output.iterdir()):
        raise PortabilityError(f"{output} is not empty: export into a new or empty directory.")
    output.mkdir(parents=True, exist_ok=True)
    tables = []
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # One snapshot for every table, without blocking the platform's writers.
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            revision = _require_head(connection, "exporting")
            for table in _tables():
                columns = [c.name for c in table.columns]
                query = (
                    sa.select(table)
                    .order_by(*table.primary_key.columns)
                    .execution_options(stream_results=True, yield_per=BATCH_SIZE)
                )
                digest = hashlib.sha256()
                rows = 0
                path = output / f"{table.name}.jsonl"
                with path.open("w", encoding="utf-8", newline="\n") as out:
                    for row in connection.execute(query):
                        line = _line(row, columns)
                        out.write(line)
                        digest.update(line.encode("utf-8"))
                        rows += 1
                tables.append(
                    {
                        "name": table.name,
                        "rows": rows,
                        "file": path.name,
                        "sha256": digest.hexdigest(),
                    }
                )
    manifest = {"format": FORMAT, "version": FORMAT_VERSION, "revision": revision, "tables": tables}
    # Written last: a directory without a manifest is an interrupted export.
    (output / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def read_manifest(directory: Path) -> dict[str, Any]:
    """Read and check an export's manifest and files; raise PortabilityError if unusable."""
    path = directory / MANIFEST
    if not path.is_file():
        raise PortabilityError(
            f"{directory} has no {MANIFEST}: it is not an export, or the export was interrupted."
        )
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise PortabilityError(f"{path} is not a version {FORMAT_VERSION} export of this platform.")
    known = {t.name for t in _tables()}
    for entry in manifest["tables"]:
        if entry["name"] not in known:
            raise PortabilityError(
                f"The export has a table this platform does not know: {entry['name']}."
            )
        digest = hashlib.sha256((directory / entry["file"]).read_bytes()).hexdigest()
        if digest != entry["sha256"]:
            raise PortabilityError(
                f"{entry['file']} does not match its checksum in {MANIFEST}: the export is "
                "damaged or was edited."
            )
    return manifest


def _rows(path: Path, table: sa.Table) -> Iterator[dict[str, Any]]:
    decoders = {c.name: d for c in table.columns if (d := _decoder(c)) is not None}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            for name, decode in decoders.items():
                if record.get(name) is not None:
                    record[name] = decode(record[name])
            yield record


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _occupied(connection: sa.Connection) -> list[str]:
    occupied = []
    for table in _tables():
        count = connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        if count:
            occupied.append(f"{table.name}: {count}")
    return occupied


def _reset_sequences(connection: sa.Connection) -> None:
    for table in _tables():
        for column in table.primary_key.columns:
            if column.autoincrement is False or _python_type(column) is not int:
                continue
            # is_called=false: the next id handed out is max + 1 (or 1 for an empty table).
            highest = sa.select(sa.func.max(column)).scalar_subquery()
            connection.execute(
                sa.select(
                    sa.func.setval(
                        sa.func.pg_get_serial_sequence(table.name, column.name),
                        sa.func.coalesce(highest, 0) + 1,
                        False,
                    )
                )
            )


def import_all(directory: Path) -> dict[str, int]:
    """Load an export into this empty, migrated database; return rows per table."""
    manifest = read_manifest(directory)
    by_name = {t.name: t for t in _tables()}
    loaded: dict[str, int] = {}
    with db.engine.connect() as connection, connection.begin():
        revision = _require_head(connection, "importing")
        if manifest["revision"] != revision:
            raise PortabilityError(
                f"The export was made at migration {manifest['revision']}, this database is "
                f"at {revision}. Import it with the platform version that made it, then run "
                "`flask --app assessment db upgrade`."
            )
        occupied = _occupied(connection)
        if occupied:
            raise PortabilityError(
                "The target database already holds data ("
                + ", ".join(occupied)
                + "). import-all only fills an empty database, so nothing was changed."
            )
        for entry in manifest["tables"]:  # the manifest lists parents first
            table = by_name[entry["name"]]
            count = 0
            for batch in _batches(_rows(directory / entry["file"], table)):
                connection.execute(table.insert(), batch)
                count += len(batch)
            if count != entry["rows"]:
                raise PortabilityError(
                    f"{entry['file']} has {count} rows, the manifest says {entry['rows']}."
                )
            loaded[table.name] = count
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection)
    return loaded


@click.command("export-all")
@click.option(
    "--output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="New or empty directory to write the export to.",
)
@with_appcontext
def export_all_command(output: Path) -> None:
    """Export every table to DIR (JSON lines and a manifest) to move or back up the data."""
    manifest = export_all(output)
    total = sum(t["rows"] for t in manifest["tables"])
    click.echo(
        f"Exported {total} rows from {len(manifest['tables'])} tables at migration "
        f"{manifest['revision']} to {output}."
    )


@click.command("import-all")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def import_all_command(directory: Path) -> None:
    """Import an export made by export-all into this empty, migrated database."""
    loaded = import_all(directory)
    click.echo(f"Imported {sum(loaded.values())} rows into {len(loaded)} tables from {directory}.")
