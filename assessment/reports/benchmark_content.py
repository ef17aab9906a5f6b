"""What the benchmark report says, as a typed view model: the template only lays it out.

Built only from disclosure-controlled tables (``benchmarks.services.Exploration``): a
withheld figure arrives as its reason code, and is printed as "Withheld" with the
sentence of that reason, never as a number. The charts are the pages' own
(``benchmarks.charts``), exported to SVG like the capability report's. Organisations
are named only in the national report, and only those whose round chose named consent,
as on the national page that only its country's coordinators (and admins) can open.

Every word is gettext's, in the current language: the pipeline builds the report
inside ``flask_babel.force_locale`` of the report's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_date
from flask_babel import gettext as _

from assessment.benchmarks.charts import dimension_title, explorer_charts, group_label
from assessment.benchmarks.labels import (
    count,
    country_name,
    field_name,
    language,
    level_label,
    number,
    percent,
    progress_lines,
    value_label,
)
from assessment.benchmarks.national import NationalOverview
from assessment.benchmarks.reasons import note, publication_text, records_rule, rules_text
from assessment.benchmarks.services import Exploration
from assessment.core.types import utcnow
from assessment.reports.benchmark_comparison import PrintedComparison, printed_comparison
from assessment.reports.charts import StaticChart, static_charts
from assessment.reports.jobs import reports_folder
from scoring.benchmark import LEVELS, TOO_FEW_ORGANISATIONS, MeasureSummary


@dataclass(frozen=True)
class Row:
    """A table row: its label, then its cells, or one sentence saying why it is withheld."""

    label: str
    cells: tuple[str, ...] = ()
    withheld: str | None = None


@dataclass(frozen=True)
class RowsTable:
    """A printed table, with the sentences of the reasons its withheld figures cite."""

    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Basis:
    """What the figures of a table rest on: the rules and the counts."""

    rules: str
    publication: str
    records_rule: str
    facts: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class PrintedChart:
    """A page's chart as SVG, with the width (mm) that keeps it on one page."""

    chart: StaticChart
    width: int


@dataclass(frozen=True)
class NamedAgency:
    """An agency that chose named consent, as the national report lists it."""

    name: str
    level_of_government: str
    round: str
    score: str
    level: str


@dataclass(frozen=True)
class Section:
    """One table of the report (one per questionnaire in the national report)."""

    title: str | None
    basis: Basis
    scores: RowsTable
    levels: RowsTable | None
    charts: tuple[PrintedChart, ...]
    named: tuple[NamedAgency, ...] | None  # None: the report names no one
    comparison: PrintedComparison | None = None  # the country against all organisations


@dataclass(frozen=True)
class BenchmarkReport:
    """Everything a benchmark report prints, in ``lang``."""

    lang: str
    scope: str  # "explorer" or "national"
    title: str
    subtitle: str
    breakdown: str
    filters: str
    produced_on: str
    progress: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]


def _date_today() -> str:
    return str(format_date(utcnow().date(), format="long"))


def _withheld_row(label: str, code: str, exploration: Exploration) -> Row:
    reason = note(code, exploration.table.rules)
    return Row(label, withheld=_("Withheld: %(note)s", note=reason))


def _measure_text(summary: MeasureSummary | None, reasons: set[str]) -> str:
    if summary is None:
        return _("Withheld")
    if summary.suppressed:
        reasons.add(summary.suppression_reason or "")
        return _("Withheld")
    return number(summary.median)


def scores_table(exploration: Exploration) -> RowsTable:
    """The explorer's table: one row per group, margin and total; withheld rows say why."""
    reasons: set[str] = set()
    rows = []
    for cell in exploration.table.cells:
        label = group_label(exploration, cell)
        if cell.suppressed:
            code = cell.suppression_reason or ""
            reasons.add(code)
            rows.append(_withheld_row(label, code, exploration))
            continue
        overall = cell.overall
        overall_text = _measure_text(overall, reasons)
        if overall is not None and not overall.suppressed:
            if overall.p25 is not None:
                overall_text += f" ({number(overall.p25)}–{number(overall.p75)})"
            elif overall.distribution_reason:
                reasons.add(overall.distribution_reason)
        cells = [count(cell.n_organisations), count(cell.n_countries), overall_text]
        cells += [_measure_text(cell.dimension(d), reasons) for d in exploration.dimension_ids]
        rows.append(Row(label, tuple(cells)))
    headers = (_("Group"), _("Organisations"), _("Countries"), _("Overall (middle half)"),
               *(dimension_title(exploration, d) for d in exploration.dimension_ids))  # fmt: skip
    rules = exploration.table.rules
    return RowsTable(headers, tuple(rows), tuple(note(code, rules) for code in sorted(reasons)))


