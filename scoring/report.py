"""A full report: the result with its explanations and action plan, in one object."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from questionnaires.model import Questionnaire
from scoring.actions import ActionPlan, plan_actions
from scoring.answers import RespondentAnswers
from scoring.engine import score
from scoring.explain import Explanation, explain, explain_overall
from scoring.results import AssessmentResult
from scoring.rules import DEFAULT_RULES, ScoringRules


@dataclass(frozen=True)
class Report:
    """Everything shown to an organisation for one questionnaire."""

    result: AssessmentResult
    overall_explanation: Explanation
    explanations: tuple[Explanation, ...]
    plan: ActionPlan


def report_for(
    result: AssessmentResult,
    questionnaire: Questionnaire,
    targets: Mapping[str, int] | None = None,
) -> Report:
    """Explain an existing result and plan actions towards ``targets``."""
    return Report(
        result,
        explain_overall(result, questionnaire),
        explain(result, questionnaire),
        plan_actions(result, questionnaire, targets),
    )


def build_report(
    questionnaire: Questionnaire,
    respondents: Sequence[RespondentAnswers],
    rules: ScoringRules = DEFAULT_RULES,
    targets: Mapping[str, int] | None = None,
) -> Report:
    """Score ``respondents`` and build the full report in one call."""
    return report_for(score(questionnaire, respondents, rules), questionnaire, targets)
