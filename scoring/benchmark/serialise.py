"""Published benchmark tables and rules as plain data (JSON-ready), and back.

A benchmark snapshot is published once and read many times: the app stores its tables
as JSON and rebuilds the very same frozen dataclasses from them, so every page, export
and report reads exactly what was published. Only published figures travel: a withheld
cell is stored as its reason, like everywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, fields
from typing import Any

from scoring.benchmark.disclosure import DisclosureRules
from scoring.benchmark.publication import BenchmarkTable, Cell, MeasureSummary
from scoring.benchmark.records import BenchmarkError

Data = dict[str, Any]

_RULE_FIELDS = frozenset(f.name for f in fields(DisclosureRules))


def rules_to_data(rules: DisclosureRules) -> Data:
    """The rules as a dictionary of their fields."""
    return asdict(rules)


def rules_from_data(data: Mapping[str, Any]) -> DisclosureRules:
    """Rules from ``rules_to_data``; a field missing keeps its default.

    Raises BenchmarkError for an unknown field or a value the rules refuse.
    """
    unknown = sorted(set(data) - _RULE_FIELDS)
    if unknown:
        raise BenchmarkError(f"unknown disclosure rule {unknown[0]!r}")
    return DisclosureRules(**data)


def table_to_data(table: BenchmarkTable) -> Data:
    """A table, its rules and method included, as JSON-ready data."""
    return {
        "questionnaire_id": table.questionnaire_id,
        "group_by": list(table.group_by),
        "dimension_ids": list(table.dimension_ids),
        "rules": rules_to_data(table.rules),
        "questionnaire_versions": list(table.questionnaire_versions),
        "periods": list(table.periods),
        "cells": [_cell_to_data(cell) for cell in table.cells],
    }


def table_from_data(data: Mapping[str, Any]) -> BenchmarkTable:
    """The table ``table_to_data`` gave (equal to the original). Raises BenchmarkError."""
    try:
        width = len(data["group_by"])
        cells = tuple(_cell_from_data(cell) for cell in data["cells"])
        if any(len(cell.values) != width for cell in cells):
            raise BenchmarkError("a stored cell does not match the table's fields")
        return BenchmarkTable(
            questionnaire_id=data["questionnaire_id"],
            group_by=tuple(data["group_by"]),
            dimension_ids=tuple(data["dimension_ids"]),
            rules=rules_from_data(data["rules"]),
            questionnaire_versions=tuple(data["questionnaire_versions"]),
            periods=tuple(data["periods"]),
            cells=cells,
        )
    except (KeyError, TypeError) as error:
        raise BenchmarkError(f"not a stored benchmark table ({error!r})") from error


def _cell_to_data(cell: Cell) -> Data:
    if cell.suppressed:
        return {"values": list(cell.values), "reason": cell.suppression_reason}
    return {
        "values": list(cell.values),
        "organisations": cell.n_organisations,
        "countries": cell.n_countries,
        "overall": None if cell.overall is None else _measure_to_data(cell.overall),
        "dimensions": [_measure_to_data(summary) for summary in cell.dimensions],
    }


def _cell_from_data(data: Mapping[str, Any]) -> Cell:
    values = tuple(data["values"])
    if "reason" in data:
        return Cell(values, True, data["reason"])
    overall = data["overall"]
    return Cell(
        values=values,
        suppressed=False,
        suppression_reason=None,
        n_organisations=data["organisations"],
        n_countries=data["countries"],
        overall=None if overall is None else _measure_from_data(overall),
        dimensions=tuple(_measure_from_data(summary) for summary in data["dimensions"]),
    )


def _measure_to_data(summary: MeasureSummary) -> Data:
    data = asdict(summary)
    if summary.level_shares is not None:
        data["level_shares"] = list(summary.level_shares)
    return data


def _measure_from_data(data: Mapping[str, Any]) -> MeasureSummary:
    shares = data["level_shares"]
    return MeasureSummary(**{**data, "level_shares": None if shares is None else tuple(shares)})
