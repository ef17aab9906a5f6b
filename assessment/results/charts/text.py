"""Chart wording in both languages, and numbers written the way each language does.

Charts are built from plain data in the data's own language, also in the report worker
where no request (and so no Flask-Babel locale) exists, so their sentences are ``Text``
pairs like the scoring engine's, not gettext messages.
"""

from __future__ import annotations

from questionnaires.model import Text
from scoring.messages import number
from scoring.rules import LEVEL_NAMES

NO_VALUE = "–"

# Titles
RADAR_TITLE = Text("{questionnaire}: score per dimension", "{questionnaire} : score par dimension")
MATRIX_TITLES = {
    ("stage", "skill"): Text(
        "Skills at each stage of the innovation process",
        "Compétences à chaque étape du processus d'innovation",
    ),
    ("partner", "stage"): Text(
        "Partners at each stage of the innovation process",
        "Partenaires à chaque étape du processus d'innovation",
    ),
}
MATRIX_TITLE = Text("{rows} by {columns}", "{rows} par {columns}")
FACET_TITLE = Text(
    "Kinds of innovation today and as intended",
    "Types d'innovation aujourd'hui et tels que voulus",
)
GROUPS_TITLE = Text(
    "{questionnaire}: leaders, staff and partners",
    "{questionnaire} : responsables, personnel et partenaires",
)
AGREEMENT_TITLE = Text(
    "{questionnaire}: agreement among respondents", "{questionnaire} : accord entre répondants"
)
TREND_TITLE = Text("Overall score across rounds", "Score d'ensemble d'une campagne à l'autre")

# Captions: one sentence on what the chart shows.
RADAR_CAPTION = Text(
    "Score from 1 to 5 in each dimension of “{questionnaire}”, from {responses}{peers}.",
    "Score de 1 à 5 dans chaque dimension de « {questionnaire} », d'après {responses}{peers}.",
)
RADAR_PEERS = Text(
    ", with the peer median and the middle half of peers",
    ", avec la médiane des pairs et la moitié centrale des pairs",
)
MATRIX_CAPTIONS = {
    ("stage", "skill"): Text(
        "Mean score (1 to 5) of the questions on each skill at each stage of the innovation"
        " process; each cell shows its score, and an empty cell has none.",
        "Score moyen (1 à 5) des questions sur chaque compétence à chaque étape du processus"
        " d'innovation ; chaque case indique son score, une case vide n'en a pas.",
    ),
    ("partner", "stage"): Text(
        "Mean score (1 to 5) of the questions on working with each kind of partner at each stage"
        " of the innovation process; each cell shows its score, and an empty cell has none.",
        "Score moyen (1 à 5) des questions sur le travail avec chaque type de partenaire à"
        " chaque étape du processus d'innovation ; chaque case indique son score, une case"
        " vide n'en a pas.",
    ),
}
MATRIX_CAPTION = Text(
    "Mean score (1 to 5) of the questions in each cell; each cell shows its score.",
    "Score moyen (1 à 5) des questions de chaque case ; chaque case indique son score.",
)
FACET_CAPTION = Text(
    "Share of answers pointing to each kind of innovation today, next to the share intended"
    " from leadership's emphasis, in percent.",
    "Part des réponses qui désignent chaque type d'innovation aujourd'hui, à côté de la part"
    " voulue d'après l'importance que lui donne la direction, en pourcentage.",
)
FACET_CAPTION_TODAY = Text(
    "Share of answers pointing to each kind of innovation today, in percent.",
    "Part des réponses qui désignent chaque type d'innovation aujourd'hui, en pourcentage.",
)
GROUPS_CAPTION = Text(
    "Score from 1 to 5 in each dimension of {questionnaire} as each group of respondents sees it.",
    "Score de 1 à 5 dans chaque dimension de « {questionnaire} » selon chaque groupe de"
    " répondants.",
)
AGREEMENT_CAPTION = Text(
    "How far respondents agree in each dimension of “{questionnaire}”, from 0 (no agreement) to"
    " 1 (full agreement), measured by the r_wg index.",
    "Degré d'accord entre répondants dans chaque dimension de « {questionnaire} », de 0 (aucun"
    " accord) à 1 (accord total), mesuré par l'indice r_wg.",
)
TREND_CAPTION = Text(
    "Overall score from 1 to 5 of each questionnaire in this round and the earlier ones.",
    "Score d'ensemble de 1 à 5 de chaque questionnaire pour cette campagne et les précédentes.",
)

