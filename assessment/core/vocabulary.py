"""The names of the questionnaires' vocabularies, in the current (or forced) language.

The questionnaire package knows roles, stages, skills, partners, facets and the
principles of the OECD Declaration only as codes (questionnaires/vocabulary.py); every
page, PDF and export names them through these functions, so that a name reads the same
everywhere and is translated in the catalogues like every other word of the interface.
The names are short labels of our own.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

ROLE_NAMES: Mapping[str, LazyString] = {
    "leader": _l("Leader"),
    "staff": _l("Staff member"),
    "partner": _l("Partner"),
}

TAG_VALUE_NAMES: Mapping[str, Mapping[str, LazyString]] = {
    # The innovation lifecycle (OPSI).
    "stage": {
        "identifying-problems": _l("Identifying problems"),
        "generating-ideas": _l("Generating ideas"),
        "developing-proposals": _l("Developing proposals"),
        "implementing-projects": _l("Implementing projects"),
        "evaluating-projects": _l("Evaluating projects"),
        "diffusing-lessons": _l("Diffusing lessons"),
    },
    # Core skills for public sector innovation (OPSI, 2017).
    "skill": {
        "iteration": _l("Iteration"),
        "data-literacy": _l("Data literacy"),
        "user-centricity": _l("User centricity"),
        "curiosity": _l("Curiosity"),
        "storytelling": _l("Storytelling"),
        "insurgency": _l("Insurgency"),
    },
    "capacity": {
        "ability": _l("Ability"),
        "opportunity": _l("Opportunity"),
        "motivation": _l("Motivation"),
    },
    "partner": {
        "citizens": _l("Citizens and service users"),
        "academia": _l("Academia and research"),
        "private-sector": _l("Private sector and GovTech"),
        "civil-society": _l("Civil society"),
        "public-bodies": _l("Other public bodies and levels of government"),
        "international": _l("International peers"),
    },
    "aspect": {
        "frequency": _l("How often"),
        "depth": _l("How deep"),
        "effect": _l("Effect on decisions"),
    },
    # The four innovation facets (OPSI).
    "facet": {
        "enhancement": _l("Enhancement-oriented"),
        "mission": _l("Mission-oriented"),
        "adaptive": _l("Adaptive"),
        "anticipatory": _l("Anticipatory"),
    },
}

# The five principles of the OECD Declaration on Public Sector Innovation (2019).
PRINCIPLE_NAMES: Mapping[int, LazyString] = {
    1: _l("Embrace and enhance innovation"),
    2: _l("Equip all public servants"),
    3: _l("New partnerships and voices"),
    4: _l("Explore, iterate and test"),
    5: _l("Share lessons and practices"),
}


def role_name(role: str) -> str:
    """A respondent role's name ("Staff member"); KeyError for an unknown role."""
    return str(ROLE_NAMES[role])


def tag_value_name(tag: str, value: str) -> str:
    """The name of a tag's value, e.g. ("stage", "generating-ideas") -> "Generating ideas"."""
    return str(TAG_VALUE_NAMES[tag][value])


def facet_name(facet: str) -> str:
    """An innovation facet's name ("Mission-oriented")."""
    return tag_value_name("facet", facet)


def principle_name(number: int) -> str:
    """The short name of a principle of the Declaration, by its number (1 to 5)."""
    return str(PRINCIPLE_NAMES[number])
