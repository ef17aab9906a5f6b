"""Languages: English and French, chosen by the user and kept in their session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.numbers import format_decimal
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel, get_locale, get_translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


def select_locale() -> Locale:
    """Pick the language: ``?lang=`` first, then the session, then the browser's wish."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        # The command line and background work: the default language, unless the
        # caller says otherwise with flask_babel.force_locale.
        return _locale(languages[0])
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
        return _locale(asked)
    remembered = session.get("lang")
    if remembered in languages:
        return _locale(str(remembered))
    return _locale(request.accept_languages.best_match(languages) or languages[0])


@lru_cache(maxsize=16)
def _locale(code: str) -> Locale:
    # Parsed once per language; Flask-Babel takes a Locale as it is.
    return Locale.parse(code)


def local_time(moment: datetime, time_zone: str) -> str:
    """Format ``moment`` in ``time_zone`` with the zone's name.

    For example '2026-12-01 17:00 (Europe/Paris)'.
    """
    return f"{moment.astimezone(ZoneInfo(time_zone)).strftime('%Y-%m-%d %H:%M')} ({time_zone})"


NO_VALUE = "–"


def format_score(value: float | None, lang: str) -> str:
    """A 1-5 score with two decimals as the language writes it ("1.60", "1,60"), or a dash."""
    return NO_VALUE if value is None else format_decimal(value, "0.00", locale=lang)


def init_app(app: Flask, babel: Babel) -> None:
    """Bind Flask-Babel with our locale selector and translations folder."""
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path + "/translations"),
    )

    app.jinja_env.globals["local_time"] = local_time

    # Catalogue (one object per language, kept by Flask-Babel) -> what templates get.
    contexts: dict[int, tuple[object, dict[str, object]]] = {}

    @app.context_processor
    def language_context() -> dict[str, object]:
        translations = get_translations()
        found = contexts.get(id(translations))
        if found is None or found[0] is not translations:
            current = str(get_locale() or "en")
            gettext = template_gettext(translations.ugettext)
            found = contexts[id(translations)] = (
                translations,
                {
                    "current_language": current,
                    "other_languages": {c: n for c, n in LANGUAGE_NAMES.items() if c != current},
                    "_": gettext,
                    "gettext": gettext,
                },
            )
        return found[1]


def template_gettext(translate: Callable[[str], str]) -> Callable[..., str]:
    """Jinja's ``_()`` bound to one render's translations.

    Flask-Babel's ``_()`` looks the request's language and catalogue up again on every
    call, through three layers of Jinja calls; a page calls it dozens of times. The
    context processor binds the catalogue once per render instead (inside
    ``force_locale`` too, since it runs when the template is rendered). Macros imported
    without context keep Flask-Babel's ``_()``, which gives the same text. Same
    behaviour as Jinja's "newstyle" gettext: the result is escaped-safe in autoescaped
    templates, and ``%`` formatting always applies (so ``%%`` means ``%``).
    """

    @pass_eval_context
    def gettext(eval_context: EvalContext, string: str, **variables: object) -> str:
        text = translate(string)
        if eval_context.autoescape:
            # As Jinja does: our own catalogue's text is markup; variables are escaped.
            text = Markup(text)  # noqa: S704
        if variables or "%" in text:
            return text % variables
        return text

    return gettext
