"""Item values, coverage, dimension scores, gating, agreement and the overall level."""

from __future__ import annotations

import pytest
from scoring_factories import SAMPLE, dimension, everyone, item, questionnaire, respondent

from scoring import (
    ALL_NOT_APPLICABLE,
    INSUFFICIENT,
    NOT_ASKED,
    SUFFICIENT,
    AnswerShares,
    RespondentAnswers,
    ScoringRules,
    score,
    score_respondent,
)


def test_an_item_value_is_the_median_of_the_values_given() -> None:
    result = score(
        SAMPLE,
        [
            respondent(a1=1, a3=2),
            respondent(a1=3, a3=4),
            respondent(a1=4),
            respondent(a1="dont_know"),
        ],
    )
    a1, a3 = result.item("a1"), result.item("a3")
    assert a1 is not None and a3 is not None
    assert (a1.value, a1.level, a1.answered, a1.dont_know, a1.asked) == (3.0, 3, 3, 1, 4)
    assert (a3.value, a3.level) == (3.0, 3)  # median of 2 and 4


def test_an_even_count_of_values_gives_a_half_point_median() -> None:
    result = score(SAMPLE, [respondent(a1=2), respondent(a1=3)])
    a1 = result.item("a1")
    assert a1 is not None and (a1.value, a1.level) == (2.5, 2)


def test_item_statuses_say_why_an_item_has_no_value() -> None:
    result = score(SAMPLE, [respondent(a1=3, a2="not_applicable", b1="dont_know")])
    statuses = {i.item_id: i.status for i in result.items}
    assert statuses["a1"] == "valued"
    assert statuses["a2"] == "not_applicable"
    assert statuses["b1"] == "unanswered"
    assert statuses["a3"] == "unanswered"  # simply left blank
    assert statuses["b4"] == "not_asked"  # leader-only, and no leader answered


def test_a_value_from_anyone_outweighs_not_applicable_from_others() -> None:
    result = score(SAMPLE, [respondent(a2="not_applicable"), respondent(a2=2)])
    a2 = result.item("a2")
    assert a2 is not None and (a2.status, a2.value, a2.not_applicable) == ("valued", 2.0, 1)


def test_dont_know_and_not_applicable_are_never_counted_as_zero() -> None:
    alone = score(SAMPLE, [respondent(a1=4, a3=4)])
    padded = score(
        SAMPLE, [respondent(a1=4, a3=4), respondent(a1="dont_know", a2="not_applicable")]
    )
    assert alone.dimensions[0].score == padded.dimensions[0].score == 4.0


def test_a_dimension_score_is_the_item_weighted_mean_on_both_scales() -> None:
    # a1 = 2, a2 = 4, a3 (weight 2) = 5: (2 + 4 + 2 x 5) / 4 = 4.0
    a = score(SAMPLE, [respondent(a1=2, a2=4, a3=5)]).dimensions[0]
    assert (a.score, a.percent, a.band_level) == (4.0, 75.0, 4)


def test_a_dimension_is_at_most_one_level_above_its_weakest_item() -> None:
    a = score(SAMPLE, [respondent(a1=2, a2=4, a3=5)]).dimensions[0]
    assert (a.cap, a.level, a.gated) == (3, 3, True)


def test_the_gate_can_be_switched_off() -> None:
    a = score(SAMPLE, [respondent(a1=2, a2=4, a3=5)], ScoringRules(item_gate=None)).dimensions[0]
    assert (a.cap, a.level, a.gated) == (None, 4, False)


def test_coverage_below_the_threshold_gives_no_level_but_keeps_the_score() -> None:
    a = score(SAMPLE, [respondent(a1=4, a2="dont_know")]).dimensions[0]
    assert (a.items_answered, a.items_applicable, a.coverage) == (1, 3, pytest.approx(1 / 3))
    assert (a.evidence, a.level, a.score) == (INSUFFICIENT, None, 4.0)


def test_not_applicable_items_leave_the_coverage_denominator() -> None:
    a = score(SAMPLE, [respondent(a1=4, a3=3, a2="not_applicable")]).dimensions[0]
    assert (a.items_answered, a.items_applicable, a.coverage, a.evidence) == (2, 2, 1.0, SUFFICIENT)


