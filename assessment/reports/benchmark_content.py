"""What the benchmark report says, as plain data: the template only lays it out.

Built only from disclosure-controlled tables (``services.benchmarks.Exploration``): a
withheld figure arrives as its reason, and is printed as "Withheld" with that reason,
never as a number. The charts are the pages' own (``services.benchmark_charts``),
exported to SVG like the capability report's. Organisations are named only in the
national report, and only those whose round chose named consent, as on the national
page that only its country's coordinators (and admins) can open.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date

from assessment.benchmarks.charts import explorer_charts, group_label
from assessment.benchmarks.exports import metadata
from assessment.benchmarks.labels import country_name, field_name, level_label, number, value_label
from assessment.benchmarks.national import NationalOverview
from assessment.benchmarks.services import Exploration
from assessment.core.types import utcnow
from assessment.reports.benchmark_wording import word
from assessment.reports.charts import static_charts
from assessment.reports.jobs import reports_folder
from scoring.benchmark import REASONS, describe

Json = dict[str, Any]
LEVELS = ("1", "2", "3", "4", "5")


def _date(day: date, lang: str) -> str:
    return format_date(day, format="long", locale="en_GB" if lang == "en" else lang)


def _measure_text(measure: Json | None, lang: str, reasons: set[str]) -> str:
    if measure is None:
        return word("withheld", lang)
    if measure["suppressed"]:
        reasons.add(measure["reason"])
        return word("withheld", lang)
    return number(measure["median"], lang)


def _dimension_title(exploration: Exploration, dimension_id: str, lang: str) -> str:
    dimension = exploration.questionnaire.dimension(dimension_id)
    return dimension.title.get(lang) if dimension else dimension_id


def _withheld_row(label: str, note: str, lang: str) -> Json:
    return {"label": label, "cells": [], "withheld": word("withheld_because", lang, note=note)}


def scores_table(exploration: Exploration, lang: str) -> Json:
    """The explorer's table: one row per group, margin and total; withheld rows say why."""
    data = exploration.data(lang)
    dimensions = [_dimension_title(exploration, d, lang) for d in exploration.dimension_ids]
    reasons: set[str] = set()
    rows = []
    for position, cell in zip(exploration.table.cells, data["cells"], strict=True):
        label = group_label(exploration, position, lang)
        if cell["suppressed"]:
            reasons.add(cell["reason"])
            rows.append(_withheld_row(label, cell["note"], lang))
            continue
        overall = cell["overall"]
        overall_text = _measure_text(overall, lang, reasons)
        if overall and not overall["suppressed"]:
            if overall["p25"] is not None:
                overall_text += f" ({number(overall['p25'], lang)}–{number(overall['p75'], lang)})"
            elif overall["distribution_reason"]:
                reasons.add(overall["distribution_reason"])
        cells = [str(cell["organisations"]), str(cell["countries"]), overall_text]
        cells += [
            _measure_text(cell["dimensions"].get(d), lang, reasons)
            for d in exploration.dimension_ids
        ]
        rows.append({"label": label, "cells": cells, "withheld": None})
    headers = [word("group", lang), word("organisations", lang), word("countries", lang),
               word("overall_header", lang), *dimensions]  # fmt: skip
    rules = exploration.table.rules
    return {
        "headers": headers,
        "rows": rows,
        "reasons": [describe(code, rules).get(lang) for code in sorted(reasons) if code in REASONS],
    }


def _basis(exploration: Exploration, lang: str) -> Json:
    """The rules and the counts behind a table, as the report states them."""
    meta = metadata(exploration, lang)
    cells, withheld = meta["cells"], meta["suppressed_cells"]
    organisations = meta["organisations"]
    return {
        "rules": meta["rules_text"],
        "records_rule": meta["records_rule"],
        "facts": [
            (word("organisations_counted", lang),
             word("withheld_total", lang) if organisations is None else str(organisations)),
            (word("cells_published", lang), str(cells - withheld)),
            (word("cells_withheld", lang),
             f"{withheld} ({word('cells_protecting', lang)} {meta['complementary_cells']})"),
            (word("versions", lang), ", ".join(meta["questionnaire_versions"]) or "–"),
            (word("periods", lang), ", ".join(str(p) for p in meta["periods"]) or "–"),
            (word("as_of", lang), _date(exploration.generated_at.date(), lang)),
        ],
    }  # fmt: skip


