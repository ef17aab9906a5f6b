"""Plain JSON-ready dictionaries of results and reports, in one language.

The app, the CLI and the PDF report all render from these dictionaries, so their keys
are a stable interface: add keys, never rename them.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from questionnaires.vocabulary import FACETS, PARTNERS, SKILLS, STAGES
from scoring import messages
from scoring.actions import ActionPlan
from scoring.explain import Citation, Explanation
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
from scoring.rules import CAPABILITY_NAMES, LEVEL_NAMES

Json = dict[str, Any]

_TAG_LABELS = {"stage": STAGES, "skill": SKILLS, "partner": PARTNERS}
_REASONS = {"too_few": messages.TOO_FEW, "protects_other_group": messages.PROTECTS_OTHER_GROUP}


def _level_name(level: int | None, lang: str) -> str | None:
    return None if level is None else LEVEL_NAMES[level].get(lang)


def _plain(value: Any) -> Any:
    """Turn tuples (as ``asdict`` leaves them) into lists, so the data is plain JSON."""
    if isinstance(value, dict):
        return {key: _plain(entry) for key, entry in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(entry) for entry in value]
    return value


def _share(value: float) -> float:
    return round(value, 4)


def shares_to_dict(shares: AnswerShares) -> Json:
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


def dimension_to_dict(dimension: DimensionResult, lang: str) -> Json:
    """One dimension's score, level, evidence, answer shares and agreement."""
    coverage = dimension.coverage
    agreement = asdict(dimension.agreement)
    label = dimension.agreement.label
    agreement["label_text"] = None if label is None else messages.AGREEMENT_LABELS[label].get(lang)
    return {
        "id": dimension.dimension_id,
        "title": dimension.title.get(lang),
        "weight": dimension.weight,
        "level": dimension.level,
        "level_name": _level_name(dimension.level, lang),
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
        "answers": shares_to_dict(dimension.shares),
        "agreement": agreement,
    }


def overall_to_dict(overall: OverallResult, lang: str) -> Json:
    """The overall score and level, with the dimensions that withhold the level."""
    return {
        "level": overall.level,
        "level_name": _level_name(overall.level, lang),
        "score": overall.score,
        "percent": overall.percent,
        "evidence": overall.evidence,
        "band_level": overall.band_level,
        "cap": overall.cap,
        "gated": overall.gated,
        "lacking": list(overall.lacking),
    }


def principle_to_dict(principle: PrincipleResult, lang: str) -> Json:
    """One Declaration principle's score and level."""
    return {
        "principle": principle.principle,
        "title": principle.title.get(lang),
        "level": principle.level,
        "level_name": _level_name(principle.level, lang),
        "score": principle.score,
        "percent": principle.percent,
        "evidence": principle.evidence,
        "items_applicable": principle.items_applicable,
        "items_answered": principle.items_answered,
        "questionnaires": list(principle.questionnaires),
    }


def group_to_dict(group: RoleGroupView, lang: str, minimum: int) -> Json:
    """A role group's view, or only the reason it is withheld (``minimum``: group size rule)."""
    entry: Json = {"role": group.role, "title": group.title.get(lang), "shown": group.shown}
    if group.shown and group.overall is not None:
        entry["respondents"] = group.respondents
        entry["overall"] = overall_to_dict(group.overall, lang)
        entry["dimensions"] = [
            {
                "id": d.dimension_id,
                "title": d.title.get(lang),
                "level": d.level,
                "level_name": _level_name(d.level, lang),
                "score": d.score,
                "percent": d.percent,
                "evidence": d.evidence,
            }
            for d in group.dimensions
        ]
    else:
        entry["reason"] = group.reason
        # Only the rule's own threshold is shown, never a count of the group.
        entry["reason_text"] = messages.render(_REASONS[str(group.reason)], minimum=minimum).get(
            lang
        )
    return entry


def matrix_to_dict(matrix: TagMatrix, lang: str) -> Json:
    """A tag x tag matrix with labels and one entry per cell."""
    rows, columns = _TAG_LABELS[matrix.row_tag], _TAG_LABELS[matrix.column_tag]
    return {
        "rows_tag": matrix.row_tag,
        "columns_tag": matrix.column_tag,
        "rows": [{"code": r, "label": rows[r].get(lang)} for r in matrix.rows],
        "columns": [{"code": c, "label": columns[c].get(lang)} for c in matrix.columns],
        "cells": [asdict(cell) for cell in matrix.cells],
    }


