"""The worked example of docs/scoring.md, recomputed figure by figure."""

from __future__ import annotations

import pytest
from scoring_factories import dimension, item, portfolio, questionnaire

from scoring import RespondentAnswers, build_report, score

EXAMPLE = questionnaire(
    [dimension("mandate"), dimension("risk")],
    [
        item("M1", "mandate"),
        item("M2", "mandate"),
        item("M3", "mandate"),
        item("R1", "risk"),
        item("R2", "risk", not_applicable=True),
    ],
    questionnaire_id="example",
)
ANSWERS = [
    RespondentAnswers("leader", {"M1": 4, "M2": 3, "M3": 5, "R1": 2, "R2": "not_applicable"}),
    RespondentAnswers("staff", {"M1": 3, "M2": 2, "M3": 5, "R1": 1, "R2": "dont_know"}),
    RespondentAnswers("staff", {"M1": "dont_know", "M2": 2, "M3": 5, "R1": "dont_know"}),
]


def test_question_values_are_the_medians_of_the_table() -> None:
    result = score(EXAMPLE, ANSWERS)
    assert [(i.item_id, i.value, i.level, i.status) for i in result.items] == [
        ("M1", 3.5, 4, "valued"),
        ("M2", 2.0, 2, "valued"),
        ("M3", 5.0, 5, "valued"),
        ("R1", 1.5, 1, "valued"),
        ("R2", None, None, "not_applicable"),
    ]


def test_mandate_is_structured_after_the_gate() -> None:
    mandate = score(EXAMPLE, ANSWERS).dimensions[0]
    assert (mandate.items_answered, mandate.items_applicable) == (3, 3)
    assert (mandate.score, mandate.percent, mandate.band_level, mandate.cap, mandate.level) == (
        3.5,
        62.5,
        4,
        3,
        3,
    )
    assert (mandate.shares.slots, mandate.shares.answered, mandate.shares.dont_know) == (9, 8, 1)
    assert round(mandate.shares.dont_know_share * 100) == 11
    agreement = mandate.agreement
    assert (agreement.sd, agreement.iqr, agreement.rwg, agreement.label) == (
        0.53,
        0.33,
        0.95,
        "very_strong",
    )


def test_risk_is_ad_hoc_with_not_applicable_out_of_the_count() -> None:
    risk = score(EXAMPLE, ANSWERS).dimensions[1]
    assert (risk.items_answered, risk.items_applicable) == (1, 1)
    assert (risk.score, risk.percent, risk.level, risk.cap) == (1.5, 12.5, 1, 2)


def test_overall_is_emerging() -> None:
    overall = score(EXAMPLE, ANSWERS).overall
    assert (overall.score, overall.band_level, overall.cap, overall.level) == (2.5, 2, 2, 2)


def test_both_small_groups_are_withheld() -> None:
    assert [(g.role, g.shown) for g in score(EXAMPLE, ANSWERS).role_groups] == [
        ("leader", False),
        ("staff", False),
        ("partner", False),
    ]


def test_explanation_and_action_plan_match_the_text() -> None:
    report = build_report(EXAMPLE, ANSWERS)
    mandate = report.explanations[0]
    assert [(c.ref, c.gate) for c in mandate.held_down_by] == [("M2", True)]
    descriptor = mandate.held_down_by[0].next_descriptor
    assert descriptor is not None and descriptor.get("en") == "M2 at level 4"
    assert [(t.dimension_id, t.target_level) for t in report.plan.targets] == [
        ("mandate", 4),
        ("risk", 2),
    ]
    assert [(a.item_id, a.priority, a.next_level) for a in report.plan.actions] == [
        ("M2", 2.0, 3),
        ("R1", 0.5, 2),
    ]


def test_the_facet_example() -> None:
    q = portfolio()
    emphasis = {"i-enhancement": 2, "i-mission": 4, "i-adaptive": 1, "i-anticipatory": 1}
    respondents = [
        RespondentAnswers(
            "staff",
            {"o1": "mission", "o2": "mission", "o3": "adaptive", "o4": "dont_know", **emphasis},
        ),
        RespondentAnswers(
            "staff", {"o1": "mission", "o2": "enhancement", "o3": "mission", "o4": "anticipatory"}
        ),
    ]
    result = score(q, respondents)
    profile = result.facet_profile
    assert profile is not None
    assert profile.answers == 7
    assert [(s.facet, s.percent) for s in profile.shares] == [
        ("enhancement", 14.29),
        ("mission", 57.14),
        ("adaptive", 14.29),
        ("anticipatory", 14.29),
    ]
    assert (profile.strong, profile.change_type) == (("mission",), "single")
    assert [(b.facet, b.intended, b.gap) for b in result.balance] == [
        ("enhancement", 25.0, -10.71),
        ("mission", 50.0, 7.14),
        ("adaptive", 12.5, 1.79),
        ("anticipatory", 12.5, 1.79),
    ]


@pytest.mark.parametrize(("raw", "shown"), [(2.675, 2.68), (2.335, 2.34)])
def test_rounding_half_up_as_documented(raw: float, shown: float) -> None:
    from scoring import round_half_up

    assert round_half_up(raw) == shown
