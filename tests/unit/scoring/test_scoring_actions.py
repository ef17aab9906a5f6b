"""Targets and the prioritised action plan."""

from __future__ import annotations

import pytest
from scoring_factories import (
    SAMPLE,
    dimension,
    everyone,
    item,
    portfolio,
    questionnaire,
    respondent,
)

from scoring import QuestionnaireMismatchError, TargetError, default_targets, plan_actions, score


def test_the_default_target_is_one_level_up_for_dimensions_with_a_level() -> None:
    result = score(SAMPLE, [respondent(a1=2, a2=4, a3=5, c1=5, c2=5)])
    assert default_targets(result) == {"a": 4}  # b has no level, c is already at the top


def test_an_action_is_the_next_level_descriptor_of_an_item_below_target() -> None:
    result = score(SAMPLE, [respondent(a1=2, a2=4, a3=5)])
    plan = plan_actions(result, SAMPLE)
    assert [(t.dimension_id, t.current_level, t.target_level) for t in plan.targets] == [
        ("a", 3, 4)
    ]
    assert plan.targets[0].title.get("en") == "Title a"
    (action,) = plan.actions
    assert (action.rank, action.dimension_id, action.item_id) == (1, "a", "a1")
    assert (action.value, action.level, action.next_level, action.target_level) == (2.0, 2, 3, 4)
    assert (action.gap, action.weight, action.priority) == (2.0, 1.0, 2.0)
    assert action.descriptor.get("en") == "a1 at level 3"
    assert action.descriptor.get("fr") == "a1 au niveau 3"
    assert action.prompt.get("en") == "Prompt of a1"


def test_priority_is_gap_times_item_and_dimension_weight() -> None:
    result = score(SAMPLE, [respondent(a1=1, a2=1, a3=1, b1=1, b2=1, b3=1)])
    plan = plan_actions(result, SAMPLE)
    priorities = [(a.item_id, a.gap, a.weight, a.priority) for a in plan.actions]
    # targets: 2 everywhere; a3 has item weight 2, b has dimension weight 2.
    assert priorities == [
        ("a3", 1.0, 2.0, 2.0),
        ("b1", 1.0, 2.0, 2.0),
        ("b2", 1.0, 2.0, 2.0),
        ("b3", 1.0, 2.0, 2.0),
        ("a1", 1.0, 1.0, 1.0),
        ("a2", 1.0, 1.0, 1.0),
    ]
    assert [a.rank for a in plan.actions] == [1, 2, 3, 4, 5, 6]


def test_ties_go_to_the_weaker_item_first() -> None:
    # Target 4: a1 = 2 gives gap 2 x weight 1, a3 = 3 gives gap 1 x weight 2.
    result = score(SAMPLE, [respondent(a1=2, a2=4, a3=3)])
    plan = plan_actions(result, SAMPLE, {"a": 4})
    assert [(a.item_id, a.value, a.priority) for a in plan.actions] == [
        ("a1", 2.0, 2.0),
        ("a3", 3.0, 2.0),
    ]


def test_explicit_targets_replace_the_default_and_may_name_dimensions_without_a_level() -> None:
    result = score(SAMPLE, [respondent(a1=2, a2=4, a3=5, b1=1)])
    plan = plan_actions(result, SAMPLE, {"b": 3, "a": 3})
    assert [(t.dimension_id, t.current_level, t.target_level) for t in plan.targets] == [
        ("a", 3, 3),
        ("b", None, 3),
    ]
    assert [(a.item_id, a.priority) for a in plan.actions] == [("b1", 4.0), ("a1", 1.0)]


def test_a_target_at_or_below_the_current_level_needs_no_action() -> None:
    result = score(SAMPLE, [everyone(4)])
    plan = plan_actions(result, SAMPLE, {"a": 2, "b": 4, "c": 1})
    assert plan.actions == ()


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        ({"zz": 3}, "target for unknown maturity dimension 'zz'"),
        ({"a": 0}, "target for 'a' must be a level 1 to 5, not 0"),
        ({"a": 6}, "not 6"),
        ({"a": True}, "not True"),
        ({"a": "4"}, "not '4'"),
    ],
)
def test_an_invalid_target_is_refused(targets: dict[str, object], message: str) -> None:
    result = score(SAMPLE, [everyone(3)])
    with pytest.raises(TargetError, match=message):
        plan_actions(result, SAMPLE, targets)  # type: ignore[arg-type]


def test_only_maturity_dimensions_take_targets() -> None:
    q = portfolio()
    result = score(q, [respondent(p1=2, p2=2)])
    with pytest.raises(TargetError, match="'orientation'"):
        plan_actions(result, q, {"orientation": 3})


def test_planning_with_another_questionnaire_is_refused() -> None:
    other = questionnaire([dimension("a")], [item("a1", "a")], questionnaire_id="other")
    with pytest.raises(QuestionnaireMismatchError):
        plan_actions(score(SAMPLE, [everyone(3)]), other)
