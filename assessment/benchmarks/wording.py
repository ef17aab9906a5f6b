"""Every sentence of the benchmark pages, exports and API, in English and French.

Kept as text pairs beside the code (as the questionnaires and the engine do) so that
exports and the API, which run outside a request's language, read the same words. How
grouping fields, their values, levels and numbers read is in ``benchmark_labels``.
"""

from __future__ import annotations

from questionnaires.model import Text

WORDS: dict[str, Text] = {
    # Shared
    "all": Text("All", "Tous"),
    "all_organisations": Text("All organisations", "Toutes les organisations"),
    "overall": Text("Overall", "Ensemble"),
    "withheld": Text("Withheld", "Masqué"),
    "not_shown": Text("Not shown", "Non montré"),
    "organisations": Text("Organisations", "Organisations"),
    "countries": Text("Countries", "Pays"),
    "median": Text("Median", "Médiane"),
    "mean": Text("Mean", "Moyenne"),
    "middle_half": Text("Middle half (25th–75th percentile)", "Moitié centrale (25e–75e centile)"),
    "level_n": Text("Level {level}", "Niveau {level}"),
    "group": Text("Group", "Groupe"),
    "dimension": Text("Dimension", "Dimension"),
    "score_scale": Text("Score (1 to 5)", "Score (1 à 5)"),
    "share_of_organisations": Text("Share of organisations (%)", "Part des organisations (%)"),
    "staff": Text("{band} staff", "{band} agents"),
    # Explorer
    "explorer_title": Text("Benchmark explorer", "Explorateur de comparaisons"),
    "explorer_caption": Text("Analyst workspace", "Espace analyste"),
    "explorer_intro": Text(
        "Compare consented, anonymised results across governments. Choose up to two"
        " fields in all: each can break the table down or filter it. Every figure goes"
        " through disclosure control before it is shown.",
        "Comparez les résultats anonymisés, publiés avec consentement, entre"
        " administrations. Choisissez au plus deux champs en tout : chacun peut ventiler"
        " le tableau ou le filtrer. Chaque chiffre passe par le contrôle de la divulgation"
        " avant d'être montré.",
    ),
    "questionnaire": Text("Questionnaire", "Questionnaire"),
    "break_down_by": Text("Break down by", "Ventiler par"),
    "then_by": Text("Then by (optional)", "Puis par (facultatif)"),
    "nothing": Text("Nothing", "Rien"),
    "filters": Text("Filters", "Filtres"),
    "any_value": Text("Any", "Tous"),
    "show_table": Text("Show the comparison", "Afficher la comparaison"),
    "query_problem": Text("There is a problem", "Il y a un problème"),
    "scores_by_group": Text("Scores by group", "Scores par groupe"),
    "scores_by_group_caption": Text(
        "Median scores (1 to 5) of each group: overall, with the middle half of its"
        " organisations in brackets, then per dimension. A row marked “All” covers the"
        " groups above it.",
        "Scores médians (1 à 5) de chaque groupe : global, avec entre parenthèses la moitié"
        " centrale de ses organisations, puis par dimension. Une ligne « Tous » couvre les"
        " groupes au-dessus.",
    ),
    "overall_header": Text("Overall (middle half)", "Global (moitié centrale)"),
    "heatmap_title": Text(
        "Median score by dimension and group", "Score médian par dimension et groupe"
    ),
    "heatmap_caption": Text(
        "Each square is the median score of a dimension in a group; empty squares are withheld.",
        "Chaque case est le score médian d'une dimension dans un groupe ; les cases vides"
        " sont masquées.",
    ),
    "heatmap_summary": Text(
        "{shown} of {total} squares are shown; empty ones are withheld by disclosure control.",
        "{shown} cases sur {total} sont montrées ; les cases vides sont masquées par le"
        " contrôle de la divulgation.",
    ),
    "distribution_title": Text(
        "Overall level: distribution of organisations",
        "Niveau global : répartition des organisations",
    ),
    "distribution_caption": Text(
        "Share of the organisations of each group at each maturity level (groups of at"
        " least {minimum} organisations).",
        "Part des organisations de chaque groupe à chaque niveau de maturité (groupes d'au"
        " moins {minimum} organisations).",
    ),
    "distribution_summary": Text(
        "Distributions are shown for {shown} of {total} groups.",
        "Les répartitions sont montrées pour {shown} groupes sur {total}.",
    ),
    "no_chart": Text(
        "No group can be drawn: every figure is withheld.",
        "Aucun groupe ne peut être dessiné : tous les chiffres sont masqués.",
    ),
    "margin_of": Text("All {field}", "Tous ({field})"),
    "method": Text("Method", "Méthode"),
    "method_versions": Text("Questionnaire versions", "Versions du questionnaire"),
    "method_periods": Text("Periods", "Périodes"),
    "method_rules": Text(
        "At least {organisations} organisations per published figure, {distribution} before"
        " quartiles or levels, {countries} countries in a figure that mixes countries, no"
        " country above {share} % of such a figure; scores rounded to {decimals} decimal;"
        " complementary suppression so that no withheld figure can be worked out from the others.",
        "Au moins {organisations} organisations par chiffre publié, {distribution} avant les"
        " quartiles ou les niveaux, {countries} pays dans un chiffre qui mélange des pays,"
        " aucun pays au-delà de {share} % d'un tel chiffre ; scores arrondis à {decimals}"
        " décimale ; suppression complémentaire pour qu'aucun chiffre masqué ne puisse être"
        " déduit des autres.",
    ),
    "method_counts": Text(
        "{cells} figures in this table, {suppressed} withheld ({complementary} of them to"
        " protect others).",
        "{cells} chiffres dans ce tableau, dont {suppressed} masqués ({complementary} pour"
        " en protéger d'autres).",
    ),
    "method_records": Text(
        "Each organisation counts once, with its latest closed round whose consent allows"
        " benchmarks; private rounds never count.",
        "Chaque organisation compte une fois, avec sa dernière campagne close dont le"
        " consentement permet les comparaisons ; les campagnes privées ne comptent jamais.",
    ),
    "generated": Text("Produced on {date}", "Produit le {date}"),
    "download": Text("Download this comparison", "Télécharger cette comparaison"),
    "download_csv": Text("CSV", "CSV"),
    "download_xlsx": Text("Excel (XLSX)", "Excel (XLSX)"),
    "download_pdf": Text("PDF report (English)", "Rapport PDF (anglais)"),
    "download_pdf_fr": Text("PDF report (French)", "Rapport PDF (français)"),
    "national_pdf": Text(
        "Download this page as a PDF report", "Télécharger cette page en rapport PDF"
    ),
    "download_json": Text("JSON", "JSON"),
    "quality_link": Text(
        "Measurement quality of this questionnaire", "Qualité de mesure de ce questionnaire"
    ),
    "reasons": Text("Why figures are withheld", "Pourquoi des chiffres sont masqués"),
    # Query problems
    "unknown_questionnaire": Text(
        "Choose a questionnaire from the list.", "Choisissez un questionnaire dans la liste."
    ),
    "unknown_field": Text(
        "Choose fields from the lists.", "Choisissez des champs dans les listes."
    ),
    "field_twice": Text(
        "Choose two different fields to break down by.",
        "Choisissez deux champs différents pour la ventilation.",
    ),
    "grouped_and_filtered": Text(
        "A field cannot be both a breakdown and a filter: choose one.",
        "Un champ ne peut pas servir à la fois de ventilation et de filtre : choisissez.",
    ),
    "too_many_fields": Text(
        "Use at most two fields in all, counting breakdowns and filters.",
        "Utilisez au plus deux champs en tout, ventilations et filtres compris.",
    ),
    "bad_value": Text(
        "Choose filter values from the lists.",
        "Choisissez les valeurs des filtres dans les listes.",
    ),
    # Quality
    "quality_title": Text("Measurement quality", "Qualité de mesure"),
    "quality_intro": Text(
        "How well each dimension's questions measure it, from the submitted answers of"
        " consented, closed rounds of version {version}. Only aggregated statistics are"
        " shown: no respondent and no organisation.",
        "Dans quelle mesure les questions de chaque dimension la mesurent, d'après les"
        " réponses soumises des campagnes closes et consenties, version {version}. Seules"
        " des statistiques agrégées sont montrées : aucun répondant, aucune organisation.",
    ),
    "quality_withheld": Text(
        "Not shown: the answers come from too few organisations or countries ({reason})",
        "Non montrée : les réponses viennent de trop peu d'organisations ou de pays ({reason})",
    ),
    "quality_counts": Text(
        "Answers of {respondents} respondents in {organisations} organisations.",
        "Réponses de {respondents} répondants dans {organisations} organisations.",
    ),
    "alpha": Text("Cronbach's alpha", "Alpha de Cronbach"),
    "items": Text("Questions", "Questions"),
    "ceiling_items": Text("Ceiling questions", "Questions plafond"),
    "floor_items": Text("Floor questions", "Questions plancher"),
    "dont_know": Text("“I do not know”", "« Je ne sais pas »"),
    "not_applicable": Text("“Not applicable”", "« Sans objet »"),
    "alpha_too_few_items": Text("fewer than two questions", "moins de deux questions"),
    "alpha_too_few_complete_respondents": Text(
        "too few complete answers", "trop peu de réponses complètes"
    ),
    "alpha_no_variance": Text("answers do not vary", "les réponses ne varient pas"),
    "quality_help": Text(
        "Alpha of 0.70 or more is usually read as consistent. A ceiling (floor) question"
        " has more than {share} % of its answers at level 5 (level 1).",
        "Un alpha de 0,70 ou plus est en général jugé cohérent. Une question plafond"
        " (plancher) a plus de {share} % de ses réponses au niveau 5 (niveau 1).",
    ),
    # National page
    "national_caption": Text("National coordinator", "Coordination nationale"),
    "national_title": Text("Agencies in {country}", "Organismes : {country}"),
    "national_intro": Text(
        "Results of your country's agencies that consented to benchmarks, compared"
        " under the same disclosure rules as every benchmark. Agencies appear by name"
        " only when they chose named consent.",
        "Résultats des organismes de votre pays qui ont consenti aux comparaisons, sous"
        " les mêmes règles de divulgation que toute comparaison. Un organisme n'apparaît"
        " par son nom que s'il a choisi le consentement nominatif.",
    ),
    "progress": Text("Progress of assessment rounds", "Avancement des campagnes d'évaluation"),
    "progress_organisations": Text("Registered organisations", "Organisations inscrites"),
    "progress_with_rounds": Text(
        "Organisations with at least one round", "Organisations ayant au moins une campagne"
    ),
    "progress_upcoming": Text("Rounds not yet open", "Campagnes pas encore ouvertes"),
    "progress_open": Text("Rounds open now", "Campagnes ouvertes"),
    "progress_closed": Text("Rounds closed", "Campagnes closes"),
    "progress_consent_private": Text("Closed rounds kept private", "Campagnes closes privées"),
    "progress_consent_anonymous": Text(
        "Closed rounds in anonymous benchmarks", "Campagnes closes en comparaison anonyme"
    ),
    "progress_consent_named": Text(
        "Closed rounds with named consent", "Campagnes closes avec consentement nominatif"
    ),
    "progress_invited": Text("People invited", "Personnes invitées"),
    "progress_submitted": Text("Responses submitted", "Réponses soumises"),
    "levels_distribution": Text(
        "Distribution of levels per dimension", "Répartition des niveaux par dimension"
    ),
    "levels_distribution_caption": Text(
        "Organisations of {country} at each level, per dimension.",
        "Organisations ({country}) à chaque niveau, par dimension.",
    ),
    "by_level_of_government": Text("By level of government", "Par niveau d'administration"),
    "named_agencies": Text(
        "Agencies that chose named consent", "Organismes ayant choisi le consentement nominatif"
    ),
    "named_none": Text(
        "No agency of your country has chosen named consent for this questionnaire.",
        "Aucun organisme de votre pays n'a choisi le consentement nominatif pour ce questionnaire.",
    ),
    "round": Text("Round", "Campagne"),
    "agency": Text("Agency", "Organisme"),
    "overall_level": Text("Overall level", "Niveau global"),
    "overall_score": Text("Overall score", "Score global"),
    "no_records": Text(
        "No consented result for this questionnaire yet.",
        "Aucun résultat consenti pour ce questionnaire à ce jour.",
    ),
    # Peer placement
    "peer_group_all": Text(
        "All organisations using version {version}",
        "Toutes les organisations utilisant la version {version}",
    ),
    "peer_group_one": Text(
        "Same {field}: {value} (version {version})", "Même {field} : {value} (version {version})"
    ),
    "no_own_score": Text(
        "Your organisation has no overall score yet, so it cannot be placed.",
        "Votre organisation n'a pas encore de score global : elle ne peut pas être située.",
    ),
    # Tokens
    "tokens_title": Text("API tokens", "Jetons d'API"),
    "tokens_intro": Text(
        "A token lets a program read the benchmark API (and your organisation's own"
        " results, for coordinators) with your rights. Send it as"
        " “Authorization: Bearer <token>”. Keep it secret; revoke it when no longer needed.",
        "Un jeton permet à un programme de lire l'API des comparaisons (et les résultats"
        " de votre organisation, pour les coordinateurs) avec vos droits. Envoyez-le sous la"
        " forme « Authorization: Bearer <jeton> ». Gardez-le secret ; révoquez-le dès qu'il"
        " ne sert plus.",
    ),
    "token_name": Text("Name of the token", "Nom du jeton"),
    "token_name_hint": Text(
        "What it is for, such as “Statistics office import”.",
        "À quoi il sert, par exemple « Import de l'office statistique ».",
    ),
    "token_days": Text("Valid for (days)", "Valable (jours)"),
    "token_days_hint": Text("From 1 to {maximum} days.", "De 1 à {maximum} jours."),
    "token_create": Text("Create a token", "Créer un jeton"),
    "token_created": Text("Your new token", "Votre nouveau jeton"),
    "token_created_note": Text(
        "Copy it now: it is shown only once and cannot be found again.",
        "Copiez-le maintenant : il n'est montré qu'une fois et ne peut pas être retrouvé.",
    ),
    "token_list": Text("Your tokens", "Vos jetons"),
    "token_none": Text("You have no token.", "Vous n'avez aucun jeton."),
    "token_starts": Text("Starts with", "Commence par"),
    "token_expires": Text("Expires", "Expire"),
    "token_last_used": Text("Last used", "Dernière utilisation"),
    "token_status": Text("Status", "État"),
    "token_live": Text("Active", "Actif"),
    "token_revoked": Text("Revoked", "Révoqué"),
    "token_expired": Text("Expired", "Expiré"),
    "token_never": Text("Never", "Jamais"),
    "token_revoke": Text("Revoke", "Révoquer"),
    "token_revoked_done": Text(
        "The token “{name}” no longer works.", "Le jeton « {name} » ne fonctionne plus."
    ),
    "token_name_missing": Text("Enter a name for the token.", "Saisissez un nom pour le jeton."),
    "token_days_wrong": Text(
        "Enter a whole number of days from 1 to {maximum}.",
        "Saisissez un nombre entier de jours de 1 à {maximum}.",
    ),
    "api_docs": Text("API description (OpenAPI)", "Description de l'API (OpenAPI)"),
    # Consent
    "consent_title": Text("Use in benchmarks", "Utilisation dans les comparaisons"),
    "consent_intro": Text(
        "Choose how this round's results may be used in comparisons between"
        " organisations. Your own results page is the same whatever you choose.",
        "Choisissez comment les résultats de cette campagne peuvent servir aux"
        " comparaisons entre organisations. Votre page de résultats est la même quel que"
        " soit votre choix.",
    ),
    "consent_private": Text("Private", "Privé"),
    "consent_private_hint": Text(
        "Not used in any benchmark. Your organisation is not compared with others.",
        "Utilisé dans aucune comparaison. Votre organisation n'est pas comparée aux autres.",
    ),
    "consent_anonymous": Text(
        "Anonymous benchmark (recommended)", "Comparaison anonyme (recommandé)"
    ),
    "consent_anonymous_hint": Text(
        "Your scores count in anonymised comparisons once the round has closed. Your"
        " organisation's name never appears, and a figure is published only when at"
        " least 5 organisations (10 for distributions) and, across borders, at least 3"
        " countries contribute to it.",
        "Vos scores comptent dans des comparaisons anonymisées une fois la campagne close."
        " Le nom de votre organisation n'apparaît jamais, et un chiffre n'est publié que si"
        " au moins 5 organisations (10 pour les répartitions) et, entre pays, au moins 3"
        " pays y contribuent.",
    ),
    "consent_named": Text("Named", "Nominatif"),
    "consent_named_hint": Text(
        "As anonymous, and in addition your national coordinator may see your"
        " organisation's results by name, and your organisation may be named in"
        " published comparisons.",
        "Comme l'anonyme ; en plus, votre coordination nationale peut voir les résultats"
        " de votre organisation sous son nom, et votre organisation peut être nommée dans"
        " les comparaisons publiées.",
    ),
    "consent_change_note": Text(
        "Changing or withdrawing consent takes the round out of every aggregate from then"
        " on (figures already downloaded by others cannot be recalled). Every change is"
        " recorded in the audit log.",
        "Modifier ou retirer le consentement retire la campagne de tous les agrégats dès"
        " ce moment (les chiffres déjà téléchargés par d'autres ne peuvent être rappelés)."
        " Chaque changement est inscrit au journal d'audit.",
    ),
    "consent_current": Text("Current choice: {choice}.", "Choix actuel : {choice}."),
    "consent_save": Text("Save the consent choice", "Enregistrer le choix de consentement"),
    "consent_saved": Text(
        "Consent saved: {choice}. Benchmarks use it from now on.",
        "Consentement enregistré : {choice}. Les comparaisons l'appliquent dès maintenant.",
    ),
    "consent_unchanged": Text("Consent unchanged: {choice}.", "Consentement inchangé : {choice}."),
    "consent_stale": Text(
        "Someone else changed this round meanwhile. Check the choice below and save again.",
        "Quelqu'un d'autre a modifié cette campagne entre-temps. Vérifiez le choix"
        " ci-dessous et enregistrez de nouveau.",
    ),
    "consent_missing": Text(
        "Choose how the round may be used in benchmarks.",
        "Choisissez comment la campagne peut servir aux comparaisons.",
    ),
}


def word(key: str, lang: str, **values: object) -> str:
    """The sentence ``key`` in ``lang``, with ``values`` filled in."""
    text = WORDS[key].get(lang)
    return text.format(**values) if values else text
