"""The Flask application: ``create_app`` builds it without touching the network."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from assessment import storage, tasks
from assessment.accounts import access
from assessment.accounts import sessions as sign_in_sessions
from assessment.core import (
    audit,
    config,
    database,
    i18n,
    key_fingerprint,
    questionnaire_library,
    security,
    sessions,
    templating,
    urls,
)
from assessment.core.extensions import babel, csrf, db, migrate
from assessment.core.templating import FragmentCache

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration defaults, then environment, then ``test_config``."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH") or str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.config.update(config.DEFAULTS)
    app.config.update(config.from_environment(os.environ))
    if test_config:
        app.config.update(test_config)
    config.finalise(app.config, app.instance_path)

    # Our templates first, then the govuk-frontend macros they build on.
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(PROJECT_ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )

    # {% cache %}: parts of pages that are the same for every reader (core/templating.py).
    app.jinja_env.add_extension(FragmentCache)
    templating.remember_static_urls(app)
    urls.init_app(app)

    questionnaire_library.init_app(app)
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    key_fingerprint.init_app(app)
    storage.init_app(app)
    _register_tasks(app)
    # The access guard runs before the CSRF check, so that an anonymous request to a
    # protected route is sent to sign in rather than told its form expired.
    security.init_app(app)
    sessions.init_app(app)
    access.init_app(app)
    audit.init_app(app)
    csrf.init_app(app)
    i18n.init_app(app, babel)
    sign_in_sessions.init_app(app)
    _register_blueprints(app)
    _register_cli(app)
    if app.config["PROXY_FIX_HOPS"]:
        # Behind a reverse proxy: trust its X-Forwarded-* headers (client address for
        # rate limits, https for secure cookies and external links), as many hops deep.
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops
        )
    return app


def _register_blueprints(app: Flask) -> None:
    from assessment import home as main
    from assessment.accounts import link_views, mfa_views, people_views, settings_views
    from assessment.accounts import views as auth
    from assessment.api import token_views as token_pages
    from assessment.api import views as api
    from assessment.benchmarks import views as benchmarks
    from assessment.core import errors
    from assessment.privacy import views as privacy
    from assessment.reports import annex_views as annex
    from assessment.reports import benchmark_views as benchmark_reports
    from assessment.reports import views as reports
    from assessment.results import dashboard_views as dashboard
    from assessment.results import views as results
    from assessment.survey import invitation_views as round_invitations
    from assessment.survey import respond_views as respond
    from assessment.survey import round_dates_views as round_dates
    from assessment.survey import round_views as rounds

    app.register_blueprint(main.blueprint)
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(mfa_views.blueprint)
    app.register_blueprint(link_views.blueprint)
    app.register_blueprint(settings_views.blueprint)
    app.register_blueprint(people_views.blueprint)
    app.register_blueprint(dashboard.blueprint)
    app.register_blueprint(rounds.blueprint)
    app.register_blueprint(round_dates.blueprint)
    app.register_blueprint(round_invitations.blueprint)
    app.register_blueprint(results.blueprint)
    app.register_blueprint(reports.blueprint)
    app.register_blueprint(annex.blueprint)
    app.register_blueprint(respond.blueprint)
    app.register_blueprint(benchmarks.blueprint)
    app.register_blueprint(benchmark_reports.blueprint)
    app.register_blueprint(api.blueprint)  # token auth, so CSRF-exempt (see api/views.py)
    app.register_blueprint(token_pages.blueprint)
    app.register_blueprint(privacy.blueprint)
    # Respondent forms validate their own CSRF token, so that an expired session
    # keeps the answer on screen instead of discarding it (see survey/respond_views.py).
    csrf.exempt(respond.blueprint)
    errors.init_app(app)


def _register_tasks(app: Flask) -> None:
    # Each feature declares its tasks and scheduled work in these modules; binding
    # them to the app's queue needs them imported first.
    from assessment.accounts import scheduled as account_tasks  # noqa: F401
    from assessment.benchmarks import refresh as benchmark_tasks  # noqa: F401
    from assessment.reports import jobs as report_tasks  # noqa: F401
    from assessment.reports import prerender as prerender_tasks  # noqa: F401
    from assessment.survey import scheduled as survey_tasks  # noqa: F401
    from assessment.tasks import outbox

    outbox.install()
    tasks.init_app(app)


def _register_cli(app: Flask) -> None:
    from assessment.operations.cli import commands
    from assessment.tasks.cli import worker

    for command in commands:
        app.cli.add_command(command)
    # The name the worker had before it ran on the task queue, for existing services.
    app.cli.add_command(worker, "report-worker")
