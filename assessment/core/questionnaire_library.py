"""The questionnaire library the app uses: validated once, at start-up."""

from __future__ import annotations

from flask import Flask, current_app

from questionnaires import Library, bundled_library, load_library
from questionnaires.model import Questionnaire


def init_app(app: Flask) -> None:
    """Load and validate every definition; a broken one stops start-up.

    The bundled definitions unless QUESTIONNAIRE_DEFINITIONS names another folder.
    """
    folder = app.config.get("QUESTIONNAIRE_DEFINITIONS")
    app.extensions["questionnaires"] = load_library(folder) if folder else bundled_library()


def library() -> Library:
    """Return the app's questionnaire library."""
    lib: Library = current_app.extensions["questionnaires"]
    return lib


def questionnaire(questionnaire_id: str, version: str | None = None) -> Questionnaire:
    """Return one questionnaire (latest version unless ``version`` is given)."""
    return library().get(questionnaire_id, version)
