"""The yardstick for page speed: a minimal Flask app rendering one page in our layout.

It is served by gunicorn with the same settings as the platform, so the ratio of
question-page throughput to this page's measures what the platform adds (database
queries, forms, sessions, security headers) over Flask and the layout themselves.
It is a separate app on purpose: nothing is added to the platform's route table.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, render_template
from flask_babel import Babel
from flask_login import LoginManager
from jinja2 import ChoiceLoader, FileSystemLoader

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def create_bare_app() -> Flask:
    """A Flask app with the platform's layout, translations and anonymous user."""
    app = Flask(__name__, static_folder=str(PROJECT_ROOT / "assessment" / "static"))
    app.config.update(SECRET_KEY="bare-page-yardstick", LANGUAGES=("en", "fr"))
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(Path(__file__).parent / "templates")),
            FileSystemLoader(str(PROJECT_ROOT / "templates")),
        ]
    )
    Babel(
        app,
        locale_selector=lambda: "en",
        default_translation_directories=str(PROJECT_ROOT / "assessment" / "translations"),
    )
    login_manager = LoginManager(app)
    login_manager.user_loader(lambda _user_id: None)  # everyone is a visitor here

    @app.context_processor
    def language_context() -> dict[str, object]:
        return {"current_language": "en", "other_languages": {"fr": "Français"}}

    # The layout links to these pages; they exist here only as names.
    @app.get("/", endpoint="main.home")
    def home() -> str:
        return render_template("bare.html")

    @app.get("/account/sign-in", endpoint="auth.sign_in")
    def sign_in() -> str:
        return render_template("bare.html")

    return app


app = create_bare_app()
