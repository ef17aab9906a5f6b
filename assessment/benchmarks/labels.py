"""How benchmark fields, their values, levels and numbers read, in the current language.

Every word is a gettext message, so pages follow the request's language and PDF reports,
exports and API answers the language they are built in (``flask_babel.force_locale``).
Country names come from Babel's CLDR data and every number is formatted by Babel
(French: "2,5", "66,7 %", "1 234").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from babel import Locale, numbers
from flask import current_app
from flask_babel import format_decimal, get_locale, lazy_gettext
from flask_babel import gettext as _

from assessment.core import levels
from assessment.core.i18n import current_language
from scoring.benchmark import round_half_up

NO_VALUE = "–"

FIELDS = {
    "country": lazy_gettext("Country"),
    "government_level": lazy_gettext("Level of government"),
    "sector": lazy_gettext("Sector"),
    "size_band": lazy_gettext("Size (staff)"),
    "questionnaire_version": lazy_gettext("Questionnaire version"),
    "period": lazy_gettext("Period (year closed)"),
}

LEVELS_OF_GOVERNMENT = {
    "national": lazy_gettext("National"),
    "regional": lazy_gettext("Regional"),
    "local": lazy_gettext("Local"),
}

SECTORS = {
    "general-public-services": lazy_gettext("General public services"),
    "defence": lazy_gettext("Defence"),
    "public-order-and-safety": lazy_gettext("Public order and safety"),
    "economic-affairs": lazy_gettext("Economic affairs"),
    "environmental-protection": lazy_gettext("Environmental protection"),
    "housing-and-community": lazy_gettext("Housing and community"),
    "health": lazy_gettext("Health"),
    "recreation-culture-religion": lazy_gettext("Recreation, culture and religion"),
    "education": lazy_gettext("Education"),
    "social-protection": lazy_gettext("Social protection"),
}

# How a round's results may be used in benchmarks (the round page and its messages).
CONSENT_CHOICES = {
    "private": lazy_gettext("Private"),
    "anonymous": lazy_gettext("Anonymous benchmark (recommended)"),
    "named": lazy_gettext("Named"),
}

# The counts of a country's progress (``national.round_progress``), in reading order.
PROGRESS = (
    ("organisations", lazy_gettext("Registered organisations")),
    ("organisations_with_rounds", lazy_gettext("Organisations with at least one round")),
    ("upcoming", lazy_gettext("Rounds not yet open")),
    ("open", lazy_gettext("Rounds open now")),
    ("closed", lazy_gettext("Rounds closed")),
    ("consent_private", lazy_gettext("Closed rounds kept private")),
    ("consent_anonymous", lazy_gettext("Closed rounds in anonymous benchmarks")),
    ("consent_named", lazy_gettext("Closed rounds with named consent")),
    ("invited", lazy_gettext("People invited")),
    ("submitted", lazy_gettext("Responses submitted")),
)


def language() -> str:
    """The code of the language being rendered ("en", "fr"), for questionnaire content."""
    return current_language()


def languages() -> tuple[str, ...]:
    """The languages the platform offers (a report can be asked for in each)."""
    return tuple(current_app.config["LANGUAGES"])


def language_name(code: str) -> str:
    """A language's name in the current language ("French", "français")."""
    return str(Locale.parse(code).get_display_name(current_language()))


def field_name(field: str) -> str:
    """The name of a grouping field (the field's id when it has none)."""
    found = FIELDS.get(field)
    return str(found) if found is not None else field


def country_name(code: str) -> str:
    """A country's name in the current language (Babel's CLDR data), or the code when unknown."""
    locale = get_locale()
    name = locale.territories.get(code.upper()) if locale is not None else None
    return str(name) if name else code


def value_label(field: str, value: str | None) -> str:
    """How a field's value reads in a table or chart; None is the margin ("All")."""
    if value is None:
        return _("All")
    if field == "country":
        return country_name(value)
    if field == "government_level" and value in LEVELS_OF_GOVERNMENT:
        return str(LEVELS_OF_GOVERNMENT[value])
    if field == "sector" and value in SECTORS:
        return str(SECTORS[value])
    if field == "size_band":
        return _("%(band)s staff", band=value)
    return value


def filter_list(filters: Sequence[tuple[str, str]]) -> str:
    """A query's filters as one line: "Country = France; Sector = Health"."""
    return "; ".join(f"{field_name(name)} = {value_label(name, value)}" for name, value in filters)


def progress_lines(progress: Mapping[str, int]) -> list[tuple[str, int]]:
    """A country's progress counts, each with its label, in reading order."""
    return [(str(label), progress[key]) for key, label in PROGRESS]


def consent_label(choice: str) -> str:
    """The name of a consent choice (the code itself when unknown)."""
    found = CONSENT_CHOICES.get(choice)
    return str(found) if found is not None else choice


def level_label(level: int | None) -> str:
    """Return "3 – Structured", or an en dash when there is no level."""
    return NO_VALUE if level is None else levels.level_label(level)


def number(value: float | None, digits: int = 1) -> str:
    """A published score or statistic with ``digits`` decimals, or an en dash for None."""
    if value is None:
        return NO_VALUE
    return str(format_decimal(value, "0." + "0" * digits if digits else "0"))


def points(value: float) -> str:
    """A number of percentage points as Babel writes it ("5", "0.5", "0,5")."""
    return str(format_decimal(value))


def count(value: int | None) -> str:
    """A count of organisations, respondents or figures ("1 234" in French), or a dash."""
    return NO_VALUE if value is None else str(format_decimal(value))


def percent(share: float | None, decimals: int = 1) -> str:
    """A share (0-1) as a percentage with at most ``decimals`` decimals ("66.7%", "66,7 %")."""
    if share is None:
        return NO_VALUE
    # Rounded half up here, then printed with exactly the digits left (Flask-Babel's
    # format_percent would round again, half to even, to the pattern's whole percent).
    rounded = round_half_up(share, decimals + 2)
    return str(
        numbers.format_percent(rounded, locale=current_language(), decimal_quantization=False)
    )
