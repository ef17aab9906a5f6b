"""Public pages: the home page that explains the product, and the health check."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy.exc import SQLAlchemyError

from assessment.accounts.access import public
from assessment.core import key_fingerprint
from assessment.core.extensions import db
from assessment.storage import storage
from assessment.tasks import broker_problem

blueprint = Blueprint("main", __name__)


@blueprint.get("/")
@public
def home() -> str:
    return render_template("main/home.html")


def _database_problem() -> str:
    try:
        db.session.execute(db.select(1)).scalar()
    except SQLAlchemyError as error:
        db.session.rollback()
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"
    return ""


@blueprint.get("/health")
@public
def health() -> tuple[dict[str, object], int]:
    """What this host depends on, each "ok" or its problem; 503 when one fails.

    The broker being away is reported but not fatal: pages keep answering, and the work
    waits in the database until the broker is back (docs/deployment.md).
    """
    database = _database_problem()
    checks = {
        "database": database or "ok",
        "broker": broker_problem() or "ok",
        "storage": ("unknown: no database" if database else storage().problem()) or "ok",
        "secret_key": ("unknown: no database" if database else key_fingerprint.check()) or "ok",
    }
    failing = [name for name, state in checks.items() if state != "ok" and name != "broker"]
    return {"status": "failing" if failing else "ok", **checks}, 503 if failing else 200
