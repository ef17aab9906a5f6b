"""Pure scoring engine: answers in, frozen results out.

No I/O (except the command line reading its input file), no clock, no web, database or
rendering library. The app, the command line, the PDF report and the benchmarks all call
these functions. The method is described for readers in docs/scoring.md.

Typical use::

    from scoring import RespondentAnswers, build_report, report_document

    respondents = [RespondentAnswers("leader", {"lm-mandate-written": 3, ...}), ...]
    report = build_report(questionnaire, respondents, targets={"risk-and-testing": 4})
    report.explanations[0].summary    # (Reason(ReasonCode.SCORE, {...}), ...)
    data = report_document(report)    # JSON-ready and language-neutral

Or step by step: ``score`` -> ``explain`` / ``explain_overall`` / ``plan_actions``;
``combine_principles`` grades the Declaration principles across several results. The
engine writes no words: levels are numbers and reasons are codes with parameters, which
the app puts into the reader's language.
"""

from scoring.actions import Action, ActionPlan, Target, default_targets, plan_actions
from scoring.answers import AnswerValue, RespondentAnswers, Responses, parse_responses
from scoring.engine import (
    QuestionnaireSource,
    find_questionnaire,
    score,
    score_respondent,
    score_responses,
)
from scoring.errors import (
    AnswerError,
    QuestionnaireMismatchError,
    ResponsesError,
    RulesError,
    ScoringError,
    TargetError,
)
from scoring.explain import Citation, Explanation, explain, explain_overall
from scoring.principles import combine_principles
from scoring.reasons import Reason, ReasonCode, reason
from scoring.report import Report, build_report, report_for
from scoring.results import (
    Agreement,
    AnswerShares,
    AssessmentResult,
    BalanceEntry,
    Capability,
    DimensionResult,
    FacetProfile,
    FacetShare,
    GroupDimension,
    ItemResult,
    ItemTable,
    MatrixCell,
    OverallResult,
    PrincipleResult,
    RoleGroupView,
    TagMatrix,
)
from scoring.rules import (
    ALL_NOT_APPLICABLE,
    DEFAULT_RULES,
    INSUFFICIENT,
    LEVELS,
    NOT_ASKED,
    SUFFICIENT,
    ScoringRules,
    capability_band,
    round_half_up,
    to_percent,
)
from scoring.serialise import report_document, result_document

__all__ = [
    "ALL_NOT_APPLICABLE",
    "DEFAULT_RULES",
    "INSUFFICIENT",
    "LEVELS",
    "NOT_ASKED",
    "SUFFICIENT",
    "Action",
    "ActionPlan",
    "Agreement",
    "AnswerError",
    "AnswerShares",
    "AnswerValue",
    "AssessmentResult",
    "BalanceEntry",
    "Capability",
    "Citation",
    "DimensionResult",
    "Explanation",
    "FacetProfile",
    "FacetShare",
    "GroupDimension",
    "ItemResult",
    "ItemTable",
    "MatrixCell",
    "OverallResult",
    "PrincipleResult",
    "QuestionnaireMismatchError",
    "QuestionnaireSource",
    "Reason",
    "ReasonCode",
    "Report",
    "RespondentAnswers",
    "Responses",
    "ResponsesError",
    "RoleGroupView",
    "RulesError",
    "ScoringError",
    "ScoringRules",
    "TagMatrix",
    "Target",
    "TargetError",
    "build_report",
    "capability_band",
    "combine_principles",
    "default_targets",
    "explain",
    "explain_overall",
    "find_questionnaire",
    "parse_responses",
    "plan_actions",
    "reason",
    "report_document",
    "report_for",
    "result_document",
    "round_half_up",
    "score",
    "score_respondent",
    "score_responses",
    "to_percent",
]
