"""'Why is my level X': explanations of dimension and overall levels."""

from __future__ import annotations

import pytest
from scoring_factories import SAMPLE, dimension, everyone, item, questionnaire, respondent

from questionnaires.model import Text
from scoring import (
    DEFAULT_RULES,
    Explanation,
    QuestionnaireMismatchError,
    RespondentAnswers,
    ScoringRules,
    explain,
    explain_overall,
    score,
)


def _explain(
    *respondents: RespondentAnswers, rules: ScoringRules = DEFAULT_RULES
) -> tuple[Explanation, ...]:
    return explain(score(SAMPLE, list(respondents), rules), SAMPLE)


def test_a_gated_dimension_names_the_weakest_item_and_the_next_step() -> None:
    a = _explain(respondent(a1=2, a2=4, a3=5))[0]
    assert (a.subject, a.level, a.score, a.next_level) == ("a", 3, 4.0, 4)
    assert a.summary.en == (
        "The score is 4.00 out of 5 (75 %), in the Embedded band (3.40 to 4.19)."
        " Its weakest question is at Emerging, and a dimension can be at most one level above"
        " its weakest question, so the level is Structured."
    )
    assert [(c.ref, c.value, c.level, c.gate) for c in a.held_down_by] == [("a1", 2.0, 2, True)]
    assert a.held_down_by[0].next_descriptor == Text("a1 at level 4", "a1 au niveau 4")
    assert a.held_down_by[0].title.en == "Prompt of a1"
    assert a.requirement is not None
    assert a.requirement.en == (
        "To reach Embedded, the score must be at least 3.40 and no question may be below"
        " Structured; the questions listed describe what Embedded looks like."
    )


def test_an_ungated_dimension_lists_the_items_below_the_next_level_weakest_first() -> None:
    a = _explain(respondent(a1=3, a2=2, a3=3))[0]
    assert a.level == 3 and a.summary.en.endswith("The level is Structured.")
    assert [(c.ref, c.gate) for c in a.held_down_by] == [
        ("a2", False),
        ("a1", False),
        ("a3", False),
    ]
    assert {c.next_descriptor.en for c in a.held_down_by if c.next_descriptor} == {
        "a1 at level 4",
        "a2 at level 4",
        "a3 at level 4",
    }


def test_the_top_level_needs_nothing_more() -> None:
    a = _explain(everyone(5))[0]
    assert (a.level, a.next_level, a.held_down_by) == (5, None, ())
    assert (
        a.requirement is not None and a.requirement.en == "This is the highest level of the scale."
    )


def test_insufficient_evidence_says_how_many_more_answers_are_needed() -> None:
    a = _explain(respondent(a1=4, a2="dont_know"))[0]
    assert (a.level, a.evidence, a.score) == (None, "insufficient", 4.0)
    assert a.summary.en.endswith(
        "Answers for 1 of the 3 applicable questions (33.33 %); a level needs at least 60 %."
    )
    assert a.summary.fr.endswith(
        "Réponses pour 1 des 3 questions applicables (33,33\u00a0%) ; un niveau en demande au"
        " moins 60\u00a0%."
    )
    assert a.requirement is not None
    assert a.requirement.en == "Answer at least 1 more of the applicable questions to get a level."
    assert [c.ref for c in a.unanswered] == ["a2", "a3"]


def test_a_dimension_without_a_score_has_no_score_sentence() -> None:
    b = _explain(respondent(a1=3))[1]
    assert b.score is None
    assert b.summary.en.startswith("Answers for 0 of the 3 applicable questions")


def test_not_applicable_and_not_asked_dimensions_say_so() -> None:
    c = _explain(respondent(c1="not_applicable", c2="not_applicable"))[2]
    assert c.summary.en == "Every question was marked not applicable, so there is no level."
    assert c.requirement is None
    q = questionnaire([dimension("lead")], [item("l1", "lead", roles={"leader"})])
    lead = explain(score(q, []), q)[0]
    assert (
        lead.summary.en
        == "None of these questions was asked of the respondents' roles, so there is no level."
    )


def test_explanations_are_bilingual_with_french_number_formats() -> None:
    a = _explain(respondent(a1=2, a2=4, a3=5))[0]
    assert a.summary.fr.startswith(
        "Le score est de 4,00 sur 5 (75\u00a0%), dans la tranche Intégré"
    )
    assert "un niveau" in a.summary.fr


def test_a_wider_gate_is_worded_in_levels() -> None:
    rules = ScoringRules(item_gate=2)
    a = _explain(respondent(a1=1, a2=5, a3=5), rules=rules)[0]
    assert a.level == 3 and "at most 2 levels above its weakest question" in a.summary.en
    assert a.requirement is not None and "no question may be below Emerging" in a.requirement.en


def test_a_gate_that_asks_nothing_is_not_mentioned() -> None:
    rules = ScoringRules(item_gate=2)
    a = _explain(respondent(a1=2, a2=2, a3=2), rules=rules)[0]
    assert a.level == 2
    assert (
        a.requirement is not None
        and a.requirement.en == "To reach Structured, the score must be at least 2.60."
    )
    ungated = _explain(respondent(a1=3, a2=3, a3=3), rules=ScoringRules(item_gate=None))[0]
    assert (
        ungated.requirement is not None
        and ungated.requirement.en == "To reach Embedded, the score must be at least 3.40."
    )


def test_the_overall_explanation_names_the_weakest_dimensions() -> None:
    answers = {"a1": 5, "a2": 5, "a3": 5, "b1": 5, "b2": 5, "b3": 5, "c1": 1, "c2": 1}
    result = score(SAMPLE, [RespondentAnswers("staff", answers)])
    overall = explain_overall(result, SAMPLE)
    assert (overall.subject, overall.level, overall.next_level) == ("overall", 2, 3)
    assert overall.title.en == "Overall"
    assert "Its weakest dimension is at Ad hoc" in overall.summary.en
    assert [(c.ref, c.level, c.gate) for c in overall.held_down_by] == [("c", 1, True)]
    assert overall.requirement is not None
    assert (
        overall.requirement.en == "To reach Structured, the overall score must be at least 2.60"
        " and no dimension may be below Emerging."
    )


def test_an_ungated_overall_level_lists_the_dimensions_at_or_below_it() -> None:
    answers = {"a1": 3, "a2": 3, "a3": 3, "b1": 4, "b2": 4, "b3": 4, "c1": 2, "c2": 2}
    overall = explain_overall(score(SAMPLE, [RespondentAnswers("staff", answers)]), SAMPLE)
    assert overall.level == 3 and overall.summary.en.endswith("The level is Structured.")
    assert [c.ref for c in overall.held_down_by] == ["c", "a"]


def test_the_overall_explanation_without_a_level() -> None:
    lacking = explain_overall(score(SAMPLE, [respondent(a1=3, a3=3)]), SAMPLE)
    assert (lacking.level, lacking.evidence) == (None, "insufficient")
    assert lacking.summary.en.endswith(
        "Some dimensions have no level yet, so there is no overall level."
    )
    assert [c.ref for c in lacking.unanswered] == ["b", "c"]
    assert lacking.requirement is not None
    q = questionnaire([dimension("only")], [item("n1", "only", not_applicable=True)])
    empty = explain_overall(score(q, [respondent(n1="not_applicable")]), q)
    assert empty.summary.en == "Every question was marked not applicable, so there is no level."
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
