"""Languages: those the definitions declare, chosen by the user, kept in their session.

Numbers and dates are written the way each language writes them, by Babel.

Which languages exist is data (questionnaires/definitions/languages.yaml, read into
the LANGUAGES setting); nothing here names one. Their names come from Babel's locale
data, each in its own language, as a language switch shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time, get_datetime_format
from babel.numbers import format_decimal
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel, get_locale, get_translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from assessment.core import vocabulary


def languages() -> tuple[str, ...]:
    """The languages the app offers, the default first (the LANGUAGES setting)."""
    offered: tuple[str, ...] = current_app.config["LANGUAGES"]
    return offered


def current_language() -> str:
    """The code of the language being rendered: the request's, or the one forced."""
    locale = get_locale()
    return str(locale) if locale is not None else languages()[0]


@lru_cache(maxsize=64)
def language_name(code: str) -> str:
    """The language's name in that language, as a switch offers it: "English", "Français".

    Babel writes some names in lower case ("français"), as they are within a sentence;
    standing alone, as here, they start with a capital.
    """
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


class _LanguageNames(Mapping[str, str]):
    """The offered languages, code -> name in that language (see :func:`language_name`)."""

    def __getitem__(self, code: str) -> str:
        if code not in languages():
            raise KeyError(code)
        return language_name(code)

    def __iter__(self) -> Iterator[str]:
        return iter(languages())

    def __len__(self) -> int:
        return len(languages())


LANGUAGE_NAMES: Mapping[str, str] = _LanguageNames()
"""Code -> name of each offered language, read from the app's configuration."""


def select_locale() -> Locale:
    """Pick the language: ``?lang=`` first, then the session, then the browser's wish."""
    offered = languages()
    if not has_request_context():
        # The command line and background work: the default language, unless the
        # caller says otherwise with flask_babel.force_locale.
        return _locale(offered[0])
    asked = request.args.get("lang")
    if asked in offered:
        session["lang"] = asked
        return _locale(asked)
    remembered = session.get("lang")
    if remembered in offered:
        return _locale(str(remembered))
    return _locale(request.accept_languages.best_match(offered) or offered[0])


@lru_cache(maxsize=16)
def _locale(code: str) -> Locale:
    # Parsed once per language; Flask-Babel takes a Locale as it is.
    return Locale.parse(code)


def local_time(moment: datetime, time_zone: str) -> str:
    """Format ``moment`` in ``time_zone``, in the current language, with the zone's name.

    For example "December 1, 2026, 5:00 PM (Europe/Paris)" in English and
    "1 décembre 2026, 17:00 (Europe/Paris)" in French: the date in full (no reader
    wonders whether 01/12 is January or December), the time without seconds, joined as
    the language joins them (Babel's locale data).
    """
    locale = _locale(current_language())
    local = moment.astimezone(ZoneInfo(time_zone))
    # Babel's own format_datetime joins its date and time patterns the same way.
    joined = (
        get_datetime_format("long", locale=locale)
        .replace("'", "")
        .replace("{1}", format_date(local, "long", locale=locale))
        .replace("{0}", format_time(local, "short", locale=locale))
    )
    return f"{joined} ({time_zone})"


NO_VALUE = "–"


def format_score(value: float | None, lang: str) -> str:
    """A 1-5 score with two decimals as the language writes it ("1.60", "1,60"), or a dash."""
    return NO_VALUE if value is None else format_decimal(value, "0.00", locale=lang)


def init_app(app: Flask, babel: Babel) -> None:
    """Bind Flask-Babel with our locale selector.

    Its settings (BABEL_TRANSLATION_DIRECTORIES, BABEL_DEFAULT_LOCALE) come from the
    configuration (core/config.py).
    """
    babel.init_app(app, locale_selector=select_locale)

    app.jinja_env.globals.update(
        local_time=local_time,
        language_name=language_name,
        role_name=vocabulary.role_name,
        tag_value_name=vocabulary.tag_value_name,
        facet_name=vocabulary.facet_name,
        principle_name=vocabulary.principle_name,
    )

    # Catalogue (one object per language, kept by Flask-Babel) -> what templates get.
    contexts: dict[int, tuple[object, dict[str, object]]] = {}

    @app.context_processor
    def language_context() -> dict[str, object]:
        translations = get_translations()
        found = contexts.get(id(translations))
        if found is None or found[0] is not translations:
            current = current_language()
            gettext = template_gettext(translations.ugettext)
            found = contexts[id(translations)] = (
                translations,
                {
                    "current_language": current,
                    "other_languages": {c: language_name(c) for c in languages() if c != current},
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
