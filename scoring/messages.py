"""Bilingual sentences of the explanations and reasons, and how numbers are written.

Templates are ``Text`` pairs with ``str.format`` fields; ``render`` fills both
languages, writing numbers the way each language does (2.60 / 2,60).
"""

from __future__ import annotations

from questionnaires.model import Text

SCORE = Text(
    "The score is {score} out of 5 ({percent} %), in the {band} band ({low} to {high}).",
    "Le score est de {score} sur 5 ({percent}\u00a0%), dans la tranche {band} ({low} à {high}).",
)
LEVEL = Text("The level is {level}.", "Le niveau est {level}.")
ITEM_GATE = Text(
    "Its weakest question is at {weakest}, and a dimension can be at most {margin} above"
    " its weakest question, so the level is {level}.",
    "Sa question la plus faible est au niveau {weakest}, et une dimension ne peut dépasser"
    " de plus de {margin} sa question la plus faible : le niveau est donc {level}.",
)
DIMENSION_GATE = Text(
    "Its weakest dimension is at {weakest}, and the overall level can be at most {margin}"
    " above the weakest dimension, so the level is {level}.",
    "Sa dimension la plus faible est au niveau {weakest}, et le niveau d'ensemble ne peut"
    " dépasser de plus de {margin} la dimension la plus faible : le niveau est donc {level}.",
)
ONE_LEVEL = Text("one level", "un niveau")
LEVELS = Text("{count} levels", "{count} niveaux")
INSUFFICIENT = Text(
    "Answers for {answered} of the {applicable} applicable questions ({share} %); a level"
    " needs at least {needed} %.",
    "Réponses pour {answered} des {applicable} questions applicables ({share}\u00a0%) ;"
    " un niveau en demande au moins {needed}\u00a0%.",
)
LACKING = Text(
    "Some dimensions have no level yet, so there is no overall level.",
    "Certaines dimensions n'ont pas encore de niveau : il n'y a donc pas de niveau d'ensemble.",
)
ALL_NOT_APPLICABLE = Text(
    "Every question was marked not applicable, so there is no level.",
    "Toutes les questions ont été jugées sans objet : il n'y a donc pas de niveau.",
)
NOT_ASKED = Text(
    "None of these questions was asked of the respondents' roles, so there is no level.",
    "Aucune de ces questions n'a été posée aux rôles des répondants : il n'y a donc pas de niveau.",
)
TOP = Text("This is the highest level of the scale.", "C'est le niveau le plus élevé de l'échelle.")
NEXT = Text(
    "To reach {next}, the score must be at least {floor}.",
    "Pour atteindre le niveau {next}, le score doit être d'au moins {floor}.",
)
NEXT_WITH_ITEM_GATE = Text(
    "To reach {next}, the score must be at least {floor} and no question may be below"
    " {minimum}; the questions listed describe what {next} looks like.",
    "Pour atteindre le niveau {next}, le score doit être d'au moins {floor} et aucune question"
    " ne doit être sous le niveau {minimum} ; les questions listées décrivent le niveau {next}.",
)
NEXT_WITH_DIMENSION_GATE = Text(
    "To reach {next}, the overall score must be at least {floor} and no dimension may be"
    " below {minimum}.",
    "Pour atteindre le niveau {next}, le score d'ensemble doit être d'au moins {floor} et"
    " aucune dimension ne doit être sous le niveau {minimum}.",
)
MORE_ANSWERS = Text(
    "Answer at least {count} more of the applicable questions to get a level.",
    "Répondez à au moins {count} autre(s) question(s) applicable(s) pour obtenir un niveau.",
)
COMPLETE_DIMENSIONS = Text(
    "Give every dimension listed enough answers to get a level.",
    "Donnez à chaque dimension listée assez de réponses pour obtenir un niveau.",
)
OVERALL = Text("Overall", "Ensemble")

TOO_FEW = Text(
    "Withheld: fewer than {minimum} respondents in this group, so its answers could be"
    " traced to individuals.",
    "Non affiché : moins de {minimum} répondants dans ce groupe, dont les réponses"
    " pourraient être attribuées à des personnes.",
)
PROTECTS_OTHER_GROUP = Text(
    "Withheld: showing it would let a smaller group's answers be worked out from the"
    " organisation result.",
    "Non affiché : il permettrait de déduire du résultat de l'organisation les réponses"
    " d'un groupe plus petit.",
)

CHANGE_TYPES = {
    "none": Text("No dominant facet", "Aucune facette dominante"),
    "single": Text("One dominant facet", "Une facette dominante"),
    "sustaining": Text("Sustaining change", "Changement de continuité"),
    "optimising": Text("Optimising change", "Changement d'optimisation"),
    "transformative": Text("Transformative change", "Changement transformateur"),
    "disruptive": Text("Disruptive change", "Changement de rupture"),
    "confusion": Text(
        "Zone of confusion: opposite facets, unclear purpose",
        "Zone de confusion : facettes opposées, finalité peu claire",
    ),
    "mixed": Text("Mixed: three or more strong facets", "Mixte : trois facettes fortes ou plus"),
}

AGREEMENT_LABELS = {
    "none": Text("No agreement", "Pas d'accord"),
    "weak": Text("Weak agreement", "Accord faible"),
    "moderate": Text("Moderate agreement", "Accord modéré"),
    "strong": Text("Strong agreement", "Accord fort"),
    "very_strong": Text("Very strong agreement", "Accord très fort"),
}


def number(value: float, lang: str) -> str:
    """Write ``value`` with two decimals, with a decimal comma in French."""
    written = f"{value:.2f}"
    return written.replace(".", ",") if lang == "fr" else written


def percent(value: float) -> float | int:
    """A percentage as it reads best: whole numbers without decimals (60, not 60.00)."""
    return int(value) if value.is_integer() else value


def margin(levels: int) -> Text:
    """Say "one level" or "N levels"."""
    return ONE_LEVEL if levels == 1 else render(LEVELS, count=levels)


def render(template: Text, **values: object) -> Text:
    """Fill ``template`` in both languages; ``Text`` values are taken in each language."""
    return Text(_fill(template.en, "en", values), _fill(template.fr, "fr", values))


def _fill(pattern: str, lang: str, values: dict[str, object]) -> str:
    local: dict[str, object] = {}
    for key, value in values.items():
        if isinstance(value, Text):
            local[key] = value.get(lang)
        elif isinstance(value, float):
            local[key] = number(value, lang)
        else:
            local[key] = value
    return pattern.format(**local)
