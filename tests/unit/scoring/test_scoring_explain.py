"""'Why is my level X': explanations of dimension and overall levels."""

from __future__ import annotations

from types import MappingProxyType

import pytest
from scoring_factories import SAMPLE, dimension, everyone, item, questionnaire, respondent

from scoring import (
    DEFAULT_RULES,
    Explanation,
    QuestionnaireMismatchError,
    Reason,
    ReasonCode,
    RespondentAnswers,
    ScoringRules,
    explain,
    explain_overall,
    reason,
    score,
)


def _explain(
    *respondents: RespondentAnswers, rules: ScoringRules = DEFAULT_RULES
) -> tuple[Explanation, ...]:
    return explain(score(SAMPLE, list(respondents), rules), SAMPLE)


def test_a_gated_dimension_names_the_weakest_item_and_the_next_step() -> None:
    a = _explain(respondent(a1=2, a2=4, a3=5))[0]
    assert (a.subject, a.level, a.score, a.next_level) == ("a", 3, 4.0, 4)
    assert a.summary == (
        reason(ReasonCode.SCORE, score=4.0, percent=75.0, band=4, low=3.4, high=4.19),
        reason(ReasonCode.ITEM_GATE, weakest=2, gate=1, level=3),
    )
    assert [(c.ref, c.value, c.level, c.gate) for c in a.held_down_by] == [("a1", 2.0, 2, True)]
    descriptor = a.held_down_by[0].next_descriptor
    assert descriptor is not None and descriptor.get("en") == "a1 at level 4"
    assert a.held_down_by[0].title.get("en") == "Prompt of a1"
    assert a.requirement == reason(ReasonCode.NEXT_WITH_ITEM_GATE, next=4, floor=3.4, minimum=3)


def test_an_ungated_dimension_lists_the_items_below_the_next_level_weakest_first() -> None:
    a = _explain(respondent(a1=3, a2=2, a3=3))[0]
    assert a.level == 3 and a.summary[-1] == reason(ReasonCode.LEVEL, level=3)
    assert [(c.ref, c.gate) for c in a.held_down_by] == [
        ("a2", False),
        ("a1", False),
        ("a3", False),
    ]
    assert {c.next_descriptor.get("en") for c in a.held_down_by if c.next_descriptor} == {
        "a1 at level 4",
        "a2 at level 4",
        "a3 at level 4",
    }


def test_the_top_level_needs_nothing_more() -> None:
    a = _explain(everyone(5))[0]
    assert (a.level, a.next_level, a.held_down_by) == (5, None, ())
    assert a.requirement == reason(ReasonCode.TOP)


def test_insufficient_evidence_says_how_many_more_answers_are_needed() -> None:
    a = _explain(respondent(a1=4, a2="dont_know"))[0]
    assert (a.level, a.evidence, a.score) == (None, "insufficient", 4.0)
    assert a.summary[-1] == reason(
        ReasonCode.INSUFFICIENT, answered=1, applicable=3, share=33.33, needed=60.0
    )
    assert a.requirement == reason(ReasonCode.MORE_ANSWERS, count=1)
    assert [c.ref for c in a.unanswered] == ["a2", "a3"]


def test_a_dimension_without_a_score_has_no_score_reason() -> None:
    b = _explain(respondent(a1=3))[1]
    assert b.score is None
    assert [r.code for r in b.summary] == [ReasonCode.INSUFFICIENT]
    assert b.summary[0].params["answered"] == 0


def test_not_applicable_and_not_asked_dimensions_say_so() -> None:
    c = _explain(respondent(c1="not_applicable", c2="not_applicable"))[2]
    assert c.summary == (reason(ReasonCode.ALL_NOT_APPLICABLE),)
    assert c.requirement is None
    q = questionnaire([dimension("lead")], [item("l1", "lead", roles={"leader"})])
    lead = explain(score(q, []), q)[0]
    assert lead.summary == (reason(ReasonCode.NOT_ASKED),)


def test_reasons_carry_numbers_and_level_numbers_never_words() -> None:
    a = _explain(respondent(a1=2, a2=4, a3=5))[0]
    for found in (*a.summary, a.requirement):
        assert isinstance(found, Reason)
        assert all(isinstance(value, int | float) for value in found.params.values())
    # The parameters cannot be changed after the fact, and equal reasons hash alike.
    with pytest.raises(TypeError):
        a.summary[0].params["score"] = 1.0  # type: ignore[index]
    assert isinstance(a.summary[0].params, MappingProxyType)
    assert hash(a.summary[1]) == hash(reason(ReasonCode.ITEM_GATE, level=3, gate=1, weakest=2))
    assert str(ReasonCode.ITEM_GATE) == "item_gate"


