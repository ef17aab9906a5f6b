"""The "API tokens" page: people create and revoke their own tokens here.

An ordinary page with an ordinary session (and CSRF protection); the new token's
secret is shown once in the response to the form, never stored nor flashed.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.accounts import api_scopes
from assessment.accounts import token_auth as tokens
from assessment.accounts.access import role_required
from assessment.accounts.models import ORGANISATION_COORDINATOR, User
from assessment.benchmarks.labels import country_name
from assessment.core.extensions import db
from assessment.core.types import utcnow

blueprint = Blueprint("api_tokens", __name__, url_prefix="/account/api-tokens")
token_holder = role_required(*tokens.TOKEN_ROLES)


def _render(*, secret: str | None = None, problem: str | None = None,
            name: str = "", days: str = "") -> tuple[str, int]:  # fmt: skip
    return render_template(
        "benchmarks/api_tokens.html",
        tokens=tokens.tokens_of(current_user),
        now=utcnow(),
        secret=secret,
        problem=problem,
        name=name,
        days=days or str(tokens.DEFAULT_DAYS),
        max_days=tokens.MAX_DAYS,
        # The header a program sends, its placeholder in the page's language; passed as
        # text so that its angle brackets are escaped like any value.
        bearer_example="Authorization: Bearer <" + _("token") + ">",
        scope_lines=scope_lines(current_user),
    ), (400 if problem else 200)


def scope_lines(user: User) -> list[str]:
    """What the user's tokens may read, one sentence each (from their roles now)."""
    scope = api_scopes.token_scope(user)
    lines = []
    if scope.all_countries:
        lines.append(_("Benchmark tables of every country."))
    for code in sorted(scope.countries):
        lines.append(
            _("Benchmark tables of %(country)s only, asked for with that country as the filter.",
              country=country_name(code))
        )  # fmt: skip
    if scope.organisations == ("*",):
        lines.append(_("The results and positions among peers of every organisation."))
    else:
        for organisation in sorted(
            user.organisations_with_role(ORGANISATION_COORDINATOR), key=lambda o: o.name
        ):
            lines.append(
                _("The results and positions among peers of %(organisation)s.",
                  organisation=organisation.name)
            )  # fmt: skip
    if not scope.all_countries and not scope.countries:
        lines.append(_("No benchmark tables: they are for analysts and national coordinators."))
    lines.append(_("Your account and the list of questionnaires."))
    return lines


@blueprint.get("/")
@token_holder
def index() -> tuple[str, int]:
    return _render()


@blueprint.post("/")
@token_holder
def create() -> tuple[str, int]:
    name = request.form.get("name", "")
    days = request.form.get("days", "").strip()
    if not days.isdigit():
        return _render(problem="days", name=name, days=days)
    try:
        _token, secret = tokens.create(current_user, name, int(days), actor_id=current_user.id)
    except tokens.TokenError as error:
        db.session.rollback()
        return _render(problem=error.code, name=name, days=days)
    db.session.commit()
    return _render(secret=secret)


@blueprint.post("/<int:token_id>/revoke")
@token_holder
def revoke(token_id: int) -> Response:
    token = tokens.token_of(current_user, token_id)
    if token is None:
        abort(404)
    tokens.revoke(token, actor_id=current_user.id)
    db.session.commit()
    flash(_("The token “%(name)s” no longer works.", name=token.name), "success")
    return redirect(url_for(".index"))
