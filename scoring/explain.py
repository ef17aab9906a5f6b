"""Plain "why is my level X" explanations, built from a result and its questionnaire.

For each dimension: the score and its band, the gate when it applied, the items that
held the level down (each with the level descriptor of the next level), and what the
next level requires. An explanation only ever cites items of its own dimension. The
reasons are codes with parameters (``scoring.reasons``); the app words them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from questionnaires.model import Questionnaire, Text
from scoring.errors import QuestionnaireMismatchError
from scoring.reasons import Reason, ReasonCode, reason
from scoring.results import AssessmentResult, DimensionResult
from scoring.rules import ALL_NOT_APPLICABLE, INSUFFICIENT, MAX_LEVEL, ScoringRules, round_half_up


@dataclass(frozen=True)
class Citation:
    """An item (or, for the overall level, a dimension) cited by an explanation.

    ``gate`` is true when it is the weakest one that capped the level;
    ``next_descriptor`` is the item's option label at the next level.
    """

    ref: str
    title: Text
    value: float | None
    level: int | None
    gate: bool
    next_descriptor: Text | None


@dataclass(frozen=True)
class Explanation:
    """Why a dimension (``subject`` = its id) or the overall result (``overall``) has its level.

    ``title`` is the dimension's, None for the overall result. ``summary`` holds the
    reasons in reading order (score and band, then the verdict); ``requirement`` is what
    the next level (or a first level) needs. ``held_down_by`` is sorted weakest first;
    ``unanswered`` lists what lacks evidence when there is no level.
    """

    subject: str
    title: Text | None
    level: int | None
    score: float | None
    evidence: str
    summary: tuple[Reason, ...]
    held_down_by: tuple[Citation, ...]
    next_level: int | None
    requirement: Reason | None
    unanswered: tuple[Citation, ...]


def ensure_same(result: AssessmentResult, questionnaire: Questionnaire) -> None:
    """Raise ``QuestionnaireMismatchError`` unless ``result`` was scored on ``questionnaire``."""
    if (result.questionnaire_id, result.version) != (questionnaire.id, questionnaire.version):
        raise QuestionnaireMismatchError(
            f"the result is for {result.questionnaire_id} {result.version},"
            f" not {questionnaire.id} {questionnaire.version}"
        )


def explain(result: AssessmentResult, questionnaire: Questionnaire) -> tuple[Explanation, ...]:
    """Explain every maturity dimension's level, in definition order."""
    ensure_same(result, questionnaire)
    return tuple(_dimension(result, questionnaire, d) for d in result.dimensions)


def explain_overall(result: AssessmentResult, questionnaire: Questionnaire) -> Explanation:
    """Explain the overall level: its score band, the dimension gate, the weakest dimensions."""
    ensure_same(result, questionnaire)
    rules = result.rules
    overall = result.overall
    title = None
    sentences = _score_sentences(rules, overall.score, overall.percent)
    if overall.level is None:
        lacking = tuple(
            Citation(d.dimension_id, d.title, d.score, None, False, None)
            for d in result.dimensions
            if d.dimension_id in overall.lacking
        )
        # With no dimension lacking evidence, every dimension was not applicable.
        why = ReasonCode.LACKING if lacking else ReasonCode.ALL_NOT_APPLICABLE
        requirement = reason(ReasonCode.COMPLETE_DIMENSIONS) if lacking else None
        summary = (*sentences, reason(why))
        return Explanation(
            subject="overall",
            title=title,
            level=None,
            score=overall.score,
            evidence=overall.evidence,
            summary=summary,
            held_down_by=(),
            next_level=None,
            requirement=requirement,
            unanswered=lacking,
        )
    level = overall.level
    gate = rules.dimension_gate
    weakest = min(d.level for d in result.dimensions if d.level is not None)
    gated = overall.gated
    held = sorted(
        (
            d
            for d in result.dimensions
            if d.level is not None and d.level <= level and level < MAX_LEVEL
        ),
        key=lambda d: (d.level, d.score),
    )
    cited = tuple(
        Citation(d.dimension_id, d.title, d.score, d.level, gated and d.level == weakest, None)
        for d in held
    )
    if gated and gate is not None:
        verdict = reason(ReasonCode.DIMENSION_GATE, weakest=weakest, gate=gate, level=level)
    else:
        verdict = reason(ReasonCode.LEVEL, level=level)
    next_level, requirement = _next(rules, level, gate, ReasonCode.NEXT_WITH_DIMENSION_GATE)
    summary = (*sentences, verdict)
    return Explanation(
        subject="overall",
        title=title,
        level=level,
        score=overall.score,
        evidence=overall.evidence,
        summary=summary,
        held_down_by=cited,
        next_level=next_level,
        requirement=requirement,
        unanswered=(),
    )