def test_dont_know_items_count_as_unanswered_in_coverage() -> None:
    a = score(SAMPLE, [respondent(a1=4, a3=3, a2="dont_know")]).dimensions[0]
    assert (a.items_answered, a.items_applicable) == (2, 3)
    assert a.evidence == SUFFICIENT  # 2 of 3 is above 60 %
    strict = score(SAMPLE, [respondent(a1=4, a3=3, a2="dont_know")], ScoringRules(min_coverage=0.7))
    assert strict.dimensions[0].evidence == INSUFFICIENT


def test_a_dimension_marked_entirely_not_applicable_has_no_level_and_no_score() -> None:
    c = score(SAMPLE, [respondent(c1="not_applicable", c2="not_applicable")]).dimensions[2]
    assert (c.evidence, c.level, c.score, c.coverage) == (ALL_NOT_APPLICABLE, None, None, None)


def test_a_dimension_asked_of_nobody_present_is_not_asked() -> None:
    q = questionnaire(
        [dimension("lead"), dimension("all")],
        [item("l1", "lead", roles={"leader"}), item("x1", "all")],
    )
    result = score(q, [respondent(x1=3)])
    lead = result.dimensions[0]
    assert (lead.evidence, lead.items_asked, lead.score) == (NOT_ASKED, 0, None)
    assert result.overall.evidence == INSUFFICIENT and result.overall.lacking == ("lead",)


def test_a_dimension_without_items_is_not_asked() -> None:
    q = questionnaire([dimension("empty"), dimension("full")], [item("x1", "full")])
    empty = score(q, [respondent(x1=3)]).dimensions[0]
    assert (empty.evidence, empty.items_asked, empty.shares.slots, empty.agreement.items) == (
        NOT_ASKED,
        0,
        0,
        0,
    )


def test_answer_shares_report_dont_know_and_not_applicable() -> None:
    result = score(
        SAMPLE, [respondent(a1=3, a2="not_applicable", a3="dont_know"), respondent(a1="dont_know")]
    )
    shares = result.dimensions[0].shares
    assert (
        shares.slots,
        shares.answered,
        shares.dont_know,
        shares.not_applicable,
        shares.missing,
    ) == (6, 1, 2, 1, 2)
    # The two blanks score like "I do not know", and count in its share.
    assert shares.dont_know_share == pytest.approx(4 / 6)
    assert shares.not_applicable_share == pytest.approx(1 / 6)
    assert shares.answered_share == pytest.approx(1 / 6)
    assert result.shares.slots == 2 * 8  # eight items asked of staff, two respondents


def test_a_blank_answer_counts_in_the_dont_know_share() -> None:
    # Twelve "I do not know", one blank and three levels over sixteen slots: 13/16.
    shares = AnswerShares(slots=16, answered=3, dont_know=12, not_applicable=0)
    assert shares.missing == 1
    assert shares.dont_know_share == 13 / 16


def test_shares_of_nothing_asked_are_zero_not_an_error() -> None:
    shares = score(SAMPLE, []).shares
    assert (
        shares.slots,
        shares.dont_know_share,
        shares.not_applicable_share,
        shares.answered_share,
    ) == (0, 0.0, 0.0, 0.0)


def test_agreement_reports_spread_and_r_wg_against_a_uniform_null() -> None:
    # a1: 2 and 4 (variance 2), a3: 3 and 3 (variance 0): mean variance 1, half of 2.
    # r_wg(J=2) = 2 x 0.5 / (2 x 0.5 + 0.5) = 0.67.
    result = score(SAMPLE, [respondent(a1=2, a3=3), respondent(a1=4, a3=3)])
    agreement = result.dimensions[0].agreement
    assert (agreement.items, agreement.answers) == (2, 4)
    assert (agreement.sd, agreement.iqr, agreement.rwg, agreement.label) == (
        1.0,
        0.5,
        0.67,
        "moderate",
    )


def test_full_agreement_and_no_agreement() -> None:
    same = score(SAMPLE, [respondent(a1=3), respondent(a1=3)]).dimensions[0].agreement
    assert (same.rwg, same.label, same.sd) == (1.0, "very_strong", 0.0)
    split = score(SAMPLE, [respondent(a1=1), respondent(a1=5)]).dimensions[0].agreement
    assert (split.rwg, split.label) == (0.0, "none")