# Landscape A4 within the report's margins: the widest and tallest a chart may be drawn.
PAGE_WIDTH_MM, CHART_HEIGHT_MM = 263, 135


def _charts(exploration: Exploration, lang: str) -> list[Json]:
    """The page's charts as SVG, each with the width (mm) that keeps it on one page."""
    charts = static_charts(explorer_charts(exploration, lang), reports_folder() / "charts")
    return [
        {"chart": chart,
         "width": round(min(PAGE_WIDTH_MM, CHART_HEIGHT_MM / max(chart.aspect, 0.01)))}
        for chart in charts
    ]  # fmt: skip


def explorer_content(exploration: Exploration, lang: str) -> Json:
    """Everything an explorer report prints, in ``lang``."""
    query = exploration.query
    breakdown = [field_name(name, lang) for name in query.group_by]
    filters = [f"{field_name(name, lang)}: {value_label(name, value, lang)}"
               for name, value in query.filters]  # fmt: skip
    return {
        "lang": lang,
        "scope": "explorer",
        "title": exploration.questionnaire.title.get(lang),
        "subtitle": word("explorer_subtitle", lang),
        "breakdown": " × ".join(breakdown) or word("no_breakdown", lang),
        "filters": "; ".join(filters) or word("no_filter", lang),
        "produced_on": _date(utcnow().date(), lang),
        "progress": [],
        "sections": [
            {"title": None, "basis": _basis(exploration, lang),
             "scores": scores_table(exploration, lang), "levels": None,
             "charts": _charts(exploration, lang), "named": None}
        ],
    }  # fmt: skip


def levels_table(exploration: Exploration, lang: str) -> Json:
    """Organisations at each level, per dimension, for the table's total (or why not)."""
    data = exploration.data(lang)
    total = data["cells"][-1]
    measures = [(word("overall", lang), None if total["suppressed"] else total["overall"])]
    for dimension_id in exploration.dimension_ids:
        title = _dimension_title(exploration, dimension_id, lang)
        measures.append(
            (title, None if total["suppressed"] else total["dimensions"].get(dimension_id))
        )
    rows = []
    for title, measure in measures:
        if measure and not measure["suppressed"] and measure["levels"]:
            levels = [str(measure["levels"][lvl]) for lvl in LEVELS]
            rows.append({"label": title, "cells": levels, "withheld": None})
            continue
        if total["suppressed"]:
            note = total["note"]
        elif measure and measure["suppressed"]:
            note = measure["note"]
        elif measure:
            note = measure["distribution_note"]
        else:
            note = describe("too_few_organisations", exploration.table.rules).get(lang)
        rows.append(_withheld_row(title, note, lang))
    headers = [word("dimension", lang), *(level_label(int(lvl), lang) for lvl in LEVELS)]
    return {"headers": headers, "rows": rows, "reasons": []}


def national_content(overview: NationalOverview, lang: str) -> Json:
    """Everything a country's national report prints, in ``lang``."""
    country = country_name(overview.country, lang)
    progress = overview.progress
    keys = (
        "organisations", "organisations_with_rounds", "upcoming", "open", "closed",
        "consent_private", "consent_anonymous", "consent_named", "invited", "submitted",
    )  # fmt: skip
    sections = []
    for instrument in overview.instruments:
        named = [
            {"name": a.name, "level_of_government": value_label("government_level",
                                                                a.government_level, lang),
             "round": a.round_title, "score": number(a.overall_score, lang),
             "level": level_label(a.overall_level, lang)}
            for a in instrument.named
        ]  # fmt: skip
        sections.append({
            "title": instrument.questionnaire.title.get(lang),
            "basis": _basis(instrument.by_level, lang),
            "levels": levels_table(instrument.overall, lang),
            "scores": scores_table(instrument.by_level, lang),
            "charts": _charts(instrument.by_level, lang),
            "named": named,
        })  # fmt: skip
    return {
        "lang": lang,
        "scope": "national",
        "title": word("national_title", lang, country=country),
        "subtitle": word("national_subtitle", lang, country=country),
        "breakdown": field_name("government_level", lang),
        "filters": f"{field_name('country', lang)}: {country}",
        "produced_on": _date(utcnow().date(), lang),
        "progress": [
            (word("progress_" + ("with_rounds" if k == "organisations_with_rounds" else k), lang),
             str(progress[k]))
            for k in keys
        ],
        "sections": sections,
    }  # fmt: skip
