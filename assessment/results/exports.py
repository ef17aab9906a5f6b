"""The organisation's aggregated result as CSV, XLSX or JSON, one row per aggregate.

Rows are aggregates only (overall, dimension, item, principle, facet); no file ever holds
a respondent's answers. Item rows appear only when enough people submitted for no one's
answers to be readable from them (the same rule as the results page). Codes are stable;
labels are in the chosen language. Spreadsheet cells that would start a formula are
neutralised.

A round with more than ``EXPORT_QUEUE_ABOVE_RESPONSES`` submitted responses is exported
on the task queue (``reports.export_jobs``), not in the request: ``queued`` says which.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from assessment.core.levels import level_name
from assessment.core.vocabulary import facet_name, principle_name
from assessment.results.capability import ActionOwner, CapabilityData, InstrumentResult
from assessment.results.wording import current_language, local
from assessment.survey.models import AssessmentRound
from assessment.survey.scoring import submitted_count

# One exported row: column code -> a number, a code or a label (None for an empty cell).
Row = dict[str, Any]
FORMAT_NAME = "innovation-maturity-aggregates"
FORMAT_VERSION = 1
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def queued(assessment_round: AssessmentRound) -> bool:
    """Whether this round's exports are prepared on the queue rather than in the request.

    They are when more people submitted than ``EXPORT_QUEUE_ABOVE_RESPONSES``: scoring
    their answers takes too long for a request.
    """
    limit = int(current_app.config["EXPORT_QUEUE_ABOVE_RESPONSES"])
    return bool(submitted_count(assessment_round) > limit)


@dataclass(frozen=True)
class Column:
    """A column: its stable code and what it holds, in the language of the export."""

    code: str
    label: object  # a lazy gettext string


COLUMNS = (
    Column("organisation", _l("Organisation")),
    Column("round_id", _l("Round number")),
    Column("round_title", _l("Round")),
    Column("scope", _l("What the row describes")),
    Column("questionnaire", _l("Questionnaire code")),
    Column("questionnaire_version", _l("Questionnaire version")),
    Column("questionnaire_title", _l("Questionnaire")),
    Column("dimension", _l("Dimension code")),
    Column("code", _l("Code")),
    Column("label", _l("Label")),
    Column("respondents", _l("Respondents")),
    Column("score", _l("Score (1 to 5)")),
    Column("percent", _l("Score (0 to 100)")),
    Column("level", _l("Level")),
    Column("level_name", _l("Level name")),
    Column("evidence", _l("Evidence")),
    Column("target_level", _l("Target level")),
    Column("owner", _l("Owner of the actions")),
    Column("due_on", _l("Actions due by (year-month-day)")),
    Column("items_applicable", _l("Applicable questions")),
    Column("items_answered", _l("Questions with a value")),
    Column("answered", _l("Answers with a value")),
    Column("dont_know", _l("Answers “I do not know”")),
    Column("not_applicable", _l("Answers “Not applicable”")),
    Column("dont_know_share", _l("Share “I do not know” (0 to 1)")),
    Column("coverage", _l("Coverage (0 to 1)")),
    Column("agreement_rwg", _l("Agreement r_wg (0 to 1)")),
    Column("share_percent", _l("Share of choices (%)")),
    Column("intended_percent", _l("Intended share (%)")),
)
CODES = tuple(column.code for column in COLUMNS)


def rows(data: CapabilityData) -> list[Row]:
    """Every aggregate of the result as a row keyed by the column codes."""
    common = {
        "organisation": data.organisation.name,
        "round_id": data.round.id,
        "round_title": data.round.title,
    }
    found: list[Row] = []
    for instrument in data.instruments:
        owners = data.owners.get(instrument.questionnaire, {})
        found.extend(
            {**dict.fromkeys(CODES), **common, **row} for row in _instrument(instrument, owners)
        )
    for principle in data.principles:
        found.append({
            **dict.fromkeys(CODES), **common, "scope": "principle",
            "code": str(principle.principle), "label": principle_name(principle.principle),
            **_graded(principle.score, principle.percent, principle.level, principle.evidence),
            "items_applicable": principle.items_applicable,
            "items_answered": principle.items_answered,
        })  # fmt: skip
    return found


def _instrument(instrument: InstrumentResult, owners: Mapping[str, ActionOwner]) -> Iterator[Row]:
    qid, result = instrument.questionnaire, instrument.result
    base = {
        "questionnaire": qid,
        "questionnaire_version": instrument.version,
        "questionnaire_title": instrument.title,
        "respondents": result.respondents,
    }
    overall, answers = result.overall, result.shares
    yield {
        **base, "scope": "overall", "code": qid, "label": instrument.title,
        **_graded(overall.score, overall.percent, overall.level, overall.evidence),
        "answered": answers.answered, "dont_know": answers.dont_know,
        "not_applicable": answers.not_applicable,
        "dont_know_share": _share(answers.dont_know_share),
    }  # fmt: skip
    targets = instrument.targets
    for d in result.dimensions:
        yield {
            **base, "scope": "dimension", "dimension": d.dimension_id, "code": d.dimension_id,
            "label": local(d.title), **_graded(d.score, d.percent, d.level, d.evidence),
            "target_level": targets.get(d.dimension_id),
            **_owned(owners.get(d.dimension_id)),
            "items_applicable": d.items_applicable, "items_answered": d.items_answered,
            "answered": d.shares.answered, "dont_know": d.shares.dont_know,
            "not_applicable": d.shares.not_applicable,
            "dont_know_share": _share(d.shares.dont_know_share),
            "coverage": None if d.coverage is None else _share(d.coverage),
            "agreement_rwg": d.agreement.rwg,
        }  # fmt: skip
    intended = {b.facet: b.intended for b in result.balance}
    for share in result.facet_profile.shares if result.facet_profile else ():
        yield {
            **base, "scope": "facet", "code": share.facet, "label": facet_name(share.facet),
            "answered": share.count, "share_percent": share.percent,
            "intended_percent": intended.get(share.facet),
        }  # fmt: skip
    if not instrument.detailed:
        return  # item values of a handful of people could be read as their answers
    definition = instrument.definition
    for item in result.items:
        question = definition.item(item.item_id)
        yield {
            **base, "scope": "item", "dimension": item.dimension_id, "code": item.item_id,
            "label": local(question.prompt) if question else item.item_id,
            "score": item.value, "level": item.level,
            "level_name": None if item.level is None else level_name(item.level),
            "evidence": item.status, "answered": item.answered, "dont_know": item.dont_know,
            "not_applicable": item.not_applicable,
            "dont_know_share": _share(item.dont_know, item.asked),
        }  # fmt: skip


def _owned(found: ActionOwner | None) -> Row:
    if found is None:
        return {}
    return {
        "owner": found.owner or None,
        "due_on": None if found.due_on is None else found.due_on.isoformat(),
    }


def _share(part: float, whole: int | None = None) -> float | None:
    """A share rounded to four decimals: ``part`` alone (0-1), or ``part`` of ``whole``."""
    if whole is None:
        return round(part, 4)
    return round(part / whole, 4) if whole else None


def _graded(score: float | None, percent: float | None, level: int | None, evidence: str) -> Row:
    return {
        "score": score,
        "percent": percent,
        "level": level,
        "level_name": None if level is None else level_name(level),
        "evidence": evidence,
    }


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
    """The same rows in a workbook, with a sheet describing the columns in the export's language."""
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
        about.append((column.code, neutralise(str(column.label))))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_json(data: CapabilityData) -> bytes:
    """Rows with their column descriptions and the method's parameters."""
    organisation, held = data.organisation, data.round
    document = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "lang": current_language(),
        "organisation": {
            "name": organisation.name, "slug": organisation.slug, "country": organisation.country,
        },
        "round": {
            "id": held.id, "title": held.title, "unit_assessed": held.unit_assessed,
            "opens_at": held.opens_at.isoformat(), "closes_at": held.closes_at.isoformat(),
            "time_zone": held.time_zone,
        },
        "method": {
            "min_group_size": data.min_group_size,
            "rules": {i.questionnaire: _rules(i) for i in data.instruments},
            "item_rows": {i.questionnaire: i.detailed for i in data.instruments},
        },
        "columns": [{"code": c.code, "label": str(c.label)} for c in COLUMNS],
        "rows": rows(data),
    }  # fmt: skip
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _rules(instrument: InstrumentResult) -> dict[str, Any]:
    rules = asdict(instrument.result.rules)
    return {key: list(value) if isinstance(value, tuple) else value for key, value in rules.items()}


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "json": to_json}


def export(data: CapabilityData, fmt: str) -> bytes:
    """The result in ``fmt`` (csv, xlsx or json)."""
    return WRITERS[fmt](data)