# Summaries: a plain reading of the data.
STRONGEST_WEAKEST = Text(
    "Strongest: {strong} ({strong_score}, {strong_level}); weakest: {weak} ({weak_score},"
    " {weak_level}).",
    "Point le plus fort : {strong} ({strong_score}, {strong_level}) ; point le plus faible :"
    " {weak} ({weak_score}, {weak_level}).",
)
ALL_SAME = Text(
    "Every dimension with a level is at {score} ({level}).",
    "Toutes les dimensions qui ont un niveau sont à {score} ({level}).",
)
ONLY_ONE = Text("{name}: {score} ({level}).", "{name} : {score} ({level}).")
NO_SCORE = Text(
    "No dimension has enough answers for a level yet.",
    "Aucune dimension n'a encore assez de réponses pour obtenir un niveau.",
)
WITHOUT_SCORE = Text(
    "Without a level for lack of answers: {names}.",
    "Sans niveau faute de réponses : {names}.",
)
PEERS_ABOVE = Text(
    "At or above the peer median in {above} of {compared} dimensions.",
    "Au niveau de la médiane des pairs ou au-dessus dans {above} dimensions sur {compared}.",
)
PEERS_MISSING = Text(
    "No peer comparison: the peer group is too small or not available yet.",
    "Pas de comparaison avec les pairs : le groupe de pairs est trop petit ou pas encore"
    " disponible.",
)
MATRIX_SUMMARY = Text(
    "Highest: {high_row}, {high_column} ({high}); lowest: {low_row}, {low_column} ({low})."
    " {empty} of {cells} cells have no score.",
    "Case la plus haute : {high_row}, {high_column} ({high}) ; la plus basse : {low_row},"
    " {low_column} ({low}). {empty} cases sur {cells} n'ont pas de score.",
)
MATRIX_EMPTY = Text("No cell has a score yet.", "Aucune case n'a encore de score.")
FACET_SUMMARY = Text(
    "Largest gap: {facet}, {actual}\u00a0% today against {intended}\u00a0% intended ({gap} points)."
    " {change_type}.",
    "Écart le plus grand : {facet}, {actual}\u00a0% aujourd'hui contre {intended}\u00a0% voulus"
    " ({gap} points). {change_type}.",
)
FACET_SUMMARY_TODAY = Text(
    "Most chosen: {facet} ({actual}\u00a0%). {change_type}.",
    "Le plus choisi : {facet} ({actual}\u00a0%). {change_type}.",
)
GROUPS_SUMMARY = Text(
    "Largest difference: {dimension}, where {high_group} give {high} and {low_group} {low}"
    " ({gap} apart).",
    "Plus grand écart : {dimension}, où {high_group} donnent {high} et {low_group} {low}"
    " ({gap} d'écart).",
)
GROUPS_SAME = Text(
    "The groups give the same scores in every dimension.",
    "Les groupes donnent les mêmes scores dans chaque dimension.",
)
AGREEMENT_SUMMARY = Text(
    "Lowest agreement: {low} ({low_value}, {low_label}); highest: {high} ({high_value},"
    " {high_label}).",
    "Accord le plus faible : {low} ({low_value}, {low_label}) ; le plus fort : {high}"
    " ({high_value}, {high_label}).",
)
TREND_CHANGE = Text(
    "{questionnaire}: from {first} to {last} ({change})",
    "{questionnaire} : de {first} à {last} ({change})",
)
TREND_SINGLE = Text("{questionnaire}: {last}", "{questionnaire} : {last}")

