"""The sentences that say why a benchmark figure is withheld, and why a query is refused.

The engine gives reasons as codes and ``scoring.benchmark.explain`` adds the numbers of
the rule behind each; every code has one gettext message here, so the pages, the PDF
reports, the exports and the API all say the same thing, in the language being rendered.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext, ngettext

from assessment.benchmarks.disclosure import CHANGED_SINCE, NOT_PLACED, NOT_PUBLISHED
from assessment.benchmarks.labels import count, field_name, percent, points, value_label
from scoring.benchmark import (
    COMPLEMENTARY,
    DEFAULT_DISCLOSURE,
    DOMINANT_COUNTRY,
    NO_VARIANCE,
    TOO_FEW_COMPLETE,
    TOO_FEW_COUNTRIES,
    TOO_FEW_FOR_DISTRIBUTION,
    TOO_FEW_ITEMS,
    TOO_FEW_ORGANISATIONS,
    TOO_FEW_PEERS,
    DisclosureRules,
    Placement,
    Reason,
    explain,
)

# The organisation being placed among its peers has no overall score of its own: an
# app-level reason beside the engine's, worded like them.
NO_OWN_SCORE = "no_own_score"
# Every app-level reason, in a fixed order (exports list the sentence of each).
APP_REASONS: tuple[str, ...] = (NO_OWN_SCORE, NOT_PUBLISHED, NOT_PLACED, CHANGED_SINCE)

# Why a query cannot be answered (``services.QueryError.code``).
QUERY_PROBLEMS = {
    "unknown_questionnaire": lazy_gettext("Choose a questionnaire from the list."),
    "unknown_field": lazy_gettext("Choose fields from the lists."),
    "field_twice": lazy_gettext("Choose two different fields to break down by."),
    "grouped_and_filtered": lazy_gettext(
        "A field cannot be both a breakdown and a filter: choose one."
    ),
    "too_many_fields": lazy_gettext(
        "Use at most two fields in all, counting breakdowns and filters."
    ),
    "bad_value": lazy_gettext("Choose filter values from the lists."),
}

# Why Cronbach's alpha is not given (``DimensionQuality.alpha_note``).
ALPHA_NOTES = {
    TOO_FEW_ITEMS: lazy_gettext("fewer than two questions"),
    TOO_FEW_COMPLETE: lazy_gettext("too few complete answers"),
    NO_VARIANCE: lazy_gettext("answers do not vary"),
}


def sentence(reason: Reason) -> str:
    """The sentence that explains a withholding reason, its rule's numbers filled in.

    Raises KeyError for a code that has no sentence.
    """
    code, params = reason.code, reason.params
    if code in APP_REASONS:
        return note(code)
    if code == TOO_FEW_ORGANISATIONS:
        n = int(params["organisations"])
        return ngettext(
            "Fewer than %(count)s organisation.",
            "Fewer than %(count)s organisations.",
            n,
            count=count(n),
        )
    if code == TOO_FEW_COUNTRIES:
        n = int(params["countries"])
        return ngettext(
            "Mixes organisations from fewer than %(count)s country.",
            "Mixes organisations from fewer than %(count)s countries.",
            n,
            count=count(n),
        )
    if code == DOMINANT_COUNTRY:
        if "share" not in params:
            return _("One country accounts for too large a share of the organisations.")
        return _(
            "One country accounts for more than %(share)s of the organisations.",
            share=percent(params["share"]),
        )
    if code == TOO_FEW_FOR_DISTRIBUTION:
        n = int(params["organisations"])
        return ngettext(
            "Fewer than %(count)s organisation: quartiles and levels are not shown.",
            "Fewer than %(count)s organisations: quartiles and levels are not shown.",
            n,
            count=count(n),
        )
    if code == COMPLEMENTARY:
        return _("Withheld so that other withheld figures cannot be worked out from the totals.")
    if code == TOO_FEW_PEERS:
        n = int(params["peers"])
        return ngettext(
            "Fewer than %(count)s comparable organisation has taken part, so no position is"
            " shown yet.",
            "Fewer than %(count)s comparable organisations have taken part, so no position is"
            " shown yet.",
            n,
            count=count(n),
        )
    raise KeyError(code)


def note(code: str, rules: DisclosureRules = DEFAULT_DISCLOSURE) -> str:
    """The sentence of a reason code under ``rules`` (the engine's codes and APP_REASONS).

    Raises KeyError for an unknown code.
    """
    if code == NO_OWN_SCORE:
        return _("Your organisation has no overall score yet, so it cannot be placed.")
    if code == NOT_PUBLISHED:
        return _(
            "No benchmark has been published yet: figures appear after the next scheduled refresh."
        )
    if code == NOT_PLACED:
        return _(
            "Only your organisation's latest closed round whose consent allows benchmarks is"
            " placed among peers, from the benchmark refresh that follows its closing."
        )
    if code == CHANGED_SINCE:
        return _(
            "Some of these answers have been removed since the figures were published; they"
            " are shown again after the next refresh."
        )
    return sentence(explain(code, rules))


def query_problem(code: str) -> str:
    """What to do about a query that cannot be answered (the code itself when unknown)."""
    found = QUERY_PROBLEMS.get(code)
    return str(found) if found is not None else code


def alpha_note(code: str | None) -> str:
    """Why Cronbach's alpha is missing, as a short phrase ("" when it is not)."""
    found = ALPHA_NOTES.get(code or "")
    return str(found) if found is not None else ""


def rules_text(rules: DisclosureRules) -> str:
    """The disclosure rules as one sentence, for the method section of pages and reports."""
    values = {
        "organisations": count(rules.organisation_threshold),
        "distribution": count(rules.distribution_threshold),
        "countries": count(rules.country_threshold),
        "count": count(rules.score_decimals),
    }
    if rules.dominance_share is None:
        return ngettext(
            "At least %(organisations)s organisations per published figure, %(distribution)s"
            " before quartiles or levels, %(countries)s countries in a figure that mixes"
            " countries; scores rounded to %(count)s decimal; complementary suppression so that"
            " no withheld figure can be worked out from the others.",
            "At least %(organisations)s organisations per published figure, %(distribution)s"
            " before quartiles or levels, %(countries)s countries in a figure that mixes"
            " countries; scores rounded to %(count)s decimals; complementary suppression so that"
            " no withheld figure can be worked out from the others.",
            rules.score_decimals,
            **values,
        )
    return ngettext(
        "At least %(organisations)s organisations per published figure, %(distribution)s"
        " before quartiles or levels, %(countries)s countries in a figure that mixes"
        " countries, no country above %(share)s of such a figure; scores rounded to %(count)s"
        " decimal; complementary suppression so that no withheld figure can be worked out"
        " from the others.",
        "At least %(organisations)s organisations per published figure, %(distribution)s"
        " before quartiles or levels, %(countries)s countries in a figure that mixes"
        " countries, no country above %(share)s of such a figure; scores rounded to %(count)s"
        " decimals; complementary suppression so that no withheld figure can be worked out"
        " from the others.",
        rules.score_decimals,
        share=percent(rules.dominance_share),
        **values,
    )


def publication_text(rules: DisclosureRules) -> str:
    """How published counts and level distributions are rounded, and who counts as known."""
    return _(
        "Counts are rounded to the nearest multiple of %(base)s and the distribution of"
        " levels is given as shares rounded to %(points)s percentage points, so that no"
        " figure moves with one organisation; every rule applies to the exact counts."
        " Organisations that chose to be named count as known: each threshold applies to"
        " the others.",
        base=count(rules.count_base),
        points=points(rules.share_base),
    )


def position_text(placement: Placement) -> str:
    """A position among peers in words: "Band 3 of 5 (bands 2 to 5)"."""
    if placement.band_low == placement.band_high:
        return _(
            "Band %(band)s of %(bands)s",
            band=count(placement.band),
            bands=count(placement.bands),
        )
    return _(
        "Band %(band)s of %(bands)s (bands %(low)s to %(high)s)",
        band=count(placement.band),
        bands=count(placement.bands),
        low=count(placement.band_low),
        high=count(placement.band_high),
    )


def position_help(bands: int) -> str:
    """What the bands of a position mean."""
    return _(
        "The peers' scores are cut into %(bands)s bands of equal size: band 1 holds the"
        " lowest scores, band %(bands)s the highest. The bands in brackets are those the"
        " position could be in, given how few peers there are.",
        bands=count(bands),
    )


def records_rule() -> str:
    """Which records a benchmark counts, as one sentence."""
    return _(
        "Each organisation counts once, with its latest closed round whose consent allows"
        " benchmarks; private rounds never count."
    )


def table_counts(cells: int, suppressed: int, complementary: int) -> str:
    """How many figures a table has and how many of them are withheld, as one sentence."""
    return ngettext(
        "%(count)s figure in this table, %(suppressed)s withheld (%(complementary)s of them to"
        " protect others).",
        "%(count)s figures in this table, %(suppressed)s withheld (%(complementary)s of them to"
        " protect others).",
        cells,
        count=count(cells),
        suppressed=count(suppressed),
        complementary=count(complementary),
    )


def quality_counts(respondents: int | None, organisations: int | None) -> str:
    """Whose answers the quality statistics rest on, as one sentence."""
    return _(
        "Answers of %(respondents)s in %(organisations)s.",
        respondents=ngettext(
            "%(count)s respondent", "%(count)s respondents", respondents or 0,
            count=count(respondents),
        ),
        organisations=ngettext(
            "%(count)s organisation", "%(count)s organisations", organisations or 0,
            count=count(organisations),
        ),
    )  # fmt: skip


def peer_group_label(by: tuple[str, ...], values: tuple[str, ...], version: str) -> str:
    """Name a peer group: everyone on a questionnaire version, or those sharing one field."""
    if not by:
        return _("All organisations using version %(version)s", version=version)
    return _(
        "Same %(field)s: %(value)s (version %(version)s)",
        field=field_name(by[0]).lower(),
        value=value_label(by[0], values[0]),
        version=version,
    )
