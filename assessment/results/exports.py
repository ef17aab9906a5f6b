"""The organisation's aggregated result as CSV, XLSX or JSON, one row per aggregate.

Rows are aggregates only (overall, dimension, item, principle, facet); no file ever holds
a respondent's answers. Item rows appear only when enough people submitted for no one's
answers to be readable from them (the same rule as the results page). Codes are stable;
labels are in the chosen language. Spreadsheet cells that would start a formula are
neutralised.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from assessment.core.questionnaire_library import library
from assessment.results.capability import CapabilityData
from questionnaires.model import Text

Json = dict[str, Any]
FORMAT_NAME = "innovation-maturity-aggregates"
FORMAT_VERSION = 1
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@dataclass(frozen=True)
class Column:
    code: str
    label: Text


COLUMNS = (
    Column("organisation", Text("Organisation", "Organisation")),
    Column("round_id", Text("Round number", "Numéro de la campagne")),
    Column("round_title", Text("Round", "Campagne")),
    Column("scope", Text("What the row describes", "Ce que décrit la ligne")),
    Column("questionnaire", Text("Questionnaire code", "Code du questionnaire")),
    Column("questionnaire_version", Text("Questionnaire version", "Version du questionnaire")),
    Column("questionnaire_title", Text("Questionnaire", "Questionnaire")),
    Column("dimension", Text("Dimension code", "Code de la dimension")),
    Column("code", Text("Code", "Code")),
    Column("label", Text("Label", "Libellé")),
    Column("respondents", Text("Respondents", "Répondants")),
    Column("score", Text("Score (1 to 5)", "Score (1 à 5)")),
    Column("percent", Text("Score (0 to 100)", "Score (0 à 100)")),
    Column("level", Text("Level", "Niveau")),
    Column("level_name", Text("Level name", "Nom du niveau")),
    Column("evidence", Text("Evidence", "Éléments probants")),
    Column("target_level", Text("Target level", "Niveau visé")),
    Column("items_applicable", Text("Applicable questions", "Questions applicables")),
    Column("items_answered", Text("Questions with a value", "Questions avec une valeur")),
    Column("answered", Text("Answers with a value", "Réponses avec une valeur")),
    Column("dont_know", Text("Answers “I do not know”", "Réponses « Je ne sais pas »")),
    Column("not_applicable", Text("Answers “Not applicable”", "Réponses « Sans objet »")),
    Column("dont_know_share",
           Text("Share “I do not know” (0 to 1)", "Part « Je ne sais pas » (0 à 1)")),
    Column("coverage", Text("Coverage (0 to 1)", "Couverture (0 à 1)")),
    Column("agreement_rwg", Text("Agreement r_wg (0 to 1)", "Accord r_wg (0 à 1)")),
    Column("share_percent", Text("Share of choices (%)", "Part des choix (%)")),
    Column("intended_percent", Text("Intended share (%)", "Part voulue (%)")),
)  # fmt: skip
CODES = tuple(column.code for column in COLUMNS)


def rows(data: CapabilityData) -> list[Json]:
    """Every aggregate of the result as a row keyed by the column codes."""
    common = {
        "organisation": data.organisation["name"],
        "round_id": data.round["id"],
        "round_title": data.round["title"],
    }
    found: list[Json] = []
    for instrument in data.instruments:
        found.extend(
            {**dict.fromkeys(CODES), **common, **row} for row in _instrument(instrument, data.lang)
        )
    for principle in data.principles:
        found.append({
            **dict.fromkeys(CODES), **common, "scope": "principle",
            "code": str(principle["principle"]), "label": principle["title"],
            "score": principle["score"], "percent": principle["percent"],
            "level": principle["level"], "level_name": principle["level_name"],
            "evidence": principle["evidence"],
            "items_applicable": principle["items_applicable"],
            "items_answered": principle["items_answered"],
        })  # fmt: skip
    return found


def _instrument(instrument: Json, lang: str) -> Iterator[Json]:
    qid = instrument["questionnaire"]
    base = {
        "questionnaire": qid,
        "questionnaire_version": instrument["version"],
        "questionnaire_title": instrument["title"],
        "respondents": instrument["respondents"],
    }
    overall, answers = instrument["overall"], instrument["answers"]
    yield {
        **base, "scope": "overall", "code": qid, "label": instrument["title"],
        **_graded(overall), "answered": answers["answered"], "dont_know": answers["dont_know"],
        "not_applicable": answers["not_applicable"], "dont_know_share": answers["dont_know_share"],
    }  # fmt: skip
    targets = {t["dimension"]: t["target_level"] for t in instrument["action_plan"]["targets"]}
    for d in instrument["dimensions"]:
        yield {
            **base, "scope": "dimension", "dimension": d["id"], "code": d["id"],
            "label": d["title"], **_graded(d), "target_level": targets.get(d["id"]),
            "items_applicable": d["items_applicable"], "items_answered": d["items_answered"],
            "answered": d["answers"]["answered"], "dont_know": d["answers"]["dont_know"],
            "not_applicable": d["answers"]["not_applicable"],
            "dont_know_share": d["dont_know_share"], "coverage": d["coverage"],
            "agreement_rwg": d["agreement"].get("rwg"),
        }  # fmt: skip
    profile = instrument["views"].get("facet_profile")
    intended = {
        b["facet"]: b.get("intended") for b in instrument["views"].get("portfolio_balance") or []
    }
    for share in (profile or {}).get("shares", []):
        yield {
            **base, "scope": "facet", "code": share["facet"], "label": share["label"],
            "answered": share["count"], "share_percent": share["percent"],
            "intended_percent": intended.get(share["facet"]),
        }  # fmt: skip
    if not instrument.get("detailed"):
        return  # item values of a handful of people could be read as their answers
    definition = library().get(qid, instrument["version"])
    for item in instrument["items"]:
        question = definition.item(item["item_id"])
        yield {
            **base, "scope": "item", "dimension": item["dimension_id"], "code": item["item_id"],
            "label": question.prompt.get(lang) if question else item["item_id"],
            "score": item["value"], "level": item["level"],
            "level_name": _level_name(item["level"], lang), "evidence": item["status"],
            "answered": item["answered"], "dont_know": item["dont_know"],
            "not_applicable": item["not_applicable"],
            "dont_know_share": _share(item["dont_know"], item["asked"]),
        }  # fmt: skip


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _graded(entry: Json) -> Json:
    return {key: entry.get(key) for key in ("score", "percent", "level", "level_name", "evidence")}


def _level_name(level: int | None, lang: str) -> str | None:
    from scoring.rules import LEVEL_NAMES

    return None if level is None else LEVEL_NAMES[level].get(lang)


def neutralise(value: Any) -> Any:
    """Quote a text cell that a spreadsheet would run as a formula; numbers pass as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(data: CapabilityData) -> bytes:
    """A header row of column codes, then one row per aggregate (UTF-8 with a BOM for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CODES)
    for row in rows(data):
        writer.writerow(["" if row[c] is None else neutralise(row[c]) for c in CODES])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(data: CapabilityData) -> bytes:
    """The same rows in a workbook, with a sheet describing the columns in ``data.lang``."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "results"
    sheet.append(CODES)
    for row in rows(data):
        sheet.append([neutralise(row[c]) for c in CODES])
    sheet.freeze_panes = "A2"
    about = workbook.create_sheet("columns")
    about.append(("code", "label"))
    for column in COLUMNS:
        about.append((column.code, neutralise(column.label.get(data.lang))))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_json(data: CapabilityData) -> bytes:
    """Rows with their column descriptions and the method's parameters."""
    document = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "lang": data.lang,
        "organisation": {k: data.organisation[k] for k in ("name", "slug", "country")},
        "round": data.round,
        "method": {
            "min_group_size": data.min_group_size,
            "rules": {i["questionnaire"]: i["rules"] for i in data.instruments},
            "item_rows": {i["questionnaire"]: bool(i.get("detailed")) for i in data.instruments},
        },
        "columns": [{"code": c.code, "label": c.label.get(data.lang)} for c in COLUMNS],
        "rows": rows(data),
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "json": to_json}


def export(data: CapabilityData, fmt: str) -> bytes:
    """The result in ``fmt`` (csv, xlsx or json)."""
    return WRITERS[fmt](data)
