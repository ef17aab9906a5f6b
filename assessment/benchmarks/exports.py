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

from assessment.benchmarks.charts import group_label
from assessment.benchmarks.labels import field_name
from assessment.benchmarks.services import Exploration
from assessment.benchmarks.wording import word
from scoring.benchmark import REASONS, describe

Json = dict[str, Any]
FORMATS = ("csv", "xlsx", "json")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MEASURE_COLUMNS = (
    "measure", "suppressed", "reason", "organisations", "mean", "median", "p25", "p75",
    "level_1", "level_2", "level_3", "level_4", "level_5",
)  # fmt: skip


def neutralise(value: Any) -> Any:
    """Make a text value inert in spreadsheets; numbers and None pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def metadata(exploration: Exploration, lang: str) -> Json:
    """The method behind the table: instrument, versions, rules, counts, date."""
    data = exploration.data(lang)
    method = data["method"]
    total = exploration.table.total
    return {
        "title": word("explorer_title", lang),
        "questionnaire": exploration.questionnaire.id,
        "questionnaire_title": exploration.questionnaire.title.get(lang),
        "questionnaire_versions": method["questionnaire_versions"],
        "periods": method["periods"],
        "group_by": list(exploration.query.group_by),
        "filters": dict(exploration.query.filters),
        "dimensions": method["dimensions"],
        "rules": method["rules"],
        "rules_text": word(
            "method_rules", lang,
            organisations=method["rules"]["organisation_threshold"],
            distribution=method["rules"]["distribution_threshold"],
            countries=method["rules"]["country_threshold"],
            share=_percent(method["rules"]["dominance_share"], lang),
            decimals=method["rules"]["score_decimals"],
        ),
        "records_rule": word("method_records", lang),
        "quantiles": method["quantiles"],
        "cells": method["cells"],
        "suppressed_cells": method["suppressed_cells"],
        "complementary_cells": method["complementary_cells"],
        "organisations": None if total.suppressed else total.n_organisations,
        "reasons": {code: describe(code, exploration.table.rules).get(lang) for code in REASONS},
        "generated_at": exploration.generated_at.replace(microsecond=0).isoformat(),
        "language": lang,
    }  # fmt: skip


def _percent(share: float | None, lang: str) -> str:
    if share is None:
        return "–"
    text = f"{share * 100:.1f}".removesuffix(".0")
    return text.replace(".", ",") if lang == "fr" else text


def as_json(exploration: Exploration, lang: str) -> Json:
    """The table as JSON: per cell its group values, count, suppression and scores."""
    data = exploration.data(lang)
    cells = []
    for cell in data["cells"]:
        entry: Json = {
            "group": cell["group"],
            "kind": cell["kind"],
            "n_organisations": cell.get("organisations"),
            "suppressed": cell["suppressed"],
        }
        if cell["suppressed"]:
            entry.update({"reason": cell["reason"], "note": cell["note"]})
        else:
            entry.update(
                {"n_countries": cell["countries"], "overall": cell["overall"],
                 "dimensions": cell["dimensions"]}
            )  # fmt: skip
        cells.append(entry)
    return {"method": metadata(exploration, lang), "cells": cells}


def rows(exploration: Exploration, lang: str) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of the flat table: one row per cell and measure."""
    fields = list(exploration.table.group_by)
    header = [*fields, "group_label", "kind", "n_organisations", "n_countries", *MEASURE_COLUMNS]
    body: list[list[Any]] = []
    data = exploration.data(lang)
    for cell, raw in zip(exploration.table.cells, data["cells"], strict=True):
        head = [
            *(raw["group"][f] if raw["group"][f] is not None else "" for f in fields),
            group_label(exploration, cell, lang),
            raw["kind"],
        ]
        if raw["suppressed"]:
            body.append([*head, "", "", "", True, raw["reason"], *[""] * 10])
            continue
        measures = [("overall", raw["overall"]), *raw["dimensions"].items()]
        for measure_id, measure in measures:
            body.append([*head, raw["organisations"], raw["countries"], measure_id,
                         *_measure_values(measure)])  # fmt: skip
    return header, body


def _measure_values(measure: Json | None) -> list[Any]:
    if measure is None or measure["suppressed"]:
        reason = "" if measure is None else measure["reason"]
        return [True, reason, *[""] * 10]
    levels = measure["levels"] or {}
    return [
        False,
        measure["distribution_reason"] or "",
        measure["organisations"],
        measure["mean"],
        measure["median"],
        "" if measure["p25"] is None else measure["p25"],
        "" if measure["p75"] is None else measure["p75"],
        *(levels.get(str(level), "") for level in range(1, 6)),
    ]


def _metadata_lines(exploration: Exploration, lang: str) -> list[tuple[str, str]]:
    meta = metadata(exploration, lang)
    return [
        ("title", meta["title"]),
        ("questionnaire", f"{meta['questionnaire']} ({meta['questionnaire_title']})"),
        ("questionnaire_versions", ", ".join(meta["questionnaire_versions"])),
        ("periods", ", ".join(meta["periods"])),
        ("group_by", ", ".join(field_name(f, lang) for f in meta["group_by"])),
        ("filters", ", ".join(f"{field_name(k, lang)} = {v}" for k, v in meta["filters"].items())),
        ("rules", meta["rules_text"]),
        ("records", meta["records_rule"]),
        ("cells", f"{meta['cells']} ({meta['suppressed_cells']} suppressed,"
                  f" {meta['complementary_cells']} complementary)"),
        ("generated_at", meta["generated_at"]),
        *((f"reason {code}", text) for code, text in meta["reasons"].items()),
    ]  # fmt: skip


def as_csv(exploration: Exploration, lang: str) -> str:
    """CSV text: ``# key: value`` metadata lines, then the flat table with its header."""
    buffer = io.StringIO()
    for key, value in _metadata_lines(exploration, lang):
        buffer.write(f"# {key}: {' '.join(str(value).split())}\n")
    writer = csv.writer(buffer, lineterminator="\n")
    header, body = rows(exploration, lang)
    writer.writerow(header)
    for row in body:
        writer.writerow([neutralise(value) for value in row])
    return buffer.getvalue()


def as_xlsx(exploration: Exploration, lang: str) -> bytes:
    """An XLSX workbook: the table on the first sheet, the method on the second."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Benchmark"
    header, body = rows(exploration, lang)
    sheet.append(header)
    for row in body:
        sheet.append([neutralise(value) for value in row])
    sheet.freeze_panes = "A2"
    method = workbook.create_sheet("Method")
    for key, value in _metadata_lines(exploration, lang):
        method.append([neutralise(key), neutralise(str(value))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(exploration: Exploration, fmt: str, lang: str) -> bytes:
    """The export in ``fmt`` (one of FORMATS) as bytes."""
    if fmt == "csv":
        return as_csv(exploration, lang).encode("utf-8")
    if fmt == "xlsx":
        return as_xlsx(exploration, lang)
    if fmt == "json":
        return json.dumps(as_json(exploration, lang), ensure_ascii=False, indent=2).encode("utf-8")
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
