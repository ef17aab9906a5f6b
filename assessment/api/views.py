"""The versioned JSON API, ``/api/v1/``: benchmark aggregates and an organisation's results.

Authentication is by personal Bearer token only (see ``assessment.accounts.token_auth``); a
browser session does not open the API, so the blueprint needs no CSRF protection.
Every answer is JSON; every error is a problem-details document. The OpenAPI document
(``/api/v1/openapi.json``) is public and describes exactly these routes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, Response, g, jsonify, request
from flask.blueprints import BlueprintSetupState
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import (
    Forbidden,
    HTTPException,
    MethodNotAllowed,
    NotFound,
    Unauthorized,
)

from assessment.accounts import api_scopes
from assessment.accounts import token_auth as tokens
from assessment.accounts.access import ACCESS_ATTRIBUTE, public
from assessment.accounts.models import User
from assessment.accounts.organisations import Organisation
from assessment.api import problems
from assessment.api.openapi import document
from assessment.benchmarks import api_resources as resources
from assessment.benchmarks import disclosure, documents
from assessment.benchmarks import peers as benchmark_peers
from assessment.benchmarks import services as benchmarks
from assessment.benchmarks.reasons import query_problem
from assessment.core import audit, errors
from assessment.core.extensions import csrf, db, login_manager
from assessment.core.security import API_LIMIT, limiter
from assessment.survey.models import AssessmentRound
from questionnaires import bundled_languages
from scoring.benchmark import GROUP_FIELDS

F = TypeVar("F", bound=Callable[..., Any])

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
# Token authentication only, no cookie: cross-site request forgery has nothing to ride on.
csrf.exempt(blueprint)
limiter.limit(API_LIMIT)(blueprint)

# Every route accepts every method, so that a wrong one is answered here (405 with an
# Allow header, as problem details) and after authentication, like everything else.
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
LANGUAGES = bundled_languages()


def _user_from_token(req: Any) -> User | None:
    # Flask-Login asks this only when no session user was found; the access guard then
    # lets the request through to the API's own check below.
    if req.blueprint != blueprint.name:
        return None
    token = tokens.authenticate(tokens.bearer_secret(req.headers.get("Authorization")))
    if token is None:
        return None
    g.api_token = token
    return token.user


@blueprint.record_once
def _install(state: BlueprintSetupState) -> None:
    # Without a token, the access guard's "sign in" becomes a plain 401 for this
    # blueprint instead of a redirect to the sign-in page.
    login_manager.blueprint_login_views[blueprint.name] = None
    login_manager.request_loader(_user_from_token)
    # A URL under the API that no route matches is answered as problem details too.
    errors.answer_errors_under(state.app, f"{blueprint.url_prefix}/", problems.from_http_exception)


@blueprint.before_request
def _require_token() -> None:
    if request.endpoint == "api.openapi":
        return
    if g.get("api_token") is None:
        token = tokens.authenticate(tokens.bearer_secret(request.headers.get("Authorization")))
        if token is None:
            raise Unauthorized("Send a valid API token: Authorization: Bearer <token>.")
        g.api_token = token


@blueprint.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    return problems.from_http_exception(error)


@blueprint.errorhandler(Exception)
def _unexpected(error: Exception) -> Response:
    db.session.rollback()
    return problems.from_exception(error)


def api_route(
    rule: str, *, allowed: tuple[str, ...] = ("GET",), parameters: tuple[str, ...] = ()
) -> Callable[[F], F]:
    """Register ``rule`` for every method and the view for token holders.

    Any API user may call the view; views check their own scope: those that serve one
    organisation answer 404 outside it, benchmark tables 403 (``api_scopes``). A query
    parameter not in ``parameters`` is a 400: a misspelt filter must not silently widen
    a table.
    """

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if request.method not in (*allowed, "HEAD", "OPTIONS"):
                raise MethodNotAllowed(valid_methods=list(allowed))
            unknown = sorted(set(request.args) - set(parameters))
            if unknown:
                raise _bad_request(f"Unknown query parameter: {unknown[0]}.")
            return view(*args, **kwargs)

        setattr(wrapper, ACCESS_ATTRIBUTE, "api-token")
        audit.leaves_data(wrapper)  # every answer is a use of a token, and data taken
        blueprint.add_url_rule(rule, view_func=wrapper, methods=METHODS)
        return wrapper  # type: ignore[return-value]

    return decorate


def _user() -> User:
    user: User = g.api_token.user
    return user


def _lang() -> str:
    lang = request.args.get("lang", "en")
    if lang not in LANGUAGES:
        raise _bad_request("lang must be en or fr.")
    return lang


def _bad_request(detail: str) -> HTTPException:
    from werkzeug.exceptions import BadRequest

    return BadRequest(detail)


def _json(data: Any) -> Response:
    response = jsonify(data)
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/openapi.json")
@public
def openapi() -> Response:
    return jsonify(document())


@api_route("/me")
def me() -> Response:
    return _json(resources.me(g.api_token))


@api_route("/questionnaires")
def questionnaires() -> Response:
    return _json({"questionnaires": resources.questionnaires()})


@api_route("/benchmarks/<string:questionnaire_id>", parameters=("group_by", "lang", *GROUP_FIELDS))
def benchmark(questionnaire_id: str) -> Response:
    args = MultiDict(request.args)
    args.setlist("questionnaire", [questionnaire_id])
    # Notes, titles and problems in the language asked for (English by default), not
    # the language a browser session or its headers would choose.
    with force_locale(_lang()):
        try:
            query = benchmarks.parse_query(args)
        except benchmarks.QueryError as error:
            if error.code == "unknown_questionnaire":
                raise NotFound("No questionnaire with this id.") from error
            raise _bad_request(query_problem(error.code)) from error
        _check_benchmark_scope(query)
        return _json(documents.table_document(benchmarks.explore(query)))


def _check_benchmark_scope(query: benchmarks.ExplorerQuery) -> None:
    """Benchmark tables are for analysts' tokens, and national coordinators' for their country.

    An organisation coordinator's token reads its own organisation, never the tables:
    read before and after one change of its own, they would tell about the others.
    """
    if not disclosure.protected("api_scope"):
        return
    scope = api_scopes.token_scope(_user())
    if scope.all_countries:
        return
    country = query.filter_map.get("country", "").upper()
    if not scope.countries:
        raise Forbidden("This token may not read benchmark tables: they are for analysts"
                        " and national coordinators.")  # fmt: skip
    if country not in scope.countries:
        raise Forbidden(
            "This token reads the benchmark tables of its own country only: add"
            f" country={'|'.join(sorted(scope.countries))}."
        )


def _own_organisation(slug: str) -> Organisation:
    """The organisation, only for its coordinators and admins; 404 for everyone else."""
    if not SLUG.fullmatch(slug):
        raise NotFound()
    organisation = db.session.execute(
        db.select(Organisation).filter_by(slug=slug)
    ).scalar_one_or_none()
    if organisation is None:
        raise NotFound()
    # The same scope the token page and /me show, so that what a token is said to read
    # and what it reads cannot differ.
    readable = api_scopes.token_scope(_user()).organisations
    if readable != ("*",) and organisation.slug not in readable:
        raise NotFound()
    return organisation


@api_route("/organisations/<string:slug>/results")
def organisation_results(slug: str) -> Response:
    return _json(resources.organisation_results(_own_organisation(slug)))


@api_route("/organisations/<string:slug>/rounds/<int:round_id>/peers", parameters=("lang",))
def round_peers(slug: str, round_id: int) -> Response:
    lang = _lang()
    organisation = _own_organisation(slug)
    # Beyond the largest id a database integer holds, nothing can exist.
    assessment_round = db.session.get(AssessmentRound, round_id) if round_id < 2**31 else None
    if assessment_round is None or assessment_round.organisation_id != organisation.id:
        raise NotFound()
    with force_locale(lang):
        positions = benchmark_peers.peer_positions(organisation, assessment_round)
        return _json(documents.peer_document(positions))


@api_route("/<path:anything>", allowed=tuple(METHODS))
def not_found(anything: str) -> Response:
    raise NotFound("No such API resource.")
