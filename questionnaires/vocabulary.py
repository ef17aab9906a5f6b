"""Controlled vocabularies that items are tagged with: the codes, in their usual order.

The codes are stable: they are stored, exported and used as chart axes. They carry no
words: the application names them through its translation catalogues
(assessment/core/vocabulary.py), so that adding a language never means editing Python.
The frameworks they come from are cited in docs/questionnaires.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

ROLES: tuple[str, ...] = ("leader", "staff", "partner")

# The innovation lifecycle (OPSI); not linear, but listed in its usual order.
STAGES: tuple[str, ...] = (
    "identifying-problems",
    "generating-ideas",
    "developing-proposals",
    "implementing-projects",
    "evaluating-projects",
    "diffusing-lessons",
)

# Core skills for public sector innovation (OPSI, 2017).
SKILLS: tuple[str, ...] = (
    "iteration",
    "data-literacy",
    "user-centricity",
    "curiosity",
    "storytelling",
    "insurgency",
)

# Ability, opportunity and motivation to use a skill.
CAPACITIES: tuple[str, ...] = ("ability", "opportunity", "motivation")

PARTNERS: tuple[str, ...] = (
    "citizens",
    "academia",
    "private-sector",
    "civil-society",
    "public-bodies",
    "international",
)

# What an ecosystem item asks about a partner type.
ASPECTS: tuple[str, ...] = ("frequency", "depth", "effect")

# The four innovation facets (OPSI).
FACETS: tuple[str, ...] = ("enhancement", "mission", "adaptive", "anticipatory")

# The five principles of the OECD Declaration on Public Sector Innovation (2019), by
# number. A set, not a tuple, so that PRINCIPLES[n] fails instead of giving a number.
PRINCIPLES: frozenset[int] = frozenset({1, 2, 3, 4, 5})

# Which tag keys exist, and the vocabulary each draws its values from.
TAG_VOCABULARIES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "stage": STAGES,
        "skill": SKILLS,
        "capacity": CAPACITIES,
        "partner": PARTNERS,
        "aspect": ASPECTS,
        "facet": FACETS,
    }
)
