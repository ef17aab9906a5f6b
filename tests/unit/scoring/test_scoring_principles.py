"""Levels per principle of the Declaration, in one instrument and across several."""

from __future__ import annotations

from scoring_factories import (
    SAMPLE,
    dimension,
    everyone,
    item,
    portfolio,
    questionnaire,
    respondent,
)

from scoring import INSUFFICIENT, NOT_ASKED, SUFFICIENT, ScoringRules, combine_principles, score


def test_each_principle_is_graded_from_the_items_citing_it() -> None:
    # Principle 1 is cited by a1 and b1.
    result = score(SAMPLE, [respondent(a1=1, b1=5)])
    first = result.principles[0]
    assert (first.principle, first.items_applicable, first.items_answered) == (1, 2, 2)
    assert (first.score, first.percent, first.band_level, first.cap, first.level) == (
        3.0,
        50.0,
        3,
        2,
        2,
    )
    assert first.principle == 1
    assert first.level == 2
    assert first.questionnaires == ("sample",)


def test_principles_follow_the_coverage_rule() -> None:
    result = score(SAMPLE, [respondent(a2=4)])  # principle 2: a1 unanswered, a2 valued
    second = result.principles[1]
    assert (second.evidence, second.level, second.score) == (INSUFFICIENT, None, 4.0)
    second = score(SAMPLE, [respondent(a1=4, a2=4)]).principles[1]
    assert (second.evidence, second.level) == (SUFFICIENT, 4)
    fifth = result.principles[4]  # b4 (leader only, not asked) and c1 (unanswered)
    assert (fifth.evidence, fifth.items_applicable) == (INSUFFICIENT, 1)


def test_a_principle_no_item_cites_is_not_asked() -> None:
    q = questionnaire([dimension("d")], [item("x", "d", principles=(1,))])
    result = score(q, [everyone(3, q)])
    assert [p.evidence for p in result.principles] == [SUFFICIENT] + [NOT_ASKED] * 4
    assert result.principles[1].questionnaires == ()


def test_principles_pool_items_across_instruments() -> None:
    other = questionnaire(
        [dimension("e")],
        [item("e1", "e", principles=(1,)), item("e2", "e", principles=(3,))],
        questionnaire_id="other",
    )
    mine = score(SAMPLE, [everyone(2)])
    theirs = score(other, [everyone(5, other)])
    combined = combine_principles([mine, theirs])
    first = combined[0]
    # a1 = 2, b1 = 2 and e1 = 5: mean 3.0, capped at 2 + 1 by the weakest item.
    assert (first.items_answered, first.score, first.level, first.questionnaires) == (
        3,
        3.0,
        3,
        ("other", "sample"),
    )
    assert combine_principles([theirs, mine]) == combined  # order of instruments does not matter


def test_combining_uses_the_rules_of_the_first_result_unless_told_otherwise() -> None:
    strict = ScoringRules(item_gate=0)
    mine = score(SAMPLE, [respondent(a1=1, b1=5)], strict)
    assert combine_principles([mine])[0].level == 1
    assert combine_principles([mine], ScoringRules())[0].level == 2
    assert [p.evidence for p in combine_principles([])] == [NOT_ASKED] * 5


def test_only_maturity_items_count_towards_principles() -> None:
    result = score(portfolio(), [respondent(p1=3, p2=3, o1="mission", **{"i-mission": 4})])
    # p1 and p2 cite principle 1; the facet and emphasis items cite none.
    assert result.principles[0].items_applicable == 2
    combined = combine_principles([result])
    assert combined[0].items_applicable == 2


def test_not_applicable_items_leave_the_principle() -> None:
    result = score(SAMPLE, [respondent(c1="not_applicable")])
    fifth = result.principles[4]
    assert (fifth.items_applicable, fifth.evidence) == (0, "not_applicable")
    combined = combine_principles([result])[4]
    assert (combined.items_applicable, combined.evidence) == (0, "not_applicable")
