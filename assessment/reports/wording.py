"""The words of the capability report and its status page, in English and French.

The PDF is written in the language asked for, whatever the language of the page that
asked for it, so its words are kept here as ``Text`` pairs (like the scoring engine's
sentences) rather than in the gettext catalogue, which follows the visitor's language.
"""

from __future__ import annotations

from collections.abc import Sequence

from questionnaires.model import Text

WORDS: dict[str, Text] = {
    # Cover and running heads
    "platform": Text(
        "Innovation Maturity Self-Assessment", "Autoévaluation de la maturité en innovation"
    ),
    "report_title": Text("Innovation capability report", "Rapport sur les capacités d'innovation"),
    "round": Text("Assessment round", "Campagne d'évaluation"),
    "unit_assessed": Text("Unit assessed", "Unité évaluée"),
    "period": Text("Answers collected", "Réponses recueillies"),
    "period_value": Text("{opens} to {closes}", "du {opens} au {closes}"),
    "respondents": Text("Submitted responses", "Réponses soumises"),
    "people": Text("Respondents", "Répondants"),
    "questionnaires": Text("Questionnaires", "Questionnaires"),
    "generated": Text("Produced on", "Produit le"),
    "page": Text("Page", "Page"),
    "of": Text("of", "sur"),
    "contents": Text("Contents", "Sommaire"),
    "colon": Text(": ", "\u00a0: "),
    # Executive summary
    "summary": Text("Executive summary", "Synthèse"),
    "summary_intro": Text(
        "Levels run from 1 (Ad hoc) to 5 (Leading). Each questionnaire gives an overall"
        " level; the Declaration principles combine the questions of every questionnaire.",
        "Les niveaux vont de 1 (Ad hoc) à 5 (Moteur). Chaque questionnaire donne un niveau"
        " d'ensemble ; les principes de la Déclaration regroupent les questions de tous"
        " les questionnaires.",
    ),
    "questionnaire": Text("Questionnaire", "Questionnaire"),
    "overall_level": Text("Overall level", "Niveau d'ensemble"),
    "level": Text("Level", "Niveau"),
    "score": Text("Score (1–5)", "Score (1–5)"),
    "principles": Text("Declaration principles", "Principes de la Déclaration"),
    "principle": Text("Principle", "Principe"),
    "weakest": Text("Dimensions to work on first", "Dimensions à travailler en priorité"),
    "trend": Text("Other rounds", "Autres campagnes"),
    "no_level": Text("No level yet", "Pas encore de niveau"),
    "insufficient": Text("Insufficient", "Insuffisants"),
    "not_applicable": Text("Not applicable", "Sans objet"),
    "not_asked": Text("Not asked", "Non posée"),
    # Levels and explanations
    "levels": Text("Levels and explanations", "Niveaux et explications"),
    "dimension": Text("Dimension", "Dimension"),
    "answered": Text("Answered", "Réponses"),
    "agreement": Text("Agreement", "Accord"),
    "held_down_by": Text("Held down by", "Freiné par"),
    "role_groups": Text("By role", "Par rôle"),
    "not_detailed": Text(
        "Details by question, by role and the action plan appear when at least {minimum}"
        " people have submitted, so that no one's answers can be read from them.",
        "Le détail par question, par rôle et le plan d'action apparaissent lorsqu'au moins"
        " {minimum} personnes ont soumis leurs réponses, afin que les réponses de chacun"
        " restent illisibles.",
    ),
    # Charts
    "chart_data": Text("Data shown in the chart", "Données du graphique"),
    "whole_result": Text("Across questionnaires", "Tous questionnaires confondus"),
    # Peers
    "peers": Text("Position among peers", "Position parmi les pairs"),
    "percentile": Text(
        "Band among peers (1 = lowest fifth, 5 = highest)",
        "Tranche parmi les pairs (1 = cinquième le plus bas, 5 = le plus haut)",
    ),
    "interval": Text("Bands it could be in", "Tranches où elle pourrait se trouver"),
    "peer_group": Text("Peer group", "Groupe de pairs"),
    "peers_too_small": Text(
        "The peer group is too small to show a position: a band appears once at"
        " least {minimum} comparable organisations have a result, so that no organisation"
        " can be identified.",
        "Le groupe de pairs est trop petit pour montrer une position : une tranche apparaît"
        " lorsqu'au moins {minimum} organisations comparables ont un résultat, afin"
        " qu'aucune ne puisse être identifiée.",
    ),
    # Action plan
    "action_plan": Text("Action plan", "Plan d'action"),
    "targets": Text("Targets", "Cibles"),
    "more_actions": Text(
        "{count} further actions are listed on the results page.",
        "{count} autres actions figurent sur la page des résultats.",
    ),
    "no_actions": Text(
        "No action needed to reach the targets.",
        "Aucune action n'est nécessaire pour atteindre les cibles.",
    ),
    # Methodology and data quality
    "methodology": Text("Methodology and data quality", "Méthodologie et qualité des données"),
    "method_scoring": Text(
        "Each question's value is the median of the answers given. A dimension's score is"
        " the weighted mean of its questions, and its level is the band the score falls in"
        " ({bands}). A dimension can be at most {item_gate} above its weakest question, and"
        " the overall level at most {dimension_gate} above the weakest dimension.",
        "La valeur de chaque question est la médiane des réponses. Le score d'une dimension"
        " est la moyenne pondérée de ses questions, et son niveau est la tranche où tombe ce"
        " score ({bands}). Une dimension ne peut dépasser de plus de {item_gate} sa question"
        " la plus faible, ni le niveau d'ensemble de plus de {dimension_gate} la dimension"
        " la plus faible.",
    ),
    "method_evidence": Text(
        "A level is given only when at least {coverage}% of the applicable questions have"
        ' an answer. "I do not know" and "Not applicable" answers are counted, not scored.',
        "Un niveau n'est attribué que si au moins {coverage}\u00a0% des questions"
        " applicables ont une réponse. Les réponses « Je ne sais pas » et « Sans objet »"
        " sont comptées, pas notées.",
    ),
    "method_privacy": Text(
        "Results by role, by question and the action plan are shown only for groups of at"
        " least {minimum} respondents.",
        "Les résultats par rôle, par question et le plan d'action ne sont montrés que pour"
        " des groupes d'au moins {minimum} répondants.",
    ),
    "one_level": Text("one level", "un niveau"),
    "levels_count": Text("{count} levels", "{count} niveaux"),
    "quality": Text("Answers received", "Réponses reçues"),
    "slots": Text("Questions asked", "Questions posées"),
    "answered_of_asked": Text("Answered (of asked)", "Réponses (sur posées)"),
    "count_of": Text("{count} of {total}", "{count} sur {total}"),
    "dont_know": Text("I do not know", "Je ne sais pas"),
    "missing": Text("Missing", "Manquantes"),
    # Appendix
    "appendix": Text("Appendix: aggregated answers", "Annexe : réponses agrégées"),
    "appendix_intro": Text(
        "How many respondents chose each answer, per question, counted over everyone who"
        " answered: 1 to 5 count the answers at each level (for questions on intended"
        " emphasis, each point of the scale); the median is the question's value. Who"
        " gave which answer is never shown.",
        "Nombre de répondants ayant choisi chaque réponse, par question, pour l'ensemble"
        " des personnes ayant répondu : 1 à 5 comptent les réponses de chaque niveau"
        " (pour les questions sur l'accent voulu, chaque point de l'échelle) ; la médiane"
        " est la valeur de la question. Qui a donné quelle réponse n'est jamais indiqué.",
    ),
    "by_question": Text("Answers per question", "Réponses par question"),
    "by_facet": Text(
        "Kinds of innovation chosen, per question", "Types d'innovation choisis, par question"
    ),
    "question": Text("Question", "Question"),
    "shared_comments": Text("Comments shared by respondents", "Commentaires partagés"),
    "shared_comments_intro": Text(
        "Comments whose authors agreed, when submitting, that they may be quoted without"
        " their name; printed as written, in alphabetical order.",
        "Commentaires dont les auteurs ont accepté, en envoyant leurs réponses, qu'ils"
        " soient cités sans leur nom ; reproduits tels quels, par ordre alphabétique.",
    ),
    "people_per_level": Text("Respondents per answer", "Répondants par réponse"),
    "people_per_kind": Text(
        "Respondents per kind of innovation", "Répondants par type d'innovation"
    ),
    "values": Text("Values", "Valeurs"),
    "median": Text("Median", "Médiane"),
    "question_withheld": Text(
        "Fewer than {minimum} people were asked this question: its answers are not counted"
        " here, so that no one's answer can be read from them.",
        "Moins de {minimum} personnes ont reçu cette question : ses réponses ne sont pas"
        " détaillées ici, afin que la réponse de chacun reste illisible.",
    ),
    # Status page
    "status_title": Text("Capability report (PDF)", "Rapport sur les capacités (PDF)"),
    "status_language": Text("Language of the report", "Langue du rapport"),
    "status_queued": Text(
        "The report is waiting to be prepared.", "Le rapport attend d'être préparé."
    ),
    "status_running": Text(
        "The report is being prepared. This page updates itself.",
        "Le rapport est en préparation. Cette page se met à jour d'elle-même.",
    ),
    "status_done": Text("The report is ready.", "Le rapport est prêt."),
    "status_failed": Text(
        "The report could not be prepared.", "Le rapport n'a pas pu être préparé."
    ),
    "download": Text("Download the report (PDF)", "Télécharger le rapport (PDF)"),
    "try_again": Text("Try again", "Réessayer"),
    "no_results": Text(
        "The report can be prepared once at least one person has submitted their answers.",
        "Le rapport pourra être préparé dès qu'une personne aura soumis ses réponses.",
    ),
    "failure": Text(
        "Something went wrong while preparing the report. Try again; if it fails again,"
        " contact the platform's support team.",
        "Un problème est survenu lors de la préparation du rapport. Réessayez ; si"
        " l'échec se répète, contactez l'équipe d'assistance de la plateforme.",
    ),
    "superseded": Text(
        "The answers changed while the report was being prepared; a new one is on its way.",
        "Les réponses ont changé pendant la préparation du rapport ; un nouveau est en cours.",
    ),
    "back": Text("Back to the round", "Retour à la campagne"),
}


def word(key: str, lang: str, **values: object) -> str:
    """The text ``key`` in ``lang``, with ``values`` filled in."""
    text = WORDS[key].get(lang)
    return text.format(**values) if values else text


def number(value: float | None, lang: str, digits: int = 2) -> str:
    """Write ``value`` with ``digits`` decimals and the language's decimal mark."""
    if value is None:
        return "–"
    written = f"{value:.{digits}f}"
    return written.replace(".", ",") if lang == "fr" else written


def percent(share: float | None, lang: str) -> str:
    """Write a 0–1 share as a whole percentage ("42%", "42 %" in French)."""
    if share is None:
        return "–"
    return f"{round(share * 100)}\u00a0%" if lang == "fr" else f"{round(share * 100)}%"


def labelled(pairs: Sequence[tuple[str, object]]) -> str:
    """``[("1", 0), ("2", 4)]`` as "1: 0 · 2: 4": each value says what it counts.

    The PDF prints such a cell rather than a column per value: a screen reader reads
    each number with its label, and WeasyPrint lays tables out cell by cell (a column
    per answer made the appendix the slowest part of the report).
    """
    return " · ".join(f"{label}: {value}" for label, value in pairs)
