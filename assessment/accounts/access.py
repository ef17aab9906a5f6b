"""Who may use each route: every view declares it, and a guard enforces the declaration.

Views are decorated with :func:`public`, :func:`invitation_token`, :func:`account_link`,
:func:`sign_in_step`, :func:`signed_in` or :func:`role_required`.
The guard installed by :func:`init_app` refuses any endpoint without a declaration, so a
forgotten decorator fails closed; an architecture test walks ``app.url_map`` too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, current_app, redirect, request
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.accounts.models import ADMIN, ORGANISATION_COORDINATOR, ORGANISATION_LEADER
from assessment.accounts.organisations import Organisation
from assessment.accounts.signing_in import (
    BEFORE_SECOND_STEP,
    pending_user,
    second_step_missing,
)
from assessment.core import audit

F = TypeVar("F", bound=Callable[..., Any])

ACCESS_ATTRIBUTE = "access_rule"
PUBLIC = "public"
SIGNED_IN = "signed-in"
# Reachable without signing in, but only with a live personal invitation token,
# which the view resolves through respond.invitation_or_404.
INVITATION_TOKEN = "invitation-token"  # noqa: S105 - a rule name, not a secret
# Reachable without signing in through a single-use link sent by e-mail (invitation to an
# account, password reset, address check), which the view resolves (accounts/links.py).
ACCOUNT_LINK = "account-link"
# The second step of signing in: for a session whose password matched, or a signed-in
# one; the view finds which (accounts/signing_in.py) and sends anyone else to sign in.
SIGN_IN_STEP = "sign-in-step"
WITHOUT_SIGNING_IN = (PUBLIC, INVITATION_TOKEN, ACCOUNT_LINK, SIGN_IN_STEP)


def _declare(view: F, rule: str) -> F:
    setattr(view, ACCESS_ATTRIBUTE, rule)
    return view


def public(view: F) -> F:
    """Declare a view reachable by anyone, signed in or not."""
    return _declare(view, PUBLIC)


def invitation_token(view: F) -> F:
    """Declare a view reached through a personal invitation link instead of signing in."""
    return _declare(view, INVITATION_TOKEN)


def account_link(view: F) -> F:
    """Declare a view reached through a single-use link from an account e-mail."""
    return _declare(view, ACCOUNT_LINK)


def sign_in_step(view: F) -> F:
    """Declare a view of the second sign-in step (pending or signed-in sessions)."""
    return _declare(view, SIGN_IN_STEP)


def signed_in(view: F) -> F:
    """Declare a view for any signed-in user; the view scopes what it shows."""
    return _declare(view, SIGNED_IN)


def role_required(*roles: str) -> Callable[[F], F]:
    """Declare a view for users holding one of ``roles`` (admins always pass)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not any(current_user.has_role(r) for r in (*roles, ADMIN)):
                abort(403)
            return view(*args, **kwargs)

        return _declare(wrapper, "role:" + ",".join(roles))  # type: ignore[arg-type]

    return decorate


def access_rule(view: Callable[..., Any]) -> str | None:
    """Return the access rule a view declared, or None."""
    return getattr(view, ACCESS_ATTRIBUTE, None)


def endpoint_rule(endpoint: str) -> str | None:
    """Return the access rule of ``endpoint``; Flask's own static files are public."""
    if endpoint == "static":
        return PUBLIC
    view_function = current_app.view_functions.get(endpoint)
    return access_rule(view_function) if view_function else None


def _organisation_with_role(slug: str, roles: tuple[str, ...]) -> Organisation:
    organisation = Organisation.query.filter_by(slug=slug).one_or_none()
    if organisation is None:
        abort(404)
    if not current_user.has_role(ADMIN):
        held = {o.id for role in roles for o in current_user.organisations_with_role(role)}
        if organisation.id not in held:
            abort(404)
    audit.concerns_organisation(organisation.id)
    return organisation


def coordinates(organisation: Organisation) -> bool:
    """Tell whether the current user coordinates ``organisation`` (administrators do)."""
    return current_user.has_role(ADMIN) or organisation.id in {
        o.id for o in current_user.organisations_with_role(ORGANISATION_COORDINATOR)
    }


def coordinated_organisation(slug: str) -> Organisation:
    """Return the organisation ``slug`` if the current user coordinates it, else 404.

    404 rather than 403 so that one agency cannot even learn which slugs exist.
    """
    return _organisation_with_role(slug, (ORGANISATION_COORDINATOR,))


def readable_organisation(slug: str) -> Organisation:
    """Return the organisation ``slug`` if the current user coordinates or leads it, else 404.

    Leaders read results and reports; everything else stays with coordinators.
    """
    return _organisation_with_role(slug, (ORGANISATION_COORDINATOR, ORGANISATION_LEADER))


def _guard() -> Any:
    if request.endpoint is None:
        return None  # 404 or 405: nothing to guard
    rule = endpoint_rule(request.endpoint)
    if rule is None:
        abort(403)
    if rule == SIGN_IN_STEP and not current_user.is_authenticated and pending_user() is None:
        # No password was given first (or it was too long ago): start again.
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    if rule in WITHOUT_SIGNING_IN:
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    if request.endpoint not in BEFORE_SECOND_STEP:
        # A role that requires a second step gets nothing before it (two_factor.py).
        second_step = second_step_missing(current_user)
        if second_step is not None:
            return redirect(second_step)
    return None


def _no_store(response: Response) -> Response:
    # Anything but a public page may hold personal or live data (answers, links, e-mail
    # addresses, results, audit entries): no browser or proxy may keep a copy of it.
    if request.endpoint is not None and endpoint_rule(request.endpoint) != PUBLIC:
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Install the guard that enforces every route's declared access rule."""
    app.before_request(_guard)
    app.after_request(_no_store)
