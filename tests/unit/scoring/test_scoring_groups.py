"""Role-group views and the minimum group size that protects respondents."""

from __future__ import annotations

from collections import Counter

from scoring_factories import SAMPLE, dimension, everyone, item, questionnaire

from scoring import DEFAULT_RULES, ScoringRules, result_document, score
from scoring.groups import shown_groups


def _views(
    roles: list[str], rules: ScoringRules = DEFAULT_RULES
) -> dict[str, tuple[bool, str | None]]:
    respondents = [everyone(3 if role == "staff" else 4, role=role) for role in roles]
    result = score(SAMPLE, respondents, rules)
    return {v.role: (v.shown, v.reason) for v in result.role_groups}


def test_a_group_is_shown_only_with_at_least_three_respondents() -> None:
    views = _views(["staff"] * 3 + ["leader"] * 3)
    assert views == {"leader": (True, None), "staff": (True, None), "partner": (False, "too_few")}


def test_a_shown_group_is_scored_on_its_own_answers() -> None:
    result = score(SAMPLE, [everyone(4, role="leader")] * 3 + [everyone(2, role="staff")] * 3)
    leaders, staff = result.role_groups[0], result.role_groups[1]
    assert (leaders.respondents, staff.respondents) == (3, 3)
    assert [d.score for d in leaders.dimensions] == [4.0, 4.0, 4.0]
    assert [d.level for d in staff.dimensions] == [2, 2, 2]
    assert staff.dimensions[0].level == 2
    assert leaders.overall is not None and leaders.overall.level == 4


def test_a_small_group_that_others_could_be_subtracted_from_withholds_the_smallest_shown_one() -> (
    None
):
    # 4 staff and 1 partner: showing staff next to the organisation result would expose
    # the partner, so staff is withheld too.
    views = _views(["staff"] * 4 + ["partner"])
    assert views == {
        "leader": (False, "too_few"),
        "staff": (False, "protects_other_group"),
        "partner": (False, "too_few"),
    }


def test_withheld_groups_that_together_reach_the_minimum_need_no_extra_protection() -> None:
    views = _views(["staff"] * 4 + ["partner"] * 2 + ["leader"])
    assert views["staff"] == (True, None)


def test_complementary_suppression_removes_the_smallest_shown_group_first() -> None:
    shown, protecting = shown_groups(
        Counter(leader=3, staff=5, partner=1), ("leader", "staff", "partner"), 3
    )
    assert (shown, protecting) == ({"staff"}, {"leader"})
    shown, protecting = shown_groups(
        Counter(leader=3, staff=3, partner=1), ("leader", "staff", "partner"), 3
    )
    assert (shown, protecting) == ({"staff"}, {"leader"})  # equal sizes: vocabulary order


def test_a_withheld_view_carries_no_numbers_at_all() -> None:
    result = score(SAMPLE, [everyone(3, role="staff")] * 3 + [everyone(5, role="leader")] * 2)
    withheld = result.role_groups[0]
    assert (withheld.shown, withheld.respondents, withheld.dimensions, withheld.overall) == (
        False,
        None,
        (),
        None,
    )
    entry = result_document(result)["role_groups"][0]
    assert entry == {"role": "leader", "shown": False, "reason": "too_few"}


def test_the_minimum_group_size_is_configurable() -> None:
    views = _views(["staff"] * 2 + ["leader"] * 2, ScoringRules(min_group_size=2))
    assert views["staff"] == (True, None) and views["leader"] == (True, None)
    views = _views(["staff"] * 4, ScoringRules(min_group_size=5))
    assert views["staff"] == (False, "too_few")


def test_only_roles_the_questionnaire_asks_get_a_view() -> None:
    q = questionnaire([dimension("d")], [item("x", "d", roles={"leader", "staff"})])
    result = score(q, [everyone(3, q, role="staff")] * 3)
    assert [v.role for v in result.role_groups] == ["leader", "staff"]
