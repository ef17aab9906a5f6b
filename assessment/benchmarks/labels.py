"""How benchmark fields, their values, levels and numbers read, in English and French.

The labels of every benchmark table, chart, export and API answer.
"""

from __future__ import annotations

from babel import Locale
from flask_babel import force_locale

from assessment.benchmarks.wording import word
from assessment.core import levels
from questionnaires.model import Text

FIELDS: dict[str, Text] = {
    "country": Text("Country", "Pays"),
    "government_level": Text("Level of government", "Niveau d'administration"),
    "sector": Text("Sector", "Secteur"),
    "size_band": Text("Size (staff)", "Taille (effectifs)"),
    "questionnaire_version": Text("Questionnaire version", "Version du questionnaire"),
    "period": Text("Period (year closed)", "Période (année de clôture)"),
}

LEVELS_OF_GOVERNMENT: dict[str, Text] = {
    "national": Text("National", "National"),
    "regional": Text("Regional", "Régional"),
    "local": Text("Local", "Local"),
}

SECTORS: dict[str, Text] = {
    "general-public-services": Text("General public services", "Services généraux"),
    "defence": Text("Defence", "Défense"),
    "public-order-and-safety": Text("Public order and safety", "Ordre et sécurité publics"),
    "economic-affairs": Text("Economic affairs", "Affaires économiques"),
    "environmental-protection": Text("Environmental protection", "Protection de l'environnement"),
    "housing-and-community": Text("Housing and community", "Logement et équipements collectifs"),
    "health": Text("Health", "Santé"),
    "recreation-culture-religion": Text(
        "Recreation, culture and religion", "Loisirs, culture et culte"
    ),
    "education": Text("Education", "Enseignement"),
    "social-protection": Text("Social protection", "Protection sociale"),
}


def field_name(field: str, lang: str) -> str:
    """The name of a grouping field."""
    found = FIELDS.get(field)
    return found.get(lang) if found else field


def country_name(code: str, lang: str) -> str:
    """A country's name in ``lang`` (Babel's CLDR data), or the code when unknown."""
    name = Locale.parse(lang).territories.get(code.upper())
    return str(name) if name else code


def value_label(field: str, value: str | None, lang: str) -> str:
    """How a field's value reads in a table or chart; None is the margin ("All")."""
    if value is None:
        return word("all", lang)
    if field == "country":
        return country_name(value, lang)
    if field == "government_level" and value in LEVELS_OF_GOVERNMENT:
        return LEVELS_OF_GOVERNMENT[value].get(lang)
    if field == "sector" and value in SECTORS:
        return SECTORS[value].get(lang)
    if field == "size_band":
        return word("staff", lang, band=value)
    return value


def level_label(level: int | None, lang: str) -> str:
    """Return "3 – Structured", or an en dash when there is no level."""
    if level is None:
        return "–"
    # Level names leave the scoring engine: they are gettext messages of the app.
    with force_locale(lang):
        return levels.level_label(level)


def number(value: float | None, lang: str, digits: int = 1) -> str:
    """A published number in the language's decimal style, or an en dash for None."""
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text
