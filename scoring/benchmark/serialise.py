"""Plain JSON-ready dictionaries of benchmark tables and placements, in one language.

The explorer, the API and the exports all render from these dictionaries, so their keys
are a stable interface: add keys, never rename them. A withheld figure appears only as
its reason code and a sentence, never as a number.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from scoring.benchmark.aggregation import BenchmarkTable, Cell, MeasureSummary
from scoring.benchmark.disclosure import DEFAULT_DISCLOSURE, DisclosureRules, describe
from scoring.benchmark.placement import Placement
from scoring.benchmark.records import LEVELS

Json = dict[str, Any]

QUANTILE_METHOD = "inclusive"  # statistics.quantiles, the same as PostgreSQL percentile_cont


def table_to_dict(table: BenchmarkTable, lang: str = "en") -> Json:
    """Return a benchmark table with its method metadata as a JSON-ready dictionary."""
    return {
        "method": {
            "questionnaire": table.questionnaire_id,
            "questionnaire_versions": list(table.questionnaire_versions),
            "periods": list(table.periods),
            "group_by": list(table.group_by),
            "dimensions": list(table.dimension_ids),
            "rules": asdict(table.rules),
            "quantiles": QUANTILE_METHOD,
            "cells": len(table.cells),
            "suppressed_cells": table.suppressed_cells,
            "complementary_cells": table.complementary_cells,
        },
        "cells": [_cell(cell, table, lang) for cell in table.cells],
    }


def placement_to_dict(
    placement: Placement, rules: DisclosureRules | None = None, lang: str = "en"
) -> Json:
    """Return a placement as a JSON-ready dictionary; a withheld one carries a sentence."""
    if placement.withheld:
        reason = placement.reason or ""
        return {
            "withheld": True,
            "reason": reason,
            "note": _note(reason, rules, lang),
            "confidence": placement.confidence,
        }
    return {
        "withheld": False,
        "peers": placement.peer_count,
        "percentile": placement.percentile,
        "interval": [placement.interval_low, placement.interval_high],
        "confidence": placement.confidence,
    }


def _cell(cell: Cell, table: BenchmarkTable, lang: str) -> Json:
    head: Json = {"group": dict(zip(table.group_by, cell.values, strict=True)), "kind": cell.kind}
    if cell.suppressed:
        reason = cell.suppression_reason or ""
        return {
            **head,
            "suppressed": True,
            "reason": reason,
            "note": _note(reason, table.rules, lang),
        }
    return {
        **head,
        "suppressed": False,
        "organisations": cell.n_organisations,
        "countries": cell.n_countries,
        "overall": _measure(cell.overall, table.rules, lang),
        "dimensions": {
            d.dimension_id: _measure(d, table.rules, lang)
            for d in cell.dimensions
            if d.dimension_id is not None
        },
    }


def _measure(summary: MeasureSummary | None, rules: DisclosureRules, lang: str) -> Json | None:
    if summary is None:
        return None
    if summary.suppressed:
        reason = summary.suppression_reason or ""
        return {"suppressed": True, "reason": reason, "note": _note(reason, rules, lang)}
    distribution_reason = summary.distribution_reason
    return {
        "suppressed": False,
        "organisations": summary.n,
        "mean": summary.mean,
        "median": summary.median,
        "p25": summary.p25,
        "p75": summary.p75,
        "levels": None
        if summary.levels is None
        else {str(level): count for level, count in zip(LEVELS, summary.levels, strict=True)},
        "distribution_reason": distribution_reason,
        "distribution_note": None
        if distribution_reason is None
        else _note(distribution_reason, rules, lang),
    }


def _note(reason: str, rules: DisclosureRules | None, lang: str) -> str:
    return describe(reason, rules or DEFAULT_DISCLOSURE).get(lang)
