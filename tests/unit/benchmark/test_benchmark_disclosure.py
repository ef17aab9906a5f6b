"""The disclosure rules, the primary checks, the reason sentences and rounding."""

import pytest

from scoring.benchmark import (
    COMPLEMENTARY,
    DEFAULT_DISCLOSURE,
    DOMINANT_COUNTRY,
    REASONS,
    TOO_FEW_COUNTRIES,
    TOO_FEW_ORGANISATIONS,
    BenchmarkError,
    DisclosureRules,
    describe,
    primary_reason,
    round_half_up,
)


def test_the_default_rules_follow_the_documented_practice():
    rules = DEFAULT_DISCLOSURE

    assert (rules.organisation_threshold, rules.distribution_threshold) == (5, 10)
    assert (rules.country_threshold, rules.dominance_share) == (3, 2 / 3)
    assert (rules.score_decimals, rules.count_base, rules.interval_confidence) == (1, 1, 0.95)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"organisation_threshold": 0}, "organisation_threshold"),
        ({"distribution_threshold": 4}, "distribution_threshold"),
        ({"country_threshold": 0}, "country_threshold"),
        ({"dominance_share": 0.0}, "dominance_share"),
        ({"dominance_share": 1.5}, "dominance_share"),
        ({"score_decimals": 4}, "score_decimals"),
        ({"score_decimals": -1}, "score_decimals"),
        ({"count_base": 0}, "count_base"),
        ({"interval_confidence": 1.0}, "interval_confidence"),
        ({"interval_confidence": 0.0}, "interval_confidence"),
    ],
)
def test_rules_that_make_no_sense_are_refused(changes, message):
    with pytest.raises(BenchmarkError, match=message):
        DisclosureRules(**changes)


def test_scores_are_rounded_half_up_as_a_reader_would():
    assert [DEFAULT_DISCLOSURE.round_score(x) for x in (2.25, 2.35, 2.649, 4.95)] == [
        2.3, 2.4, 2.6, 5.0,
    ]  # fmt: skip
    assert round_half_up(2.675, 2) == 2.68
    assert DisclosureRules(score_decimals=0).round_score(2.5) == 3.0


def test_counts_are_exact_by_default_and_rounded_to_the_base_when_asked():
    assert DEFAULT_DISCLOSURE.round_count(7) == 7
    base_five = DisclosureRules(count_base=5)
    assert [base_five.round_count(n) for n in (0, 2, 3, 7, 8, 12, 13)] == [0, 0, 5, 5, 10, 10, 15]


def test_a_figure_needs_enough_organisations_first():
    assert primary_reason(["FR"] * 4, 5, DEFAULT_DISCLOSURE) == TOO_FEW_ORGANISATIONS
    assert primary_reason(["FR"] * 5, 5, DEFAULT_DISCLOSURE) is None
    assert primary_reason(["FR", "PT"] * 4, 10, DEFAULT_DISCLOSURE) == TOO_FEW_ORGANISATIONS


def test_a_figure_mixing_countries_needs_three_of_them():
    assert primary_reason(["FR", "PT"] * 5, 5, DEFAULT_DISCLOSURE) == TOO_FEW_COUNTRIES
    assert primary_reason(["FR", "PT", "CA"] * 2, 5, DEFAULT_DISCLOSURE) is None
    assert primary_reason(["FR", "PT"] * 5, 5, DisclosureRules(country_threshold=2)) is None


def test_no_country_may_hold_more_than_two_thirds_of_a_mixed_figure():
    # 6 of 9 is exactly two thirds: allowed; 7 of 9 is not.
    assert primary_reason(["FR"] * 6 + ["PT", "CA", "NZ"], 5, DEFAULT_DISCLOSURE) is None
    assert primary_reason(["FR"] * 7 + ["PT", "CA"], 5, DEFAULT_DISCLOSURE) == DOMINANT_COUNTRY
    assert primary_reason(["FR"] * 7 + ["PT", "CA", "NZ"], 5, DEFAULT_DISCLOSURE) == (
        DOMINANT_COUNTRY
    )
    no_dominance = DisclosureRules(dominance_share=None)
    assert primary_reason(["FR"] * 7 + ["PT", "CA", "NZ"], 5, no_dominance) is None


def test_every_reason_has_a_sentence_in_both_languages_with_the_rules_filled_in():
    for reason in REASONS:
        text = describe(reason)
        assert text.en and text.fr and "{" not in text.en + text.fr
    assert describe(TOO_FEW_ORGANISATIONS).en == "Fewer than 5 organisations."
    assert describe(TOO_FEW_ORGANISATIONS, DisclosureRules(organisation_threshold=3)).fr == (
        "Moins de 3 organisations."
    )
    assert "66.7 %" in describe(DOMINANT_COUNTRY).en
    assert "66,7\u00a0%" in describe(DOMINANT_COUNTRY).fr
    assert "50 %" in describe(DOMINANT_COUNTRY, DisclosureRules(dominance_share=0.5)).en
    assert describe(COMPLEMENTARY).en.startswith("Withheld so that")


def test_the_dominance_sentence_stays_readable_when_the_rule_is_off():
    text = describe(DOMINANT_COUNTRY, DisclosureRules(dominance_share=None))

    assert "{" not in text.en


def test_an_unknown_reason_is_a_programming_error():
    with pytest.raises(KeyError):
        describe("because")
