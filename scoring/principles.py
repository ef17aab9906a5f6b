"""Scores and levels per principle of the OECD Declaration on Public Sector Innovation.

Every maturity item cites the principles it evidences. A principle is graded like a
dimension, from the organisation values of the items citing it, in one instrument or
pooled across several: item-weighted mean, the same bands, coverage rule and gate.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from operator import call
from typing import cast

from questionnaires.model import MATURITY
from questionnaires.vocabulary import PRINCIPLES
from scoring.columns import ITEM_NOT_APPLICABLE, ITEM_NOT_ASKED, Columns
from scoring.core import Grade, grade, pick_grade
from scoring.index import QuestionnaireIndex
from scoring.results import AssessmentResult, ItemResult, PrincipleResult
from scoring.rules import DEFAULT_RULES, ScoringRules


def _result(principle: int, g: Grade, questionnaires: tuple[str, ...]) -> PrincipleResult:
    # Positional, like the other results built for every organisation scored.
    return PrincipleResult(
        principle,
        g.score,
        g.percent,
        g.level,
        g.evidence,
        g.applicable,
        g.answered,
        g.band_level,
        g.cap,
        questionnaires if g.asked else (),
    )


def principles_of(
    index: QuestionnaireIndex, columns: Columns, rules: ScoringRules
) -> tuple[PrincipleResult, ...]:
    """Grade each principle within one questionnaire, straight from the columns."""
    # A principle's result depends only on its items' outcomes: remembered like grades.
    memo = columns.memos.principles
    outcomes = map(call, index.principle_picks, repeat(columns.outcome))
    keys = zip(index.principle_groups, outcomes, strict=True)
    found = list(map(memo.get, keys))
    if None in found:
        found = []
        for principle, group in index.principles:
            key = (group, group.pick(columns.outcome))
            result = memo.get(key)
            if result is None:
                graded = pick_grade(group, columns, rules)
                result = memo[key] = _result(principle, graded, (index.questionnaire.id,))
            found.append(result)
    return tuple(cast(list[PrincipleResult], found))


def principle_results(
    sources: Sequence[tuple[str, Sequence[ItemResult]]], rules: ScoringRules
) -> tuple[PrincipleResult, ...]:
    """Grade each principle from (questionnaire id, item results) pairs."""
    results = []
    for principle in PRINCIPLES:
        valued: list[tuple[float, float, int]] = []
        asked = applicable = 0
        contributing: set[str] = set()
        for questionnaire_id, items in sources:
            for item in items:
                if item.answer_type != MATURITY or principle not in item.principles:
                    continue
                if item.status == ITEM_NOT_ASKED:
                    continue
                asked += 1
                contributing.add(questionnaire_id)
                if item.status == ITEM_NOT_APPLICABLE:
                    continue
                applicable += 1
                if item.value is not None and item.level is not None:
                    valued.append((item.value, item.weight, item.level))
        g = grade(valued, asked, applicable, rules)
        results.append(_result(principle, g, tuple(sorted(contributing))))
    return tuple(results)


def combine_principles(
    results: Sequence[AssessmentResult], rules: ScoringRules | None = None
) -> tuple[PrincipleResult, ...]:
    """Grade the Declaration principles across several instruments' results.

    Pools the organisation item values of every result; ``rules`` defaults to those of
    the first result (or the default rules when there is none).
    """
    if rules is None:
        rules = results[0].rules if results else DEFAULT_RULES
    return principle_results([(r.questionnaire_id, r.items) for r in results], rules)