def _dimension(
    result: AssessmentResult, questionnaire: Questionnaire, dimension: DimensionResult
) -> Explanation:
    rules = result.rules
    items = {i.id: i for i in questionnaire.items}
    own = [i for i in result.items if i.dimension_id == dimension.dimension_id]
    sentences = _score_sentences(rules, dimension.score, dimension.percent)
    if dimension.level is None:
        unanswered = tuple(
            Citation(i.item_id, items[i.item_id].prompt, None, None, False, None)
            for i in own
            if i.status == "unanswered"
        )
        requirement = None
        if dimension.evidence == INSUFFICIENT:
            needed = math.ceil(rules.min_coverage * dimension.items_applicable - 1e-9)
            why = reason(
                ReasonCode.INSUFFICIENT,
                answered=dimension.items_answered,
                applicable=dimension.items_applicable,
                share=round_half_up(100.0 * dimension.items_answered / dimension.items_applicable),
                needed=round_half_up(100.0 * rules.min_coverage),
            )
            requirement = reason(ReasonCode.MORE_ANSWERS, count=needed - dimension.items_answered)
        else:
            why = _no_level(dimension.evidence)
        summary = (*sentences, why)
        return Explanation(
            subject=dimension.dimension_id,
            title=dimension.title,
            level=None,
            score=dimension.score,
            evidence=dimension.evidence,
            summary=summary,
            held_down_by=(),
            next_level=None,
            requirement=requirement,
            unanswered=unanswered,
        )
    level = dimension.level
    gate = rules.item_gate
    gated = dimension.gated
    valued = [i for i in own if i.level is not None]
    weakest = min(i.level for i in valued if i.level is not None)
    next_level, requirement = _next(rules, level, gate, ReasonCode.NEXT_WITH_ITEM_GATE)
    held = sorted(
        (
            i
            for i in valued
            if i.level is not None and i.value is not None and i.level <= level < MAX_LEVEL
        ),
        key=lambda i: i.value or 0.0,
    )
    cited = []
    for i in held:
        item = items[i.item_id]
        # Held items are below the top level, so next_level is set.
        option = item.option_for_level(next_level or MAX_LEVEL)
        cited.append(
            Citation(
                i.item_id,
                item.prompt,
                i.value,
                i.level,
                gated and i.level == weakest,
                None if option is None else option.label,
            )
        )
    if gated and gate is not None:
        verdict = reason(ReasonCode.ITEM_GATE, weakest=weakest, gate=gate, level=level)
    else:
        verdict = reason(ReasonCode.LEVEL, level=level)
    summary = (*sentences, verdict)
    return Explanation(
        subject=dimension.dimension_id,
        title=dimension.title,
        level=level,
        score=dimension.score,
        evidence=dimension.evidence,
        summary=summary,
        held_down_by=tuple(cited),
        next_level=next_level,
        requirement=requirement,
        unanswered=(),
    )


def _score_sentences(
    rules: ScoringRules, score: float | None, percent: float | None
) -> tuple[Reason, ...]:
    if score is None or percent is None:
        return ()
    band = rules.band(score)
    low, high = rules.band_range(band)
    return (reason(ReasonCode.SCORE, score=score, percent=percent, band=band, low=low, high=high),)


def _next(
    rules: ScoringRules, level: int, gate: int | None, gated: ReasonCode
) -> tuple[int | None, Reason]:
    if level >= MAX_LEVEL:
        return None, reason(ReasonCode.TOP)
    target = level + 1
    floor = rules.band_floors[target - 1]
    if gate is None or target - gate <= 1:
        # Every answer is at least level 1, so a gate at or below 1 asks nothing.
        return target, reason(ReasonCode.NEXT, next=target, floor=floor)
    return target, reason(gated, next=target, floor=floor, minimum=target - gate)


def _no_level(evidence: str) -> Reason:
    if evidence == ALL_NOT_APPLICABLE:
        return reason(ReasonCode.ALL_NOT_APPLICABLE)
    return reason(ReasonCode.NOT_ASKED)
