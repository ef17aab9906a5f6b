"""A country against the world: its figures beside the international ones, per measure.

Both sides are cells of the same published cube (``services.explore``): the country is
the cube's position "country = X, everything else all", which is also the country's row
in the explorer's table by country; the international reference is the cube's total,
over every published organisation of every country. Nothing is recomputed and nothing
is decided here: a figure the engine withholds (the whole cell, one measure, or only the
middle-half band) arrives as the engine's reason code, and is shown as withheld with
that reason's sentence, in every view that shows the cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from assessment.benchmarks.charts import dimension_title
from assessment.benchmarks.labels import number
from assessment.benchmarks.reasons import note
from assessment.benchmarks.services import Exploration
from scoring.benchmark import TOO_FEW_ORGANISATIONS, Cell, DisclosureRules

LOWEST, HIGHEST = 1.0, 5.0  # the score scale the visual spans


@dataclass(frozen=True)
class Figure:
    """One group's published figure for one measure, or the code of why it is withheld.

    ``reason`` is set when the median itself is withheld (then every number is None);
    ``band_reason`` when only the middle half (p25-p75) is.
    """

    median: float | None = None
    p25: float | None = None
    p75: float | None = None
    reason: str | None = None
    band_reason: str | None = None

    @property
    def withheld(self) -> bool:
        return self.reason is not None

    @property
    def has_band(self) -> bool:
        return self.p25 is not None and self.p75 is not None


@dataclass(frozen=True)
class ComparisonRow:
    """One measure (``dimension_id`` None for the overall score) on both sides."""

    dimension_id: str | None
    title: str
    country: Figure
    international: Figure


@dataclass(frozen=True)
class Comparison:
    """A questionnaire's measures, the country against every published organisation."""

    rows: tuple[ComparisonRow, ...]
    rules: DisclosureRules
    country_organisations: int | None  # rounded counts; None when the cell is withheld
    international_organisations: int | None
    international_countries: int | None

    @property
    def drawable(self) -> bool:
        """Whether any measure has a figure to draw, on either side."""
        return any(not (r.country.withheld and r.international.withheld) for r in self.rows)

    @property
    def reasons(self) -> tuple[str, ...]:
        """The codes of every reason a figure or band of the comparison is withheld for."""
        codes = set()
        for row in self.rows:
            for figure in (row.country, row.international):
                codes.update(c for c in (figure.reason, figure.band_reason) if c)
        return tuple(sorted(codes))


def figure(cell: Cell, dimension_id: str | None) -> Figure:
    """A cell's published figure for one measure, exactly as the engine decided it."""
    if cell.suppressed:
        return Figure(reason=cell.suppression_reason or TOO_FEW_ORGANISATIONS)
    measure = cell.overall if dimension_id is None else cell.dimension(dimension_id)
    if measure is None:  # no organisation of the group has this measure
        return Figure(reason=TOO_FEW_ORGANISATIONS)
    if measure.suppressed:
        return Figure(reason=measure.suppression_reason or TOO_FEW_ORGANISATIONS)
    return Figure(
        median=measure.median,
        p25=measure.p25,
        p75=measure.p75,
        band_reason=None if measure.p25 is not None else measure.distribution_reason,
    )


def compare(country: Exploration, international: Exploration) -> Comparison:
    """The comparison of a country's table (filtered to it) with the table of everyone.

    ``country`` is ``explore`` of the questionnaire filtered to one country, without a
    breakdown; ``international`` the same questionnaire without filter or breakdown.
    """
    mine, everyone = country.table.total, international.table.total
    rows = [ComparisonRow(None, _("Overall"), figure(mine, None), figure(everyone, None))]
    rows += [
        ComparisonRow(d, dimension_title(country, d), figure(mine, d), figure(everyone, d))
        for d in country.dimension_ids
    ]
    return Comparison(
        rows=tuple(rows),
        rules=country.table.rules,
        country_organisations=mine.n_organisations,
        international_organisations=everyone.n_organisations,
        international_countries=everyone.n_countries,
    )


def position(score: float | None) -> float:
    """Where a score sits on the visual's 1-5 scale, in percent of its width (0-100)."""
    if score is None:
        return 0.0
    share = (min(HIGHEST, max(LOWEST, score)) - LOWEST) / (HIGHEST - LOWEST)
    return round(share * 100, 1)


def figure_text(figure: Figure, rules: DisclosureRules) -> str:
    """A figure as the page and the report print it, in the current language.

    "2.9 (middle half 2.4–3.3)", "2.9 (middle half withheld)", or "Withheld: <why>".
    """
    if figure.reason is not None:
        return _("Withheld: %(note)s", note=note(figure.reason, rules))
    if figure.has_band:
        return _("%(median)s (middle half %(low)s–%(high)s)", median=number(figure.median),
                 low=number(figure.p25), high=number(figure.p75))  # fmt: skip
    return _("%(median)s (middle half withheld)", median=number(figure.median))