def _basis(exploration: Exploration) -> Basis:
    """The rules and the counts behind a table, as the report states them."""
    table = exploration.table
    cells, withheld = len(table.cells), table.suppressed_cells
    total = table.total
    counted = _("withheld") if total.suppressed else count(total.n_organisations)
    return Basis(
        rules=rules_text(table.rules),
        publication=publication_text(table.rules),
        records_rule=records_rule(),
        facts=(
            (_("Organisations counted"), counted),
            (_("Figures published"), count(cells - withheld)),
            (_("Figures withheld"),
             _("%(withheld)s (of which withheld to protect another: %(protecting)s)",
               withheld=count(withheld), protecting=count(table.complementary_cells))),
            (_("Questionnaire versions"), ", ".join(table.questionnaire_versions) or "–"),
            (_("Periods (year closed)"), ", ".join(table.periods) or "–"),
            (_("Figures as of"), str(format_date(exploration.generated_at.date(), "long"))),
        ),
    )  # fmt: skip


# Landscape A4 within the report's margins: the widest and tallest a chart may be drawn.
PAGE_WIDTH_MM, CHART_HEIGHT_MM = 263, 135


def _charts(exploration: Exploration) -> tuple[PrintedChart, ...]:
    """The page's charts as SVG, each with the width (mm) that keeps it on one page."""
    charts = static_charts(explorer_charts(exploration), reports_folder() / "charts")
    return tuple(
        PrintedChart(chart, round(min(PAGE_WIDTH_MM, CHART_HEIGHT_MM / max(chart.aspect, 0.01))))
        for chart in charts
    )


def explorer_content(exploration: Exploration) -> BenchmarkReport:
    """Everything an explorer report prints, in the current language."""
    query = exploration.query
    breakdown = " × ".join(field_name(name) for name in query.group_by)
    filters = "; ".join(_("%(field)s: %(value)s", field=field_name(name),
                          value=value_label(name, value))
                        for name, value in query.filters)  # fmt: skip
    section = Section(
        title=None,
        basis=_basis(exploration),
        scores=scores_table(exploration),
        levels=None,
        charts=_charts(exploration),
        named=None,
    )
    return BenchmarkReport(
        lang=language(),
        scope="explorer",
        title=exploration.questionnaire.title.get(language()),
        subtitle=_("Comparison across governments"),
        breakdown=breakdown or _("No breakdown (all organisations)"),
        filters=filters or _("None"),
        produced_on=_date_today(),
        progress=(),
        sections=(section,),
    )


def levels_table(exploration: Exploration) -> RowsTable:
    """The share of organisations at each level, per dimension, for the table's total."""
    total = exploration.table.total
    measures = [(_("Overall"), None if total.suppressed else total.overall)]
    for dimension_id in exploration.dimension_ids:
        summary = None if total.suppressed else total.dimension(dimension_id)
        measures.append((dimension_title(exploration, dimension_id), summary))
    rows = []
    for title, summary in measures:
        if summary is not None and not summary.suppressed and summary.level_shares:
            rows.append(Row(title, tuple(percent(n / 100, 0) for n in summary.level_shares)))
            continue
        if total.suppressed:
            code = total.suppression_reason or ""
        elif summary is not None and summary.suppressed:
            code = summary.suppression_reason or ""
        elif summary is not None:
            code = summary.distribution_reason or ""
        else:
            code = TOO_FEW_ORGANISATIONS
        rows.append(_withheld_row(title, code, exploration))
    headers = (_("Dimension"), *(level_label(level) for level in LEVELS))
    return RowsTable(headers, tuple(rows))


def national_content(overview: NationalOverview) -> BenchmarkReport:
    """Everything a country's national report prints, in the current language."""
    country = country_name(overview.country)
    lang = language()
    sections = []
    for instrument in overview.instruments:
        named = tuple(
            NamedAgency(
                name=a.name,
                level_of_government=value_label("government_level", a.government_level),
                round=a.round_title,
                score=number(a.overall_score),
                level=level_label(a.overall_level),
            )
            for a in instrument.named
        )
        sections.append(
            Section(
                title=instrument.questionnaire.title.get(lang),
                basis=_basis(instrument.by_level),
                scores=scores_table(instrument.by_level),
                levels=levels_table(instrument.overall),
                charts=_charts(instrument.by_level),
                named=named,
                comparison=printed_comparison(
                    instrument.comparison, country, instrument.questionnaire.title.get(lang)
                ),
            )
        )
    return BenchmarkReport(
        lang=lang,
        scope="national",
        title=_("Agencies in %(country)s", country=country),
        subtitle=_("Agencies of %(country)s compared", country=country),
        breakdown=field_name("government_level"),
        filters=_("%(field)s: %(value)s", field=field_name("country"), value=country),
        produced_on=_date_today(),
        progress=tuple((label, count(n)) for label, n in progress_lines(overview.progress)),
        sections=tuple(sections),
    )