def test_a_wider_gate_is_given_as_a_number_of_levels() -> None:
    rules = ScoringRules(item_gate=2)
    a = _explain(respondent(a1=1, a2=5, a3=5), rules=rules)[0]
    assert a.level == 3 and a.summary[-1] == reason(
        ReasonCode.ITEM_GATE, weakest=1, gate=2, level=3
    )
    assert a.requirement == reason(ReasonCode.NEXT_WITH_ITEM_GATE, next=4, floor=3.4, minimum=2)


def test_a_gate_that_asks_nothing_is_not_mentioned() -> None:
    rules = ScoringRules(item_gate=2)
    a = _explain(respondent(a1=2, a2=2, a3=2), rules=rules)[0]
    assert a.level == 2
    assert a.requirement == reason(ReasonCode.NEXT, next=3, floor=2.6)
    ungated = _explain(respondent(a1=3, a2=3, a3=3), rules=ScoringRules(item_gate=None))[0]
    assert ungated.requirement == reason(ReasonCode.NEXT, next=4, floor=3.4)


def test_the_overall_explanation_names_the_weakest_dimensions() -> None:
    answers = {"a1": 5, "a2": 5, "a3": 5, "b1": 5, "b2": 5, "b3": 5, "c1": 1, "c2": 1}
    result = score(SAMPLE, [RespondentAnswers("staff", answers)])
    overall = explain_overall(result, SAMPLE)
    assert (overall.subject, overall.level, overall.next_level) == ("overall", 2, 3)
    assert overall.title is None
    assert overall.summary[-1] == reason(ReasonCode.DIMENSION_GATE, weakest=1, gate=1, level=2)
    assert [(c.ref, c.level, c.gate) for c in overall.held_down_by] == [("c", 1, True)]
    assert overall.requirement == reason(
        ReasonCode.NEXT_WITH_DIMENSION_GATE, next=3, floor=2.6, minimum=2
    )


def test_an_ungated_overall_level_lists_the_dimensions_at_or_below_it() -> None:
    answers = {"a1": 3, "a2": 3, "a3": 3, "b1": 4, "b2": 4, "b3": 4, "c1": 2, "c2": 2}
    overall = explain_overall(score(SAMPLE, [RespondentAnswers("staff", answers)]), SAMPLE)
    assert overall.level == 3 and overall.summary[-1] == reason(ReasonCode.LEVEL, level=3)
    assert overall.summary[0].code == ReasonCode.SCORE
    assert [c.ref for c in overall.held_down_by] == ["c", "a"]


def test_the_overall_explanation_without_a_level() -> None:
    lacking = explain_overall(score(SAMPLE, [respondent(a1=3, a3=3)]), SAMPLE)
    assert (lacking.level, lacking.evidence) == (None, "insufficient")
    assert lacking.summary[-1] == reason(ReasonCode.LACKING)
    assert [c.ref for c in lacking.unanswered] == ["b", "c"]
    assert lacking.requirement == reason(ReasonCode.COMPLETE_DIMENSIONS)
    q = questionnaire([dimension("only")], [item("n1", "only", not_applicable=True)])
    empty = explain_overall(score(q, [respondent(n1="not_applicable")]), q)
    assert empty.summary == (reason(ReasonCode.ALL_NOT_APPLICABLE),)
    assert (empty.requirement, empty.unanswered) == (None, ())


def test_the_overall_at_the_top_level() -> None:
    overall = explain_overall(score(SAMPLE, [everyone(5)]), SAMPLE)
    assert (overall.level, overall.held_down_by, overall.next_level) == (5, (), None)


def test_explaining_with_another_questionnaire_is_refused() -> None:
    other = questionnaire([dimension("a")], [item("a1", "a")], version="2.0.0")
    result = score(SAMPLE, [everyone(3)])
    with pytest.raises(
        QuestionnaireMismatchError, match="the result is for sample 1.0.0, not sample 2.0.0"
    ):
        explain(result, other)
    with pytest.raises(QuestionnaireMismatchError):
        explain_overall(result, other)
