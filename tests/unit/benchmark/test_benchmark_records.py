"""Benchmark records: validation, grouping fields, and one record per organisation."""

import math

import pytest
from benchmark_factories import record

from scoring.benchmark import GROUP_FIELDS, BenchmarkError, latest_records
from scoring.benchmark.records import check_fields


def test_a_record_exposes_its_grouping_values_scores_and_levels():
    r = record("o", "PT", sector="tax", dimensions={"d": 2.5}, score=3.5, level=3)

    assert [r.value(name) for name in GROUP_FIELDS] == [
        "PT", "national", "tax", "250-999", "1.0.0", "2026",
    ]  # fmt: skip
    assert (r.score("d"), r.level("d"), r.score(None), r.level(None)) == (2.5, 2, 3.5, 3)
    assert (r.score("missing"), r.level("missing")) == (None, None)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"key": ""}, "needs an organisation_key"),
        ({"country": ""}, "empty country"),
        ({"period": ""}, "empty period"),
        ({"score": 0.5}, "overall score: a score must be from 1 to 5"),
        ({"score": 5.01}, "from 1 to 5"),
        ({"score": math.nan}, "from 1 to 5"),
        ({"score": math.inf}, "from 1 to 5"),
        ({"dimensions": {"d": 6.0}}, "dimension 'd'"),
        ({"levels": {"d": 0}}, "a level must be a whole number from 1 to 5"),
        ({"levels": {"d": True}}, "a level must be"),
        ({"level": 7}, "overall level"),
    ],
)
def test_a_record_with_an_impossible_value_is_refused(changes, message):
    with pytest.raises(BenchmarkError, match=message):
        record(**changes)


def test_a_record_may_lack_scores_and_levels():
    r = record(score=None, dimensions={"d": None}, levels={"d": None})

    assert (r.overall_score, r.overall_level, r.score("d"), r.level("d")) == (
        None,
        None,
        None,
        None,
    )


def test_grouping_fields_must_be_known_distinct_and_few_enough():
    assert check_fields(["sector", "period"], limit=2) == ("sector", "period")
    assert check_fields(list(GROUP_FIELDS), limit=None) == GROUP_FIELDS
    with pytest.raises(BenchmarkError, match="unknown grouping field 'name'"):
        check_fields(["name"], limit=2)
    with pytest.raises(BenchmarkError, match="given twice"):
        check_fields(["sector", "sector"], limit=2)
    with pytest.raises(BenchmarkError, match="at most 2 fields"):
        check_fields(["sector", "country", "period"], limit=2)


def test_an_organisation_keeps_only_its_latest_record():
    old = record("a", period="2025", score=2.0)
    new = record("a", period="2026", score=4.0)
    later_same_year = record("a", period="2026", round_order=3, score=4.5)
    other = record("b", period="2024")

    assert latest_records([new, other, old]) == (new, other)
    assert latest_records([later_same_year, old, new]) == (later_same_year,)


def test_an_organisation_keeps_its_latest_record_in_each_period_when_periods_stay_apart():
    old = record("a", period="2025", round_order=1)
    older = record("a", period="2025", round_order=0)
    new = record("a", period="2026")

    assert latest_records([new, older, old], ["period"]) == (old, new)


def test_two_records_of_one_round_are_an_input_error():
    with pytest.raises(BenchmarkError, match="share period '2026' and round order 0"):
        latest_records([record("a"), record("a", score=4.0)])