def test_agreement_needs_two_values_on_an_item() -> None:
    single = score(SAMPLE, [respondent(a1=3)]).dimensions[0].agreement
    assert (single.items, single.sd, single.iqr, single.rwg, single.label) == (
        0,
        None,
        None,
        None,
        None,
    )


def test_the_overall_score_is_the_dimension_weighted_mean() -> None:
    # a = 3.0, b (weight 2) = 4.0, c = 2.0: (3 + 8 + 2) / 4 = 3.25
    answers = {"a1": 3, "a2": 3, "a3": 3, "b1": 4, "b2": 4, "b3": 4, "c1": 2, "c2": 2}
    overall = score(SAMPLE, [RespondentAnswers("staff", answers)]).overall
    assert (overall.score, overall.percent, overall.band_level, overall.evidence) == (
        3.25,
        56.25,
        3,
        SUFFICIENT,
    )
    assert (overall.cap, overall.level, overall.gated, overall.lacking) == (3, 3, False, ())


def test_the_overall_level_is_at_most_one_level_above_the_weakest_dimension() -> None:
    answers = {"a1": 5, "a2": 5, "a3": 5, "b1": 5, "b2": 5, "b3": 5, "c1": 1, "c2": 1}
    overall = score(SAMPLE, [RespondentAnswers("staff", answers)]).overall
    assert (overall.score, overall.band_level, overall.cap, overall.level, overall.gated) == (
        4.0,
        4,
        2,
        2,
        True,
    )
    ungated = score(
        SAMPLE, [RespondentAnswers("staff", answers)], ScoringRules(dimension_gate=None)
    ).overall
    assert (ungated.cap, ungated.level) == (None, 4)


def test_the_overall_level_needs_every_dimension_to_have_one() -> None:
    overall = score(
        SAMPLE, [respondent(a1=3, a2=3, a3=3, b1=3, b2=3, b3=3, c1="dont_know")]
    ).overall
    assert (overall.evidence, overall.level, overall.lacking, overall.score) == (
        INSUFFICIENT,
        None,
        ("c",),
        3.0,
    )


def test_dimensions_that_are_not_applicable_leave_the_overall_level() -> None:
    answers = {
        "a1": 3,
        "a2": 3,
        "a3": 3,
        "b1": 3,
        "b2": 3,
        "b3": 3,
        "c1": "not_applicable",
        "c2": "not_applicable",
    }
    overall = score(SAMPLE, [RespondentAnswers("staff", answers)]).overall
    assert (overall.evidence, overall.level, overall.score) == (SUFFICIENT, 3, 3.0)


def test_an_instrument_entirely_not_applicable_has_no_overall_level() -> None:
    q = questionnaire([dimension("only")], [item("n1", "only", not_applicable=True)])
    overall = score(q, [respondent(n1="not_applicable")]).overall
    assert (overall.evidence, overall.level, overall.score) == (ALL_NOT_APPLICABLE, None, None)


def test_no_respondents_means_no_evidence_anywhere() -> None:
    result = score(SAMPLE, [])
    assert result.respondents == 0
    assert {d.evidence for d in result.dimensions} == {NOT_ASKED}
    assert result.overall.evidence == INSUFFICIENT and result.overall.level is None


def test_a_single_respondent_is_scored_like_an_organisation_of_one() -> None:
    one = everyone(4)
    assert score_respondent(SAMPLE, one) == score(SAMPLE, [one])
    assert score_respondent(SAMPLE, one).overall.level == 4


def test_lookups_by_id_return_none_for_unknown_ids() -> None:
    result = score(SAMPLE, [everyone(3)])
    assert result.dimension("b") is result.dimensions[1]
    assert result.dimension("zz") is None and result.item("zz") is None


def test_weighted_items_use_the_weighted_mean_everywhere() -> None:
    q = questionnaire(
        [dimension("w")],
        [item("heavy", "w", weight=3.0), item("light", "w", weight=1.0)],
    )
    result = score(q, [respondent(heavy=4, light=2), respondent(heavy=4, light=2)])
    assert result.dimensions[0].score == 3.5  # (3 x 4 + 2) / 4
    assert result.principles[0].score == 3.5


def test_a_questionnaire_without_items_scores_to_no_evidence() -> None:
    q = questionnaire([dimension("empty")], [])
    result = score(q, [respondent()])
    assert (result.dimensions[0].evidence, result.overall.level, result.items) == (
        NOT_ASKED,
        None,
        (),
    )
