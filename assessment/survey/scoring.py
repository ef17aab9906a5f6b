"""Organisation results: submitted responses through the scoring engine, into snapshots.

Only aggregated results leave here; individual answers are read to be scored, never
returned. Snapshots are what benchmarks aggregate, so they are refreshed on every
submission rather than recomputed per request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from flask import current_app

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
    report_to_dict,
)


def rules() -> ScoringRules:
    """The scoring rules in force, with the configured minimum group size."""
    return replace(DEFAULT_RULES, min_group_size=current_app.config["MIN_GROUP_SIZE"])


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
    """The organisation's report per questionnaire with at least one submitted response."""
    reports = []
    for definition in instruments(assessment_round):
        respondents = submitted_respondents(assessment_round, definition.id)
        if respondents:
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
        "result": report_to_dict(report, "en"),
    }


def dimension_columns(report: Report) -> list[dict[str, Any]]:
    """The stored columns of each dimension score of a snapshot (without its snapshot id)."""
    return [
        {"dimension_id": d.dimension_id, "score": d.score, "level": d.level}
        for d in report.result.dimensions
    ]
