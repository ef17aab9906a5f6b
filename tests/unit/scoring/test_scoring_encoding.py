"""The count encoding behind bulk scoring, checked against a direct count."""

from __future__ import annotations

import random
import statistics

import pytest
from scoring_factories import SAMPLE, respondent

import scoring.columns
from scoring import AnswerError, AssessmentResult, RespondentAnswers, ScoringRules, score

ROLES = ("leader", "staff", "partner")


def _organisation(size: int, seed: int) -> list[RespondentAnswers]:
    rnd = random.Random(seed)
    respondents = []
    for _ in range(size):
        role = rnd.choice(ROLES)
        answers: dict[str, int | str] = {}
        for item in SAMPLE.items_for_role(role):
            choices: list[int | str | None] = [1, 2, 3, 4, 5, "l2", "dont_know", None]
            if item.allow_not_applicable:
                choices.append("not_applicable")
            value = rnd.choice(choices)
            if value is not None:
                answers[item.id] = value
        respondents.append(RespondentAnswers(role, answers))
    return respondents


def _level(value: int | str) -> int | None:
    if isinstance(value, int):
        return value
    return int(value[1:]) if value.startswith("l") else None


@pytest.mark.parametrize("size", [1, 2, 3, 4, 7, 8, 15, 16, 17, 31, 32, 64, 130])
def test_item_values_and_shares_match_a_direct_count_at_every_organisation_size(
    size: int,
) -> None:
    respondents = _organisation(size, seed=size)
    result = score(SAMPLE, respondents)
    for item, found in zip(SAMPLE.items, result.items, strict=True):
        given = [r.answers.get(item.id) for r in respondents if r.role in item.roles]
        levels = [lv for v in given if v is not None and (lv := _level(v)) is not None]
        assert found.asked == len(given)
        assert found.answered == len(levels)
        assert found.dont_know == given.count("dont_know")
        assert found.not_applicable == given.count("not_applicable")
        assert found.value == (float(statistics.median(levels)) if levels else None)
    for dimension in result.dimensions:
        own = [i for i in result.items if i.dimension_id == dimension.dimension_id]
        shares = dimension.shares
        assert shares.slots == sum(i.asked for i in own)
        assert shares.answered == sum(i.answered for i in own)
        assert shares.dont_know == sum(i.dont_know for i in own)
        assert shares.not_applicable == sum(i.not_applicable for i in own)
        spread = [i for i in own if i.answered > 1]
        assert dimension.agreement.items == len(spread)
        assert dimension.agreement.answers == sum(i.answered for i in spread)
    assert result.shares.slots == sum(i.asked for i in result.items)
    assert result.shares.answered == sum(i.answered for i in result.items)


def _all_results(rules: ScoringRules) -> list[AssessmentResult]:
    return [
        score(SAMPLE, _organisation(size, seed), rules) for seed in range(6) for size in (3, 40)
    ]


def test_remembered_results_never_mix_organisations_of_other_sizes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rules = ScoringRules(min_group_size=2)
    warm = _all_results(rules)
    assert _all_results(rules) == warm
    monkeypatch.setattr(scoring.columns, "_MEMOS", {})
    cold = [
        score(SAMPLE, _organisation(size, seed), rules) for size in (40, 3) for seed in range(6)
    ]
    assert sorted(map(repr, cold)) == sorted(map(repr, warm))


@pytest.mark.parametrize(
    ("first", "message"),
    [
        (respondent(zz=3), "respondent 2: unknown item 'zz'"),
        (respondent("staff", b4=3), "respondent 2: item 'b4' is not asked of role 'staff'"),
        (respondent(a1=True), "respondent 2, item 'a1': an answer must be a whole number"),
        (respondent(a1=9), "respondent 2, item 'a1': value 9 is out of range"),
    ],
)
def test_the_first_respondent_in_order_is_named_whatever_the_problems_later(
    first: RespondentAnswers, message: str
) -> None:
    later = [respondent("boss"), respondent(zz=1), respondent(a1=2.0), respondent(a1=3)]
    with pytest.raises(AnswerError, match=message):
        score(SAMPLE, [respondent(a1=3), first, *later])