# Reasons a chart is left out.
GROUPS_WITHHELD = Text(
    "The comparison of leaders, staff and partners is not shown: fewer than two groups can be"
    " shown without revealing individual answers.",
    "La comparaison entre responsables, personnel et partenaires n'est pas affichée : moins"
    " de deux groupes peuvent être montrés sans révéler de réponses individuelles.",
)
NOT_DETAILED = Text(
    "Shown once at least {minimum} people have submitted, so that no one's answers can be read"
    " from it.",
    "Affiché dès qu'au moins {minimum} personnes ont soumis leurs réponses, afin que personne"
    " ne puisse y lire les réponses d'autrui.",
)
NO_AGREEMENT = Text(
    "Agreement needs at least two answers to the same questions; there are not enough yet.",
    "L'accord demande au moins deux réponses aux mêmes questions ; il n'y en a pas encore assez.",
)
ONE_ROUND = Text(
    "The trend appears once an earlier round of this organisation has a result.",
    "L'évolution apparaît dès qu'une campagne précédente de l'organisation a un résultat.",
)

# Axis, legend and table words.
DIMENSION = Text("Dimension", "Dimension")
SCORE = Text("Score (1 to 5)", "Score (1 à 5)")
LEVEL = Text("Level", "Niveau")
ORGANISATION = Text("Your organisation", "Votre organisation")
PEER_MEDIAN = Text("Peer median", "Médiane des pairs")
PEER_BAND = Text(
    "Middle half of peers (25th to 75th percentile)",
    "Moitié centrale des pairs (25e au 75e centile)",
)
PEER_COUNT = Text("Peers", "Pairs")
FACET = Text("Kind of innovation", "Type d'innovation")
TODAY = Text("Today (%)", "Aujourd'hui (%)")
INTENDED = Text("Intended (%)", "Voulu (%)")
GAP = Text("Gap (points)", "Écart (points)")
SHARE = Text("Share of answers (%)", "Part des réponses (%)")
RWG = Text("Agreement (r_wg)", "Accord (r_wg)")
READING = Text("Reading", "Lecture")
ROUND = Text("Round", "Campagne")
CLOSES = Text("Closes", "Clôture")
QUESTIONNAIRE = Text("Questionnaire", "Questionnaire")
NOT_ENOUGH = Text("not enough answers", "pas assez de réponses")
NO_CELL_SCORE = Text("no score", "pas de score")
ROW_TAGS = {
    "stage": Text("Stage", "Étape"),
    "skill": Text("Skill", "Compétence"),
    "partner": Text("Partner", "Partenaire"),
}
GROUP_PLURALS = {
    "leader": Text("leaders", "les responsables"),
    "staff": Text("staff", "le personnel"),
    "partner": Text("partners", "les partenaires"),
}


def say(template: Text, lang: str, **values: object) -> str:
    """Fill ``template`` in ``lang``; ``Text`` values are taken in the same language."""
    local = {k: v.get(lang) if isinstance(v, Text) else v for k, v in values.items()}
    return template.get(lang).format(**local)


def score(value: float | None, lang: str) -> str:
    """A 1-5 score with two decimals ("1.60", "1,60"), or a dash when there is none."""
    return NO_VALUE if value is None else number(value, lang)


def percent(value: float | None, lang: str) -> str:
    """A percentage with no decimals ("22"), or a dash."""
    return NO_VALUE if value is None else f"{value:.0f}"


def signed(value: float, lang: str) -> str:
    """A difference with its sign ("+1.87", "−0,40")."""
    written = number(abs(value), lang)
    return ("+" if value >= 0 else "−") + written


def responses(count: int, lang: str) -> str:
    """Say how many responses were submitted ("1 submitted response")."""
    if lang == "fr":
        return f"{count} réponse soumise" if count < 2 else f"{count} réponses soumises"
    return f"{count} submitted response" + ("" if count == 1 else "s")


def points(value: float, lang: str) -> str:
    """A difference in score points ("1.00 point", "0,50 point", "2.25 points")."""
    singular = value < 2 if lang == "fr" else value == 1
    return f"{number(value, lang)} point" + ("" if singular else "s")


def level(value: int | None, lang: str) -> str:
    """A level with its name ("2 – Emerging"), or a dash."""
    return NO_VALUE if value is None else f"{value} – {LEVEL_NAMES[value].get(lang)}"


def level_name(value: int | None, lang: str) -> str:
    """The name of a level ("Emerging"), or "not enough answers"."""
    return NOT_ENOUGH.get(lang) if value is None else LEVEL_NAMES[value].get(lang)
