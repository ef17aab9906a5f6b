"""The language-neutral JSON document of a report: what the CLI prints and the app stores.

Numbers, ids and codes only: levels are numbers, evidence and withholding reasons are
codes, explanations are reason codes with their parameters (``scoring.reasons``), and
questions, dimensions, tags and facets are named by their ids and codes. Their texts
live in the questionnaire definition (named by ``questionnaire`` and ``version``) and
the words in whatever reads the document, so one document serves every language.

Keys are a stable interface: add keys, never rename them, and raise ``FORMAT`` when a
change would mislead an older reader.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from scoring.actions import ActionPlan
from scoring.explain import Citation, Explanation
from scoring.reasons import Reason
from scoring.report import Report
from scoring.results import (
    AnswerShares,
    AssessmentResult,
    DimensionResult,
    OverallResult,
    PrincipleResult,
    RoleGroupView,
    TagMatrix,
)

# 1: the documents before reasons became codes (with an English "lang" and sentences).
FORMAT = 2

Document = dict[str, Any]


def _plain(value: Any) -> Any:
    """Turn tuples (as ``asdict`` leaves them) into lists, so the data is plain JSON."""
    if isinstance(value, dict):
        return {key: _plain(entry) for key, entry in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(entry) for entry in value]
    return value


def _share(value: float) -> float:
    return round(value, 4)


def shares_document(shares: AnswerShares) -> Document:
    """Counts and shares (0-1) of answered, "I do not know" and "Not applicable" slots."""
    return {
        "slots": shares.slots,
        "answered": shares.answered,
        "dont_know": shares.dont_know,
        "not_applicable": shares.not_applicable,
        "missing": shares.missing,
        "answered_share": _share(shares.answered_share),
        "dont_know_share": _share(shares.dont_know_share),
        "not_applicable_share": _share(shares.not_applicable_share),
    }


def dimension_document(dimension: DimensionResult) -> Document:
    """One dimension's score, level, evidence, answer shares and agreement."""
    coverage = dimension.coverage
    return {
        "id": dimension.dimension_id,
        "weight": dimension.weight,
        "level": dimension.level,
        "score": dimension.score,
        "percent": dimension.percent,
        "evidence": dimension.evidence,
        "coverage": None if coverage is None else _share(coverage),
        "items_asked": dimension.items_asked,
        "items_applicable": dimension.items_applicable,
        "items_answered": dimension.items_answered,
        "band_level": dimension.band_level,
        "cap": dimension.cap,
        "gated": dimension.gated,
        "dont_know_share": _share(dimension.shares.dont_know_share),
        "not_applicable_share": _share(dimension.shares.not_applicable_share),
        "answers": shares_document(dimension.shares),
        "agreement": asdict(dimension.agreement),
    }


def overall_document(overall: OverallResult) -> Document:
    """The overall score and level, with the dimensions that withhold the level."""
    return {
        "level": overall.level,
        "score": overall.score,
        "percent": overall.percent,
        "evidence": overall.evidence,
        "band_level": overall.band_level,
        "cap": overall.cap,
        "gated": overall.gated,
        "lacking": list(overall.lacking),
    }


def principle_document(principle: PrincipleResult) -> Document:
    """One Declaration principle's score and level."""
    return {
        "principle": principle.principle,
        "level": principle.level,
        "score": principle.score,
        "percent": principle.percent,
        "evidence": principle.evidence,
        "items_applicable": principle.items_applicable,
        "items_answered": principle.items_answered,
        "questionnaires": list(principle.questionnaires),
    }


def group_document(group: RoleGroupView) -> Document:
    """A role group's view, or only the code of the reason it is withheld."""
    entry: Document = {"role": group.role, "shown": group.shown}
    if group.shown and group.overall is not None:
        entry["respondents"] = group.respondents
        entry["overall"] = overall_document(group.overall)
        entry["dimensions"] = [
            {
                "id": d.dimension_id,
                "level": d.level,
                "score": d.score,
                "percent": d.percent,
                "evidence": d.evidence,
            }
            for d in group.dimensions
        ]
    else:
        # Only the reason: a withheld group shows no number, not even its size.
        entry["reason"] = group.reason
    return entry


def matrix_document(matrix: TagMatrix) -> Document:
    """A tag x tag matrix: its row and column codes and one entry per cell."""
    return {
        "rows_tag": matrix.row_tag,
        "columns_tag": matrix.column_tag,
        "rows": list(matrix.rows),
        "columns": list(matrix.columns),
        "cells": [asdict(cell) for cell in matrix.cells],
    }


def result_document(result: AssessmentResult) -> Document:
    """The whole result as JSON-ready data."""
    profile = result.facet_profile
    views: Document = {
        "matrices": [matrix_document(m) for m in result.matrices],
        "facet_profile": None,
        "portfolio_balance": [asdict(entry) for entry in result.balance],
        "portfolio_capability": None,
    }
    if profile is not None:
        views["facet_profile"] = {
            "answers": profile.answers,
            "shares": [asdict(s) for s in profile.shares],
            "strong": list(profile.strong),
            "change_type": profile.change_type,
        }
    if result.capability is not None:
        views["portfolio_capability"] = asdict(result.capability)
    return {
        "format": FORMAT,
        "questionnaire": result.questionnaire_id,
        "version": result.version,
        "respondents": result.respondents,
        "rules": _plain(asdict(result.rules)),
        "overall": overall_document(result.overall),
        "dimensions": [dimension_document(d) for d in result.dimensions],
        "answers": shares_document(result.shares),
        "items": [_plain(asdict(item)) for item in result.items],
        "principles": [principle_document(p) for p in result.principles],
        "role_groups": [group_document(g) for g in result.role_groups],
        "views": views,
    }


def reason_document(reason: Reason) -> Document:
    """A reason as ``{"code", "params"}``."""
    return {"code": str(reason.code), "params": dict(reason.params)}


def _citation(citation: Citation) -> Document:
    return {
        "id": citation.ref,
        "value": citation.value,
        "level": citation.level,
        "gate": citation.gate,
    }


def explanation_document(explanation: Explanation) -> Document:
    """A "why is my level X" explanation: reasons in reading order, and what they cite."""
    requirement = explanation.requirement
    return {
        "summary": [reason_document(r) for r in explanation.summary],
        "held_down_by": [_citation(c) for c in explanation.held_down_by],
        "next_level": explanation.next_level,
        "requirement": None if requirement is None else reason_document(requirement),
        "unanswered": [_citation(c) for c in explanation.unanswered],
    }


def plan_document(plan: ActionPlan) -> Document:
    """Targets and prioritised actions.

    An action's next step is its question's option at ``next_level``, in the
    questionnaire definition.
    """
    return {
        "targets": [
            {
                "dimension": t.dimension_id,
                "current_level": t.current_level,
                "target_level": t.target_level,
            }
            for t in plan.targets
        ],
        "actions": [
            {
                "rank": a.rank,
                "dimension": a.dimension_id,
                "item": a.item_id,
                "value": a.value,
                "level": a.level,
                "next_level": a.next_level,
                "target_level": a.target_level,
                "gap": a.gap,
                "weight": a.weight,
                "priority": a.priority,
            }
            for a in plan.actions
        ],
    }


def report_document(report: Report) -> Document:
    """The result with each explanation next to what it explains, plus the action plan."""
    data = result_document(report.result)
    data["overall"]["explanation"] = explanation_document(report.overall_explanation)
    for entry, explanation in zip(data["dimensions"], report.explanations, strict=True):
        entry["explanation"] = explanation_document(explanation)
    data["action_plan"] = plan_document(report.plan)
    return data
