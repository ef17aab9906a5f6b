"""Languages: English and French, chosen by the user and kept in their session."""

from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_babel import Babel

LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


def select_locale() -> str:
    """Pick the language: ``?lang=`` first, then the session, then the browser's wish."""
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
        return asked
    remembered = session.get("lang")
    if remembered in languages:
        return str(remembered)
    return request.accept_languages.best_match(languages) or languages[0]


def init_app(app: Flask, babel: Babel) -> None:
    """Bind Flask-Babel with our locale selector and translations folder."""
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path + "/translations"),
    )

    from assessment.services.rounds import local_time

    app.jinja_env.globals["local_time"] = local_time

    @app.context_processor
    def language_context() -> dict[str, object]:
        from flask_babel import get_locale

        current = str(get_locale() or "en")
        return {
            "current_language": current,
            "other_languages": {c: n for c, n in LANGUAGE_NAMES.items() if c != current},
        }
