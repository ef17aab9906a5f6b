"""How roles and the organisation fields read in the account pages (gettext, lazily)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from assessment.accounts.models import (
    ADMIN,
    ANALYST,
    NATIONAL_COORDINATOR,
    ORGANISATION_COORDINATOR,
    ORGANISATION_LEADER,
    RESPONDENT,
)
from assessment.core.i18n import LANGUAGE_NAMES

ROLE_NAMES = {
    RESPONDENT: _l("Respondent"),
    ORGANISATION_COORDINATOR: _l("Organisation coordinator"),
    ORGANISATION_LEADER: _l("Leader (reads results and reports)"),
    NATIONAL_COORDINATOR: _l("National coordinator"),
    ANALYST: _l("Analyst"),
    ADMIN: _l("Administrator"),
}

GOVERNMENT_LEVEL_NAMES = {
    "national": _l("National"),
    "regional": _l("Regional"),
    "local": _l("Local"),
}

SECTOR_NAMES = {
    "general-public-services": _l("General public services"),
    "defence": _l("Defence"),
    "public-order-and-safety": _l("Public order and safety"),
    "economic-affairs": _l("Economic affairs"),
    "environmental-protection": _l("Environmental protection"),
    "housing-and-community": _l("Housing and community"),
    "health": _l("Health"),
    "recreation-culture-religion": _l("Recreation, culture and religion"),
    "education": _l("Education"),
    "social-protection": _l("Social protection"),
}


def language_choices() -> list[tuple[str, str]]:
    """The offered languages as form choices, each named in its own language."""
    return list(LANGUAGE_NAMES.items())
