"""Exports of a benchmark table: CSV, XLSX and JSON, each with its method metadata.

All three carry exactly the figures the explorer shows (the same disclosure-controlled
table). CSV and XLSX have one row per group and measure (the overall score, then each
dimension); JSON has one entry per group with its measures inside. Text that a
spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
is neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext

from assessment.benchmarks.charts import group_label
from assessment.benchmarks.documents import method_document, table_document
from assessment.benchmarks.labels import field_name
from assessment.benchmarks.reasons import table_counts
from assessment.benchmarks.services import Exploration
from scoring.benchmark import MeasureSummary

FORMATS = ("csv", "xlsx", "json")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Level columns are percentages of the organisations (rounded shares), never counts.
MEASURE_COLUMNS = (
    "measure", "suppressed", "reason", "organisations", "mean", "median", "p25", "p75",
    "level_1_percent", "level_2_percent", "level_3_percent", "level_4_percent",
    "level_5_percent",
)  # fmt: skip


def neutralise(value: Any) -> Any:
    """Make a text value inert in spreadsheets; numbers and None pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def rows(exploration: Exploration) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of the flat table: one row per cell and measure."""
    table = exploration.table
    header = [*table.group_by, "group_label", "kind", "n_organisations", "n_countries",
              *MEASURE_COLUMNS]  # fmt: skip
    body: list[list[Any]] = []
    for cell in table.cells:
        head = [
            *("" if value is None else value for value in cell.values),
            group_label(exploration, cell),
            cell.kind,
        ]
        if cell.suppressed:
            body.append([*head, "", "", "", True, cell.suppression_reason, *[""] * 10])
            continue
        measures = [("overall", cell.overall), *((d.dimension_id, d) for d in cell.dimensions)]
        for measure_id, summary in measures:
            body.append([*head, cell.n_organisations, cell.n_countries, measure_id,
                         *_measure_values(summary)])  # fmt: skip
    return header, body


def _measure_values(summary: MeasureSummary | None) -> list[Any]:
    if summary is None or summary.suppressed:
        reason = "" if summary is None else summary.suppression_reason
        return [True, reason, *[""] * 10]
    levels = summary.level_shares or ("",) * 5
    return [
        False,
        summary.distribution_reason or "",
        summary.n,
        summary.mean,
        summary.median,
        "" if summary.p25 is None else summary.p25,
        "" if summary.p75 is None else summary.p75,
        *levels,
    ]


def _metadata_lines(exploration: Exploration) -> list[tuple[str, str]]:
    meta = method_document(exploration)
    return [
        ("title", meta["title"]),
        ("questionnaire", f"{meta['questionnaire']} ({meta['questionnaire_title']})"),
        ("questionnaire_versions", ", ".join(meta["questionnaire_versions"])),
        ("periods", ", ".join(meta["periods"])),
        ("group_by", ", ".join(field_name(f) for f in meta["group_by"])),
        ("filters", ", ".join(f"{field_name(k)} = {v}" for k, v in meta["filters"].items())),
        ("rules", meta["rules_text"]),
        ("rounding", meta["publication_text"]),
        ("records", meta["records_rule"]),
        ("cells", table_counts(meta["cells"], meta["suppressed_cells"],
                               meta["complementary_cells"])),
        ("generated_at", meta["generated_at"]),
        *((f"reason {code}", text) for code, text in meta["reasons"].items()),
    ]  # fmt: skip


# How the method sheet of the XLSX workbook names each metadata line for its readers (the
# CSV keeps the keys, which programs read).
METADATA_LABELS = {
    "title": lazy_gettext("Title"),
    "questionnaire": lazy_gettext("Questionnaire"),
    "questionnaire_versions": lazy_gettext("Questionnaire versions"),
    "periods": lazy_gettext("Periods"),
    "group_by": lazy_gettext("Grouped by"),
    "filters": lazy_gettext("Filters"),
    "rules": lazy_gettext("Disclosure rules"),
    "rounding": lazy_gettext("Rounding"),
    "records": lazy_gettext("Records counted"),
    "cells": lazy_gettext("Cells"),
    "generated_at": lazy_gettext("Produced at"),
}


def _metadata_label(key: str) -> str:
    if key.startswith("reason "):  # the reason's code is in the third column
        return _("Reason for withholding")
    return str(METADATA_LABELS[key])


def as_csv(exploration: Exploration) -> str:
    """CSV text: ``# key: value`` metadata lines, then the flat table with its header."""
    buffer = io.StringIO()
    for key, value in _metadata_lines(exploration):
        buffer.write(f"# {key}: {' '.join(str(value).split())}\n")
    writer = csv.writer(buffer, lineterminator="\n")
    header, body = rows(exploration)
    writer.writerow(header)
    for row in body:
        writer.writerow([neutralise(value) for value in row])
    return buffer.getvalue()


def as_xlsx(exploration: Exploration) -> bytes:
    """An XLSX workbook: the table on the first sheet, the method on the second."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Benchmark"
    header, body = rows(exploration)
    sheet.append(header)
    for row in body:
        sheet.append([neutralise(value) for value in row])
    sheet.freeze_panes = "A2"
    method = workbook.create_sheet("Method")
    for key, value in _metadata_lines(exploration):
        method.append([_metadata_label(key), neutralise(str(value)), key])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(exploration: Exploration, fmt: str) -> bytes:
    """The export in ``fmt`` (one of FORMATS) as bytes, worded in the current language."""
    if fmt == "csv":
        return as_csv(exploration).encode("utf-8")
    if fmt == "xlsx":
        return as_xlsx(exploration)
    if fmt == "json":
        document = table_document(exploration)
        return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    raise ValueError(f"unknown export format {fmt!r}")


def file_name(exploration: Exploration, fmt: str) -> str:
    """A descriptive file name: instrument, fields and date."""
    parts = [
        "benchmark",
        exploration.questionnaire.id,
        *exploration.query.group_by,
        *(f"{k}-{v}" for k, v in exploration.query.filters),
        exploration.generated_at.date().isoformat(),
    ]
    safe = "_".join("".join(ch if ch.isalnum() or ch in "-." else "-" for ch in p) for p in parts)
    return f"{safe}.{fmt}"
