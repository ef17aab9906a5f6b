"""The words of the benchmark report (PDF) and its status page, in English and French.

Words the benchmark pages already use (``services.benchmark_wording``) are read from
there, so that the PDF says exactly what the page says; the report's own words are
added here. The words shared with the capability report (tables of chart data, page
numbers, the status page) are gettext messages of the report templates.
"""

from __future__ import annotations

from assessment.benchmarks import wording as page_wording
from questionnaires.model import Text

WORDS: dict[str, Text] = {
    "platform": Text(
        "Innovation Maturity Self-Assessment", "Autoévaluation de la maturité en innovation"
    ),
    "colon": Text(": ", "\u00a0: "),
    "report_title": Text("Benchmark report", "Rapport de comparaison"),
    "explorer_subtitle": Text("Comparison across governments", "Comparaison entre administrations"),
    "national_subtitle": Text(
        "Agencies of {country} compared", "Organismes : {country}, en comparaison"
    ),
    "breakdown": Text("Broken down by", "Ventilé par"),
    "no_breakdown": Text("No breakdown (all organisations)", "Aucune ventilation (toutes)"),
    "no_filter": Text("None", "Aucun"),
    "basis": Text("What the figures rest on", "Sur quoi reposent les chiffres"),
    "rules": Text("Disclosure rules", "Règles de diffusion"),
    "rules_intro": Text(
        "Figures are published only when they cannot point to an organisation: a withheld"
        " figure is never printed, only the rule that withheld it.",
        "Un chiffre n'est publié que s'il ne peut désigner aucune organisation : un"
        " chiffre masqué n'est jamais imprimé, seule la règle qui l'a masqué l'est.",
    ),
    "organisations_counted": Text("Organisations counted", "Organisations comptées"),
    "cells_published": Text("Figures published", "Chiffres publiés"),
    "cells_withheld": Text("Figures withheld", "Chiffres masqués"),
    "cells_protecting": Text(
        "of which withheld to protect another", "dont masqués pour en protéger un autre"
    ),
    "versions": Text("Questionnaire versions", "Versions du questionnaire"),
    "periods": Text("Periods (year closed)", "Périodes (année de clôture)"),
    "as_of": Text("Figures as of", "Chiffres au"),
    "produced": Text("Produced on", "Produit le"),
    "withheld_total": Text("withheld", "masqué"),
    "scores": Text("Median scores by group", "Scores médians par groupe"),
    "withheld_because": Text("Withheld: {note}", "Masqué : {note}"),
    "charts": Text("Charts", "Graphiques"),
    "levels": Text("Organisations at each level", "Organisations à chaque niveau"),
    "named_intro": Text(
        "Only agencies whose round agreed to be named in benchmarks appear here.",
        "Seuls les organismes dont la campagne a accepté d'être nommée figurent ici.",
    ),
    "progress": Text("Rounds in the country", "Campagnes dans le pays"),
    # Status page
    "status_title": Text("Benchmark report (PDF)", "Rapport de comparaison (PDF)"),
    "back_explorer": Text("Back to the explorer", "Retour à l'explorateur"),
    "back_national": Text("Back to the country page", "Retour à la page du pays"),
    "download": Text("Download the report (PDF)", "Télécharger le rapport (PDF)"),
}


def word(key: str, lang: str, **values: object) -> str:
    """The report's text ``key`` in ``lang``: its own words, else the page's."""
    if key in WORDS:
        text = WORDS[key].get(lang)
        return text.format(**values) if values else text
    return page_wording.word(key, lang, **values)
