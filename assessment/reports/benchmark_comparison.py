"""The national report's "country against all organisations" section, as a view model.

The figures are the national page's (``benchmarks.comparison``), cut from the same
published cube and worded by the same function, so the page and its PDF show the same
figure, or withhold it for the same reason, in the report's language. The marks of the
dot-and-band rows are positions in percent of the 1-5 scale, as on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from assessment.benchmarks.comparison import Comparison, Figure, figure_text, position
from assessment.benchmarks.labels import count
from assessment.benchmarks.reasons import note


@dataclass(frozen=True)
class Marks:
    """Where a row's marks sit (percent of the scale's width); None: not drawn."""

    band: tuple[float, float] | None  # all organisations' middle half: left, width
    median: float | None  # all organisations' median
    own_band: tuple[float, float] | None  # the country's middle half
    dot: float | None  # the country's median


@dataclass(frozen=True)
class ComparedRow:
    """One measure: its title, both figures as printed, and its marks."""

    title: str
    country: str
    international: str
    marks: Marks
    note: str  # what the drawing cannot show ("France: withheld"), or ""


@dataclass(frozen=True)
class PrintedComparison:
    """The section: heading, what it compares, the table and the reasons it cites."""

    heading: str
    introduction: str
    caption: str
    country_header: str
    rows: tuple[ComparedRow, ...]
    reasons: tuple[str, ...]
    legend: tuple[str, str, str]
    drawn: bool  # False when every figure on both sides is withheld


def _band(figure: Figure) -> tuple[float, float] | None:
    if not figure.has_band:
        return None
    left = position(figure.p25)
    return left, round(position(figure.p75) - left, 1)


def _median(figure: Figure) -> float | None:
    return None if figure.withheld else position(figure.median)


def printed_comparison(
    comparison: Comparison, country: str, questionnaire: str
) -> PrintedComparison:
    """The section of one questionnaire, in the current language."""
    rules = comparison.rules
    introduction = _(
        "Median scores (1 to 5) of the organisations of %(country)s beside those of every "
        "organisation in the published benchmarks, with the middle half of each group "
        "(from the 25th to the 75th percentile).",
        country=country,
    )
    if comparison.international_organisations is not None:
        introduction += " " + _(
            "All organisations: %(organisations)s organisations in %(countries)s countries "
            "(rounded).",
            organisations=count(comparison.international_organisations),
            countries=count(comparison.international_countries),
        )
    rows = []
    for row in comparison.rows:
        missing = []
        if row.country.withheld:
            missing.append(_("%(country)s: withheld", country=country))
        if row.international.withheld:
            missing.append(_("All organisations: withheld"))
        rows.append(
            ComparedRow(
                title=row.title,
                country=figure_text(row.country, rules),
                international=figure_text(row.international, rules),
                marks=Marks(
                    band=_band(row.international),
                    median=_median(row.international),
                    own_band=_band(row.country),
                    dot=_median(row.country),
                ),
                note=" – ".join(missing),
            )
        )
    return PrintedComparison(
        heading=_("%(country)s against all organisations", country=country),
        introduction=introduction,
        caption=_(
            "%(country)s against all organisations: %(questionnaire)s",
            country=country,
            questionnaire=questionnaire,
        ),  # fmt: skip
        country_header=country,
        rows=tuple(rows),
        reasons=tuple(note(code, rules) for code in comparison.reasons),
        legend=(
            _("Middle half of all organisations"),
            _("Their median"),
            _("Median of %(country)s", country=country),
        ),
        drawn=comparison.drawable,
    )
