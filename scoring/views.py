"""Instrument-specific views: tag matrices, facet profile, portfolio balance, capability.

They appear in a result whenever the questionnaire has what they need: items tagged
with both tags of a matrix, facet-choice items, emphasis items, or orientation/intent
dimensions next to maturity ones. No instrument id is hard-coded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from scoring.columns import Columns
from scoring.index import FACET_BASE, FACET_CODES, MatrixIndex, QuestionnaireIndex
from scoring.results import (
    BalanceEntry,
    Capability,
    FacetProfile,
    FacetShare,
    MatrixCell,
    OverallResult,
    TagMatrix,
)
from scoring.rules import SUFFICIENT, ScoringRules, capability_band, round_half_up

# The two axes of the facet model: neighbours combine into a type of change,
# opposites (enhancement/anticipatory, mission/adaptive) into a zone of confusion.
CHANGE_TYPES: dict[frozenset[str], str] = {
    frozenset({"enhancement", "mission"}): "sustaining",
    frozenset({"enhancement", "adaptive"}): "optimising",
    frozenset({"mission", "anticipatory"}): "transformative",
    frozenset({"adaptive", "anticipatory"}): "disruptive",
    frozenset({"enhancement", "anticipatory"}): "confusion",
    frozenset({"mission", "adaptive"}): "confusion",
}


def matrices(index: QuestionnaireIndex, columns: Columns) -> tuple[TagMatrix, ...]:
    """Mean organisation item value per cell of each tag matrix, with its counts."""
    value, answered = columns.value, columns.answered
    memo = columns.memos.matrices
    built = []
    for matrix in index.matrices:
        # A matrix depends only on its items' values and numbers of answers: remembered.
        key = (matrix, matrix.pick(value), matrix.pick(answered))
        found = memo.get(key)
        if found is None:
            found = memo[key] = _matrix(matrix, value, answered)
        built.append(found)
    return tuple(built)


def _matrix(
    matrix: MatrixIndex, value: Sequence[float | None], answered: Sequence[int]
) -> TagMatrix:
    cells = list(matrix.empty)
    for slot, row, column, pick in matrix.filled:
        values = [v for v in pick(value) if v is not None]
        mean = round_half_up(math.fsum(values) / len(values)) if values else None
        cells[slot] = MatrixCell(row, column, mean, len(values), sum(pick(answered)))
    return TagMatrix(matrix.row_tag, matrix.column_tag, matrix.rows, matrix.columns, tuple(cells))


def change_type(strong: Sequence[str]) -> str:
    """Name the type of change a set of strong facets points to."""
    if not strong:
        return "none"
    if len(strong) == 1:
        return "single"
    if len(strong) == 2:
        return CHANGE_TYPES[frozenset(strong)]
    return "mixed"


def facet_profile(
    index: QuestionnaireIndex, columns: Columns, rules: ScoringRules
) -> FacetProfile | None:
    """Share of facet-choice answers choosing each facet, pooled over respondents."""
    if not index.facet_positions:
        return None
    counts = dict.fromkeys(FACET_CODES, 0)
    for position in index.facet_positions:
        for code, count in columns.codec.counts(columns.keys[position]).items():
            if code > FACET_BASE:
                counts[FACET_CODES[code - FACET_BASE - 1]] += count
    total = sum(counts.values())
    shares = tuple(
        FacetShare(facet, count, round_half_up(100.0 * count / total) if total else 0.0)
        for facet, count in counts.items()
    )
    strong = tuple(s.facet for s in shares if total and s.percent >= rules.facet_threshold)
    return FacetProfile(total, shares, strong, change_type(strong))


def balance(
    index: QuestionnaireIndex, columns: Columns, profile: FacetProfile | None
) -> tuple[BalanceEntry, ...]:
    """Actual facet shares against the intended portfolio from the emphasis items.

    A facet's emphasis is the mean organisation value of its emphasis items; its
    intended share is that emphasis over the sum of all facets' emphasis, in percent.
    """
    if not index.emphasis:
        return ()
    emphasis: dict[str, list[float]] = {facet: [] for facet in FACET_CODES}
    for position, facet in index.emphasis:
        value = columns.value[position]
        if value is not None:
            emphasis[facet].append(value)
    levels = {f: math.fsum(v) / len(v) for f, v in emphasis.items() if v}
    total = math.fsum(levels.values())
    actual = {s.facet: s.percent for s in profile.shares} if profile and profile.answers else {}
    entries = []
    for facet in FACET_CODES:
        intended = round_half_up(100.0 * levels[facet] / total) if facet in levels else None
        now = actual.get(facet)
        gap = round_half_up(now - intended) if now is not None and intended is not None else None
        entries.append(BalanceEntry(facet, now, intended, gap))
    return tuple(entries)


def capability(index: QuestionnaireIndex, overall: OverallResult) -> Capability | None:
    """Portfolio-management capability band, for portfolio instruments only."""
    if not (index.orientation or index.intent) or not index.maturity:
        return None
    band = None
    if overall.evidence == SUFFICIENT and overall.score is not None:
        band = capability_band(overall.score)
    return Capability(overall.score, band)
