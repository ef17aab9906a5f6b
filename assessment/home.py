"""Public pages: the home page that explains the product."""

from __future__ import annotations

from flask import Blueprint, render_template

from assessment.accounts.access import public

blueprint = Blueprint("main", __name__)


@blueprint.get("/")
@public
def home() -> str:
    return render_template("main/home.html")


@blueprint.get("/health")
@public
def health() -> tuple[dict[str, str], int]:
    return {"status": "ok"}, 200
