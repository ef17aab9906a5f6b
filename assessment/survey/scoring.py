"""Organisation results: submitted responses through the scoring engine, into snapshots.

Only aggregated results leave here; individual answers are read to be scored, never
returned. Snapshots are what benchmarks aggregate, so they are refreshed on every
submission rather than recomputed per request. A snapshot stores the engine's
language-neutral document (``scoring.serialise``); :func:`stored_result` reads it back,
older rows included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement

from assessment.core.extensions import db
from assessment.survey.models import AssessmentRound
from assessment.survey.responding import instruments
from assessment.survey.responses import SUBMITTED, Answer, Response
from assessment.survey.scores import DimensionScore, ScoreSnapshot
from questionnaires.model import Questionnaire
from scoring import (
    DEFAULT_RULES,
    Report,
    RespondentAnswers,
    ScoringRules,
    build_report,
    report_document,
)
from scoring.serialise import FORMAT

# What rows stored before reasons became codes (no "format") held in words: English
# sentences, level and band names, titles and labels. All of it is derived from the
# numbers and codes beside it, or from the questionnaire definition.
_WORDED_KEYS = frozenset({
    "lang", "title", "level_name", "label_text", "reason_text", "change_type_text",
    "band_name", "next_level_name", "target_level_name", "prompt", "descriptor",
    "next_descriptor", "summary", "requirement",
})  # fmt: skip


def rules() -> ScoringRules:
    """The scoring rules in force, with the configured minimum group size."""
    return replace(DEFAULT_RULES, min_group_size=current_app.config["MIN_GROUP_SIZE"])


def shown_snapshot() -> ColumnElement[bool]:
    """The condition a stored result meets to be shown to anyone: enough respondents.

    A result of fewer than ``MIN_GROUP_SIZE`` people would show their own answers to the
    coordinator (one response: that person's scores), as a small role group would.
    """
    return ScoreSnapshot.respondent_count >= current_app.config["MIN_GROUP_SIZE"]


def submitted_respondents(
    assessment_round: AssessmentRound, questionnaire_id: str
) -> list[RespondentAnswers]:
    """Every submitted response of the round to one questionnaire, as engine input."""
    rows = db.session.execute(
        db.select(Response.id, Response.respondent_role, Answer.item_id, Answer.code)
        .join(Answer, Answer.response_id == Response.id)
        .filter(
            Response.round_id == assessment_round.id,
            Response.status == SUBMITTED,
            Answer.questionnaire_id == questionnaire_id,
        )
        .order_by(Response.id)
    ).all()
    by_response: dict[int, tuple[str, dict[str, str]]] = {}
    for response_id, role, item_id, code in rows:
        by_response.setdefault(response_id, (role, {}))[1][item_id] = code
    return [RespondentAnswers(role, answers) for role, answers in by_response.values()]


def submitted_count(assessment_round: AssessmentRound) -> int:
    """How many responses of the round are submitted."""
    return db.session.execute(
        db.select(db.func.count(Response.id)).filter_by(
            round_id=assessment_round.id, status=SUBMITTED
        )
    ).scalar_one()


def round_reports(
    assessment_round: AssessmentRound, targets: Mapping[str, Mapping[str, int]] | None = None
) -> list[tuple[Questionnaire, Report]]:
    """The organisation's report per questionnaire that enough people submitted.

    Below ``MIN_GROUP_SIZE`` people a result would show their own answers (one response:
    that person's scores), so it is withheld, as a small role group is.
    """
    reports = []
    minimum = current_app.config["MIN_GROUP_SIZE"]
    for definition in instruments(assessment_round):
        respondents = submitted_respondents(assessment_round, definition.id)
        if len(respondents) >= minimum:
            report = report_for(definition, respondents, (targets or {}).get(definition.id))
            reports.append((definition, report))
    return reports


def report_for(
    definition: Questionnaire,
    respondents: Sequence[RespondentAnswers],
    targets: Mapping[str, int] | None = None,
) -> Report:
    """The engine's report of one questionnaire's submitted respondents, under our rules."""
    return build_report(definition, respondents, rules=rules(), targets=targets)


def refresh_round_results(assessment_round: AssessmentRound) -> None:
    """Recompute and store the round's score snapshots (one per questionnaire)."""
    db.session.execute(
        db.delete(ScoreSnapshot).where(ScoreSnapshot.round_id == assessment_round.id)
    )
    for definition, report in round_reports(assessment_round):
        snapshot = ScoreSnapshot(
            **snapshot_columns(assessment_round.id, definition, report),
            dimensions=[DimensionScore(**columns) for columns in dimension_columns(report)],
        )
        db.session.add(snapshot)
    db.session.commit()


def snapshot_columns(round_id: int, definition: Questionnaire, report: Report) -> dict[str, Any]:
    """The stored columns of a round's snapshot for one questionnaire (its dimensions apart).

    Shared with the bulk writer of demo data, so both store exactly the same snapshot.
    """
    result = report.result
    return {
        "round_id": round_id,
        "questionnaire_id": definition.id,
        "questionnaire_version": definition.version,
        "respondent_count": result.respondents,
        "overall_level": result.overall.level,
        "overall_score": result.overall.score,
        "result": report_document(report),
    }


def dimension_columns(report: Report) -> list[dict[str, Any]]:
    """The stored columns of each dimension score of a snapshot (without its snapshot id)."""
    return [
        {"dimension_id": d.dimension_id, "score": d.score, "level": d.level}
        for d in report.result.dimensions
    ]


def stored_result(document: dict[str, Any]) -> dict[str, Any]:
    """A snapshot's stored result as the language-neutral document of the current format.

    Rows written before reasons became codes carry English words instead (no
    ``format``): their words are left out, every number and code is kept, and the
    document says it is of format 1. Their explanations keep what they cite and the
    next level, without sentences.
    """
    if document.get("format") == FORMAT:
        return document
    return {**_without_words(document), "format": 1}


def _without_words(value: Any) -> Any:
    if isinstance(value, dict):
        kept = {}
        for key, entry in value.items():
            # A facet share's "label" was its name; an agreement's is a code, and stays.
            if key in _WORDED_KEYS or (key == "label" and "facet" in value):
                continue
            # Matrix rows and columns were {"code", "label"}; keep the code.
            if key in ("rows", "columns") and isinstance(entry, list):
                entry = [e["code"] if isinstance(e, dict) and "code" in e else e for e in entry]
            kept[key] = _without_words(entry)
        return kept
    if isinstance(value, list):
        return [_without_words(entry) for entry in value]
    return value
