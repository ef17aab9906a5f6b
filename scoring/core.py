"""The arithmetic core: dimension scores, agreement, gating and the overall level.

Works on aggregated columns (see ``scoring.columns``) so the same code scores a whole
organisation, one role group or a single respondent. This is the hot path of bulk
scoring, hence the parallel tuples, the memos and the itemgetter picks.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import repeat
from operator import call, itemgetter, mul
from typing import NamedTuple, cast

from questionnaires.model import Dimension, Text
from scoring.columns import ITEM_NOT_APPLICABLE, ITEM_NOT_ASKED, Columns
from scoring.index import ItemGroup, QuestionnaireIndex
from scoring.results import Agreement, DimensionResult, GroupDimension, OverallResult
from scoring.rules import (
    ALL_NOT_APPLICABLE,
    INSUFFICIENT,
    NOT_ASKED,
    SUFFICIENT,
    ScoringRules,
    round_half_up,
    to_percent,
)

# Expected variance of answers spread uniformly over five options: (5^2 - 1) / 12.
UNIFORM_NULL_VARIANCE = 2.0
# Readings of r_wg (LeBreton & Senter, 2008), by upper bound.
AGREEMENT_BOUNDS: tuple[float, ...] = (0.30, 0.50, 0.70, 0.90, 1.00)
AGREEMENT_LABELS: tuple[str, ...] = ("none", "weak", "moderate", "strong", "very_strong")
# The agreement of a set of items none of which received two or more values.
NO_AGREEMENT = Agreement(0, 0, None, None, None, None)


class Grade(NamedTuple):
    """Score, band, gate and level of a set of weighted item values, with its counts."""

    score: float | None
    percent: float | None
    level: int | None
    evidence: str
    band_level: int | None
    cap: int | None
    asked: int
    applicable: int
    answered: int


# The fields of a DimensionResult before its answer shares and agreement.
LeadingFields = tuple[
    str,
    Text,
    float,
    float | None,
    float | None,
    int | None,
    str,
    int,
    int,
    int,
    int | None,
    int | None,
]
# A dimension's grade, its view for a role group, the leading fields of its result and,
# when it has a level, its weighted score and level (what the overall result needs).
DimensionGrade = tuple[Grade, GroupDimension, LeadingFields, tuple[float, int] | None]


_SCORE = itemgetter(0)
_LEVEL = itemgetter(2)
_EVIDENCE = itemgetter(3)
_PART = itemgetter(3)


def _rounded(value: float) -> float:
    # round_half_up, inlined (see scoring.rules).
    return math.floor(value * 100.0 + 0.5 + 1e-9) / 100.0


def _percent(score: float) -> float:
    # to_percent, inlined (see scoring.rules).
    return math.floor((score - 1.0) * 25.0 * 100.0 + 0.5 + 1e-9) / 100.0


def grade(
    valued: Sequence[tuple[float, float, int]],
    asked: int,
    applicable: int,
    rules: ScoringRules,
) -> Grade:
    """Grade ``valued`` (value, weight, item level) triples out of ``applicable`` items.

    The score is the weighted mean of the values; the level is the score's band, capped
    at the weakest item's level + ``rules.item_gate``, and only given when coverage is
    sufficient.
    """
    if not valued:
        return _grade(None, 0, 0, asked, applicable, rules)
    mean = math.fsum([v * w for v, w, _ in valued]) / math.fsum([w for _, w, _ in valued])
    weakest = min([lv for _, _, lv in valued])
    return _grade(mean, weakest, len(valued), asked, applicable, rules)


def _compute_grade(
    group: ItemGroup,
    statuses: tuple[str, ...],
    values: tuple[float | None, ...],
    levels: tuple[int | None, ...],
    rules: ScoringRules,
) -> Grade:
    asked = len(statuses) - statuses.count(ITEM_NOT_ASKED)
    applicable = asked - statuses.count(ITEM_NOT_APPLICABLE)
    valued = [v for v in values if v is not None]
    if not valued:
        return _grade(None, 0, 0, asked, applicable, rules)
    if group.uniform:
        mean = math.fsum(valued) / len(valued)
    else:
        pairs = [(v, w) for v, w in zip(values, group.weights, strict=True) if v is not None]
        mean = math.fsum([v * w for v, w in pairs]) / math.fsum([w for _, w in pairs])
    # Levels are 1-5 or None, so filter(None, ...) keeps exactly the valued items' levels.
    return _grade(mean, min(filter(None, levels)), len(valued), asked, applicable, rules)


def _grade(
    mean: float | None,
    weakest: int,
    answered: int,
    asked: int,
    applicable: int,
    rules: ScoringRules,
) -> Grade:
    if not asked:
        evidence = NOT_ASKED
    elif not applicable:
        evidence = ALL_NOT_APPLICABLE
    elif rules.covered(answered, applicable):
        evidence = SUFFICIENT
    else:
        evidence = INSUFFICIENT
    if mean is None:
        return Grade(None, None, None, evidence, None, None, asked, applicable, 0)
    score = round_half_up(mean)
    percent = to_percent(score)
    band = rules.band(score)
    cap = None if rules.item_gate is None else weakest + rules.item_gate
    level = None
    if evidence == SUFFICIENT:
        level = band if cap is None else min(band, cap)
    return Grade(score, percent, level, evidence, band, cap, asked, applicable, answered)


def dimension_grade(
    meta: Dimension, group: ItemGroup, columns: Columns, rules: ScoringRules
) -> DimensionGrade:
    """Grade the items of a dimension's ``group`` from the aggregated columns.

    Items not asked of anyone leave the count; items nobody could answer but someone
    marked not applicable leave the coverage denominator. Returns the grade, the
    dimension as a role group sees it, and the leading fields of its ``DimensionResult``.
    """
    # A grade depends only on the items' outcomes (medians, or statuses without one),
    # and few combinations occur: remember them.
    key = (group, group.pick(columns.outcome))
    found = columns.memos.grades.get(key)
    if found is None:
        g = pick_grade(group, columns, rules)
        view = GroupDimension(meta.id, meta.title, g.score, g.percent, g.level, g.evidence)
        leading: LeadingFields = (
            meta.id,
            meta.title,
            meta.weight,
            g.score,
            g.percent,
            g.level,
            g.evidence,
            g.asked,
            g.applicable,
            g.answered,
            g.band_level,
            g.cap,
        )
        part = None
        if g.evidence == SUFFICIENT and g.score is not None and g.level is not None:
            part = (g.score * meta.weight, g.level)
        found = columns.memos.grades[key] = (g, view, leading, part)
    return found


def dimension_grades(
    index: QuestionnaireIndex, columns: Columns, rules: ScoringRules
) -> list[DimensionGrade]:
    """``dimension_grade`` of every maturity dimension, in definition order."""
    # The memo keys of all dimensions at once, built in C.
    outcomes = map(call, index.maturity_picks, repeat(columns.outcome))
    keys = zip(index.maturity_groups, outcomes, strict=True)
    found = list(map(columns.memos.grades.get, keys))
    if None in found:
        return [dimension_grade(meta, group, columns, rules) for meta, group in index.maturity]
    return cast(list[DimensionGrade], found)


def pick_grade(group: ItemGroup, columns: Columns, rules: ScoringRules) -> Grade:
    """Grade the items of ``group`` (without memo)."""
    pick = group.pick
    return _compute_grade(
        group, pick(columns.status), pick(columns.value), pick(columns.level), rules
    )


def score_columns(
    index: QuestionnaireIndex, columns: Columns, rules: ScoringRules
) -> tuple[tuple[DimensionResult, ...], OverallResult]:
    """Score every maturity dimension and the overall level from aggregated columns.

    A dimension's answer shares and agreement come from sums over its items: of their
    packed counts (answer slots, and the items with two or more values and their
    values) and of their variances and interquartile ranges (0.0 for the other items).

    Agreement uses the items with two or more values: ``sd`` is the square root of
    their mean sample variance (the typical spread of answers to one item), ``iqr``
    their mean interquartile range. r_wg(J) (James, Demaree & Wolf, 1984) compares the
    same mean variance with the variance expected if answers were spread uniformly over
    the five levels; a mean variance above it is read as no agreement (0).
    """
    fields = columns.fields
    codec = columns.codec
    mask, pack, shift, shares_mask = codec.mask, codec.pack, 4 * codec.pack, codec.shares_mask
    shares = columns.shares
    known = columns.known_shares
    floor, sqrt = math.floor, math.sqrt
    labels, bounds = AGREEMENT_LABELS, AGREEMENT_BOUNDS
    graded = dimension_grades(index, columns, rules)
    # Per dimension, in C: the sums of its items' packed counts, variances and ranges.
    picks = index.maturity_picks
    counted, variances, ranges = (
        map(sum, map(call, picks, repeat(field))) for field in fields[8:11]
    )
    results = []
    for (_, _, leading, _), counts, variance, spread_sum in zip(
        graded, counted, variances, ranges, strict=True
    ):
        spread = counts >> shift
        if spread:
            # Agreement over the items with two or more values; plain sums in definition
            # order, so the result is reproducible. round_half_up inlined (scoring.rules).
            items = spread & mask
            mean_variance = variance / items
            ratio = mean_variance / UNIFORM_NULL_VARIANCE
            if ratio > 1.0:
                ratio = 1.0
            agreeing = items * (1 - ratio)
            rwg = floor(agreeing / (agreeing + ratio) * 100 + 0.5 + 1e-9) / 100
            agreement = Agreement(
                items,
                spread >> pack,
                floor(sqrt(mean_variance) * 100 + 0.5 + 1e-9) / 100,
                floor(spread_sum / items * 100 + 0.5 + 1e-9) / 100,
                rwg,
                labels[bisect_left(bounds, rwg)],
            )
        else:
            agreement = NO_AGREEMENT
        # Positional: keyword calls cost twice as much here, and this runs per dimension.
        found = known.get(counts & shares_mask) or shares(counts)
        results.append(DimensionResult(*leading, found, agreement))
    overall = overall_result(index, graded, rules)
    return tuple(results), overall


def overall_result(
    index: QuestionnaireIndex, graded: Sequence[DimensionGrade], rules: ScoringRules
) -> OverallResult:
    """Combine the graded maturity dimensions into the overall score and level.

    The score is the dimension-weighted mean of the dimension scores. The level needs
    every dimension to have a level or to be entirely not applicable, and is capped at
    the weakest dimension level + ``rules.dimension_gate``.
    """
    parts = list(map(_PART, graded))
    if parts and None not in parts:  # every dimension has a level: the usual case
        weighted, levels = zip(*cast(list[tuple[float, int]], parts), strict=True)
        score = _rounded(math.fsum(weighted) / index.maturity_weight)
        band = bisect_right(rules.band_floors, score)
        cap = None if rules.dimension_gate is None else min(levels) + rules.dimension_gate
        level = band if cap is None else min(band, cap)
        return OverallResult(score, _percent(score), level, SUFFICIENT, band, cap, ())
    return _overall([g for g, _, _, _ in graded], index, rules)


def _overall(grades: list[Grade], index: QuestionnaireIndex, rules: ScoringRules) -> OverallResult:
    scores = list(map(_SCORE, grades))
    evidences = list(map(_EVIDENCE, grades))
    # Levels are 1-5 or None, so filter(None, ...) keeps exactly the given levels.
    levels = list(filter(None, map(_LEVEL, grades)))
    lacking: tuple[str, ...] = ()
    if INSUFFICIENT in evidences or NOT_ASKED in evidences:
        lacking = tuple(
            d.id
            for d, e in zip(index.maturity_dimensions, evidences, strict=True)
            if e in (INSUFFICIENT, NOT_ASKED)
        )
        evidence = INSUFFICIENT
    else:
        evidence = SUFFICIENT if levels else ALL_NOT_APPLICABLE
    if scores and None not in scores:  # every dimension scored: the usual case
        total = index.maturity_weight
        weighted = math.fsum(map(mul, scores, index.maturity_weights))
    else:
        scored = [
            (s, d.weight)
            for d, s in zip(index.maturity_dimensions, scores, strict=True)
            if s is not None
        ]
        if not scored:
            return OverallResult(None, None, None, evidence, None, None, lacking)
        total = math.fsum([w for _, w in scored])
        weighted = math.fsum([s * w for s, w in scored])
    score = _rounded(weighted / total)
    percent = _percent(score)
    band = bisect_right(rules.band_floors, score)
    cap = None
    if levels and rules.dimension_gate is not None:
        cap = min(levels) + rules.dimension_gate
    level = None
    if evidence == SUFFICIENT:
        level = band if cap is None else min(band, cap)
    return OverallResult(score, percent, level, evidence, band, cap, lacking)