def result_to_dict(result: AssessmentResult, lang: str = "en") -> Json:
    """The whole result as JSON-ready data, texts in ``lang`` ("en" or "fr")."""
    rules = result.rules
    profile = result.facet_profile
    views: Json = {
        "matrices": [matrix_to_dict(m, lang) for m in result.matrices],
        "facet_profile": None,
        "portfolio_balance": [asdict(entry) for entry in result.balance],
        "portfolio_capability": None,
    }
    if profile is not None:
        views["facet_profile"] = {
            "answers": profile.answers,
            "shares": [{**asdict(s), "label": FACETS[s.facet].get(lang)} for s in profile.shares],
            "strong": list(profile.strong),
            "change_type": profile.change_type,
            "change_type_text": messages.CHANGE_TYPES[profile.change_type].get(lang),
        }
    if result.capability is not None:
        band = result.capability.band
        views["portfolio_capability"] = {
            "score": result.capability.score,
            "band": band,
            "band_name": None if band is None else CAPABILITY_NAMES[band].get(lang),
        }
    data: Json = {
        "questionnaire": result.questionnaire_id,
        "version": result.version,
        "lang": lang,
        "respondents": result.respondents,
        "rules": _plain(asdict(rules)),
        "overall": overall_to_dict(result.overall, lang),
        "dimensions": [dimension_to_dict(d, lang) for d in result.dimensions],
        "answers": shares_to_dict(result.shares),
        "items": [_plain(asdict(item)) for item in result.items],
        "principles": [principle_to_dict(p, lang) for p in result.principles],
        "role_groups": [group_to_dict(g, lang, rules.min_group_size) for g in result.role_groups],
        "views": views,
    }
    return data


def _citation(citation: Citation, lang: str) -> Json:
    descriptor = citation.next_descriptor
    return {
        "id": citation.ref,
        "title": citation.title.get(lang),
        "value": citation.value,
        "level": citation.level,
        "level_name": _level_name(citation.level, lang),
        "gate": citation.gate,
        "next_descriptor": None if descriptor is None else descriptor.get(lang),
    }


def explanation_to_dict(explanation: Explanation, lang: str) -> Json:
    """A "why is my level X" explanation."""
    requirement = explanation.requirement
    return {
        "summary": explanation.summary.get(lang),
        "held_down_by": [_citation(c, lang) for c in explanation.held_down_by],
        "next_level": explanation.next_level,
        "next_level_name": _level_name(explanation.next_level, lang),
        "requirement": None if requirement is None else requirement.get(lang),
        "unanswered": [_citation(c, lang) for c in explanation.unanswered],
    }


def plan_to_dict(plan: ActionPlan, lang: str) -> Json:
    """Targets and prioritised actions."""
    return {
        "targets": [
            {
                "dimension": t.dimension_id,
                "title": t.title.get(lang),
                "current_level": t.current_level,
                "target_level": t.target_level,
                "target_level_name": _level_name(t.target_level, lang),
            }
            for t in plan.targets
        ],
        "actions": [
            {
                "rank": a.rank,
                "dimension": a.dimension_id,
                "item": a.item_id,
                "prompt": a.prompt.get(lang),
                "value": a.value,
                "level": a.level,
                "next_level": a.next_level,
                "next_level_name": _level_name(a.next_level, lang),
                "descriptor": a.descriptor.get(lang),
                "target_level": a.target_level,
                "gap": a.gap,
                "weight": a.weight,
                "priority": a.priority,
            }
            for a in plan.actions
        ],
    }


def report_to_dict(report: Report, lang: str = "en") -> Json:
    """The result with each explanation next to what it explains, plus the action plan."""
    data = result_to_dict(report.result, lang)
    data["overall"]["explanation"] = explanation_to_dict(report.overall_explanation, lang)
    for entry, explanation in zip(data["dimensions"], report.explanations, strict=True):
        entry["explanation"] = explanation_to_dict(explanation, lang)
    data["action_plan"] = plan_to_dict(report.plan, lang)
    return data
