"""The disclosure rules, the primary checks, the reasons with their parameters, and rounding."""

import pytest

from scoring.benchmark import (
    COMPLEMENTARY,
    DEFAULT_DISCLOSURE,
    DOMINANT_COUNTRY,
    REASONS,
    TOO_FEW_COUNTRIES,
    TOO_FEW_FOR_DISTRIBUTION,
    TOO_FEW_ORGANISATIONS,
    TOO_FEW_PEERS,
    BenchmarkError,
    DisclosureRules,
    Reason,
    explain,
    primary_reason,
    round_half_up,
    unknown_organisations,
)


def test_the_default_rules_follow_the_documented_practice():
    rules = DEFAULT_DISCLOSURE

    assert (rules.organisation_threshold, rules.distribution_threshold) == (5, 10)
    assert (rules.country_threshold, rules.dominance_share) == (3, 2 / 3)
    assert (rules.score_decimals, rules.count_base, rules.share_base) == (1, 5, 5.0)
    assert (rules.interval_confidence, rules.placement_bands) == (0.95, 5)
    assert rules.named_known and rules.complementary


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
        ({"share_base": 0.0}, "share_base"),
        ({"share_base": 101.0}, "share_base"),
        ({"placement_bands": 1}, "placement_bands"),
        ({"placement_bands": 101}, "placement_bands"),
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


def test_counts_are_rounded_to_five_by_default_and_exact_when_asked():
    assert DisclosureRules(count_base=1).round_count(7) == 7
    base_five = DEFAULT_DISCLOSURE
    assert [base_five.round_count(n) for n in (0, 2, 3, 7, 8, 12, 13)] == [0, 0, 5, 5, 10, 10, 15]


def test_shares_are_percentages_rounded_half_up_to_the_share_base():
    rules = DEFAULT_DISCLOSURE
    # 1/8 = 12.5 % sits exactly between 10 and 15: half up. 1/3 = 33.3 %: 35.
    assert [rules.round_share(part, 8) for part in (0, 1, 2, 8)] == [0, 15, 25, 100]
    assert rules.round_share(1, 3) == 35
    assert DisclosureRules(share_base=0.1).round_share(1, 3) == 33.3


def test_the_organisations_a_reader_does_not_know_are_those_not_named():
    counts, named = {"FR": 6, "PT": 2}, {"FR": 2, "PT": 2}
    assert unknown_organisations(counts, named, DEFAULT_DISCLOSURE) == {"FR": 4}
    assert unknown_organisations(counts, named, DisclosureRules(named_known=False)) == counts


def test_a_figure_needs_enough_organisations_first():
    assert primary_reason(["FR"] * 4, 5, DEFAULT_DISCLOSURE) == TOO_FEW_ORGANISATIONS
    assert primary_reason(["FR"] * 5, 5, DEFAULT_DISCLOSURE) is None
    assert primary_reason(["FR", "PT"] * 4, 10, DEFAULT_DISCLOSURE) == TOO_FEW_ORGANISATIONS


def test_a_figure_mixing_countries_needs_three_of_them():
    assert primary_reason(["FR"] * 6 + ["PT"] * 4, 5, DEFAULT_DISCLOSURE) == TOO_FEW_COUNTRIES
    assert primary_reason(["FR", "PT", "CA"] * 2, 5, DEFAULT_DISCLOSURE) is None
    two = DisclosureRules(country_threshold=2)
    assert primary_reason(["FR"] * 6 + ["PT"] * 4, 5, two) is None


def test_a_figure_whose_every_country_is_publishable_alone_passes_the_country_rules():
    # Whoever subtracts one country is left with groups of at least five.
    assert primary_reason(["FR", "PT"] * 5, 5, DEFAULT_DISCLOSURE) is None
    assert primary_reason(["FR"] * 20 + ["PT"] * 5, 5, DEFAULT_DISCLOSURE) is None
    assert primary_reason(["FR"] * 20 + ["PT"] * 5, 10, DEFAULT_DISCLOSURE) == TOO_FEW_COUNTRIES


def test_no_country_may_hold_more_than_two_thirds_of_a_mixed_figure():
    # 6 of 9 is exactly two thirds: allowed; 7 of 9 is not.
    assert primary_reason(["FR"] * 6 + ["PT", "CA", "NZ"], 5, DEFAULT_DISCLOSURE) is None
    assert primary_reason(["FR"] * 7 + ["PT", "CA"], 5, DEFAULT_DISCLOSURE) == DOMINANT_COUNTRY
    assert primary_reason(["FR"] * 7 + ["PT", "CA", "NZ"], 5, DEFAULT_DISCLOSURE) == (
        DOMINANT_COUNTRY
    )
    no_dominance = DisclosureRules(dominance_share=None)
    assert primary_reason(["FR"] * 7 + ["PT", "CA", "NZ"], 5, no_dominance) is None


def test_every_reason_is_a_code_with_the_numbers_of_its_rule_and_no_words():
    rules = DisclosureRules(
        organisation_threshold=3, distribution_threshold=12, country_threshold=4
    )

    explained = {code: explain(code, rules) for code in REASONS}

    assert explained == {
        TOO_FEW_ORGANISATIONS: Reason(TOO_FEW_ORGANISATIONS, {"organisations": 3}),
        TOO_FEW_COUNTRIES: Reason(TOO_FEW_COUNTRIES, {"countries": 4}),
        DOMINANT_COUNTRY: Reason(DOMINANT_COUNTRY, {"share": 2 / 3}),
        TOO_FEW_FOR_DISTRIBUTION: Reason(TOO_FEW_FOR_DISTRIBUTION, {"organisations": 12}),
        COMPLEMENTARY: Reason(COMPLEMENTARY, {}),
        TOO_FEW_PEERS: Reason(TOO_FEW_PEERS, {"peers": 12}),
    }
    assert explain(TOO_FEW_ORGANISATIONS) == Reason(TOO_FEW_ORGANISATIONS, {"organisations": 5})
    values = [v for reason in explained.values() for v in reason.params.values()]
    assert all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def test_the_parameters_of_a_reason_cannot_be_changed():
    reason = explain(TOO_FEW_ORGANISATIONS)

    with pytest.raises(TypeError):
        reason.params["organisations"] = 1  # type: ignore[index]


def test_the_dominance_reason_has_no_share_when_the_rule_is_off():
    assert explain(DOMINANT_COUNTRY, DisclosureRules(dominance_share=None)).params == {}
    assert explain(DOMINANT_COUNTRY, DisclosureRules(dominance_share=0.5)).params == {"share": 0.5}


def test_an_unknown_reason_is_a_programming_error():
    with pytest.raises(KeyError):
        explain("because")
