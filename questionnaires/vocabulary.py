"""Controlled vocabularies that items are tagged with: the codes, in their usual order.

TRANSITIONAL: each code still carries an English and French label here, as the engine,
the results and the benchmarks read them until their branches (which name codes through
the app's catalogues, assessment/core/vocabulary.py) are merged. Revert the commit that
put the labels back: the codes alone stay, and adding a language means no Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from questionnaires.model import Text


def _vocab(entries: dict[str, tuple[str, str]]) -> Mapping[str, Text]:
    return MappingProxyType({code: Text(en=en, fr=fr) for code, (en, fr) in entries.items()})


ROLES = _vocab(
    {
        "leader": ("Leader", "Responsable"),
        "staff": ("Staff member", "Membre du personnel"),
        "partner": ("Partner", "Partenaire"),
    }
)

# The innovation lifecycle (OPSI); not linear, but listed in its usual order.
STAGES = _vocab(
    {
        "identifying-problems": ("Identifying problems", "Identifier les problèmes"),
        "generating-ideas": ("Generating ideas", "Générer des idées"),
        "developing-proposals": ("Developing proposals", "Élaborer des propositions"),
        "implementing-projects": ("Implementing projects", "Mettre en œuvre les projets"),
        "evaluating-projects": ("Evaluating projects", "Évaluer les projets"),
        "diffusing-lessons": ("Diffusing lessons", "Diffuser les enseignements"),
    }
)

# Core skills for public sector innovation (OPSI, 2017).
SKILLS = _vocab(
    {
        "iteration": ("Iteration", "Itération"),
        "data-literacy": ("Data literacy", "Maîtrise des données"),
        "user-centricity": ("User centricity", "Orientation usagers"),
        "curiosity": ("Curiosity", "Curiosité"),
        "storytelling": ("Storytelling", "Mise en récit"),
        "insurgency": ("Insurgency", "Esprit de remise en cause"),
    }
)

# Ability, opportunity and motivation to use a skill.
CAPACITIES = _vocab(
    {
        "ability": ("Ability", "Capacité"),
        "opportunity": ("Opportunity", "Occasion"),
        "motivation": ("Motivation", "Motivation"),
    }
)

PARTNERS = _vocab(
    {
        "citizens": ("Citizens and service users", "Citoyens et usagers"),
        "academia": ("Academia and research", "Universités et recherche"),
        "private-sector": ("Private sector and GovTech", "Secteur privé et GovTech"),
        "civil-society": ("Civil society", "Société civile"),
        "public-bodies": (
            "Other public bodies and levels of government",
            "Autres organismes publics et niveaux d'administration",
        ),
        "international": ("International peers", "Pairs internationaux"),
    }
)

# What an ecosystem item asks about a partner type.
ASPECTS = _vocab(
    {
        "frequency": ("How often", "Fréquence"),
        "depth": ("How deep", "Profondeur"),
        "effect": ("Effect on decisions", "Effet sur les décisions"),
    }
)

# The four innovation facets (OPSI).
FACETS = _vocab(
    {
        "enhancement": ("Enhancement-oriented", "Amélioration"),
        "mission": ("Mission-oriented", "Orientée mission"),
        "adaptive": ("Adaptive", "Adaptative"),
        "anticipatory": ("Anticipatory", "Anticipative"),
    }
)

# The five principles of the OECD Declaration on Public Sector Innovation (2019),
# in short labels of our own.
PRINCIPLES: Mapping[int, Text] = MappingProxyType(
    {
        1: Text(en="Embrace and enhance innovation", fr="Adopter et renforcer l'innovation"),
        2: Text(en="Equip all public servants", fr="Donner à chaque agent les moyens d'innover"),
        3: Text(en="New partnerships and voices", fr="Partenariats et points de vue nouveaux"),
        4: Text(en="Explore, iterate and test", fr="Explorer, itérer et tester"),
        5: Text(en="Share lessons and practices", fr="Partager enseignements et pratiques"),
    }
)

# Which tag keys exist, and the vocabulary each draws its values from.
TAG_VOCABULARIES: Mapping[str, Mapping[str, Text]] = MappingProxyType(
    {
        "stage": STAGES,
        "skill": SKILLS,
        "capacity": CAPACITIES,
        "partner": PARTNERS,
        "aspect": ASPECTS,
        "facet": FACETS,
    }
)
