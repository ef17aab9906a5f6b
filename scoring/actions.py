"""Targets per dimension and a prioritised action plan to reach them.

An action is the next step for one item below its dimension's target: the item's level
descriptor one level above where it stands. Priority = gap x weight, where gap is the
target level minus the item's organisation value and weight is the item weight times
the dimension weight. Ties are broken by the weaker item first, then definition order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from questionnaires.model import MATURITY_KIND, Questionnaire, Text
from scoring.errors import TargetError
from scoring.explain import ensure_same
from scoring.results import AssessmentResult
from scoring.rules import LEVELS, MAX_LEVEL, round_half_up


@dataclass(frozen=True)
class Target:
    """The level aimed at for one dimension (``current_level`` None without a level)."""

    dimension_id: str
    title: Text
    current_level: int | None
    target_level: int


@dataclass(frozen=True)
class Action:
    """One step: bring ``item_id`` from ``level`` to ``next_level`` as ``descriptor`` says."""

    rank: int
    dimension_id: str
    item_id: str
    prompt: Text
    value: float
    level: int
    next_level: int
    descriptor: Text
    target_level: int
    gap: float
    weight: float
    priority: float


@dataclass(frozen=True)
class ActionPlan:
    """The targets and the actions, highest priority first."""

    targets: tuple[Target, ...]
    actions: tuple[Action, ...]


def default_targets(result: AssessmentResult) -> dict[str, int]:
    """One level above the current level for every dimension with a level below the top."""
    return {
        d.dimension_id: d.level + 1
        for d in result.dimensions
        if d.level is not None and d.level < MAX_LEVEL
    }


def plan_actions(
    result: AssessmentResult,
    questionnaire: Questionnaire,
    targets: Mapping[str, int] | None = None,
) -> ActionPlan:
    """Build the action plan for ``targets`` (dimension id -> level 1-5).

    Dimensions not named in ``targets`` keep the default target (one level up). Raises
    ``TargetError`` for an unknown or non-maturity dimension or a level off the scale.
    """
    ensure_same(result, questionnaire)
    chosen = default_targets(result)
    for dimension_id, level in (targets or {}).items():
        dimension = questionnaire.dimension(dimension_id)
        if dimension is None or dimension.kind != MATURITY_KIND:
            raise TargetError(f"target for unknown maturity dimension {dimension_id!r}")
        if isinstance(level, bool) or level not in LEVELS:
            raise TargetError(f"target for {dimension_id!r} must be a level 1 to 5, not {level!r}")
        chosen[dimension_id] = level
    order = {d.dimension_id: n for n, d in enumerate(result.dimensions)}
    weights = {d.dimension_id: d.weight for d in result.dimensions}
    listed = tuple(
        Target(d.dimension_id, d.title, d.level, chosen[d.dimension_id])
        for d in result.dimensions
        if d.dimension_id in chosen
    )
    drafts: list[tuple[tuple[float, float, int, int], Action]] = []
    for position, item in enumerate(result.items):
        target = chosen.get(item.dimension_id)
        if target is None or item.value is None or item.level is None or item.level >= target:
            continue
        definition = questionnaire.items[position]
        option = definition.option_for_level(item.level + 1)
        gap = round_half_up(target - item.value)
        weight = item.weight * weights[item.dimension_id]
        priority = round_half_up(gap * weight)
        action = Action(
            rank=0,
            dimension_id=item.dimension_id,
            item_id=item.item_id,
            prompt=definition.prompt,
            value=item.value,
            level=item.level,
            next_level=item.level + 1,
            descriptor=definition.prompt if option is None else option.label,
            target_level=target,
            gap=gap,
            weight=weight,
            priority=priority,
        )
        drafts.append(((-priority, item.value, order[item.dimension_id], position), action))
    drafts.sort(key=lambda draft: draft[0])
    actions = tuple(replace(action, rank=rank) for rank, (_, action) in enumerate(drafts, 1))
    return ActionPlan(listed, actions)
