"""Properties the method guarantees, checked on generated organisations (Hypothesis)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scoring_factories import SAMPLE, portfolio

from questionnaires.model import EMPHASIS, FACET_CHOICE, Item, Questionnaire
from questionnaires.vocabulary import FACETS
from scoring import (
    AssessmentResult,
    RespondentAnswers,
    ScoringRules,
    build_report,
    explain,
    explain_overall,
    report_document,
    score,
)

PORTFOLIO = portfolio()
QUESTIONNAIRES = (SAMPLE, PORTFOLIO)
ROLES = ("leader", "staff", "partner")
# Small-group views appear often with a minimum of 2.
RULES = (
    ScoringRules(),
    ScoringRules(min_group_size=2),
    ScoringRules(item_gate=2, dimension_gate=None),
)

checked = settings(
    max_examples=80,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def _choices(item: Item) -> list[int | str | None]:
    """Possible answers to an item; None leaves it unanswered."""
    values: list[int | str | None]
    if item.answer_type == FACET_CHOICE:
        values = list(FACETS)
    elif item.answer_type == EMPHASIS:
        values = [1, 2, 3, 4, 5, "e3"]
    else:
        values = [1, 2, 3, 4, 5, "l2", "l4"]
    values += ["dont_know", None]
    if item.allow_not_applicable:
        values.append("not_applicable")
    return values


@st.composite
def organisations(draw: st.DrawFn, questionnaire: Questionnaire) -> list[RespondentAnswers]:
    respondents = []
    for _ in range(draw(st.integers(1, 7))):
        role = draw(st.sampled_from(ROLES))
        answers: dict[str, int | str] = {}
        for item in questionnaire.items_for_role(role):
            value = draw(st.sampled_from(_choices(item)))
            if value is not None:
                answers[item.id] = value
        respondents.append(RespondentAnswers(role, answers))
    return respondents


@st.composite
def cases(draw: st.DrawFn) -> tuple[Questionnaire, list[RespondentAnswers], ScoringRules]:
    questionnaire = draw(st.sampled_from(QUESTIONNAIRES))
    return questionnaire, draw(organisations(questionnaire)), draw(st.sampled_from(RULES))


def _level_value(value: int | str) -> int | None:
    if isinstance(value, int):
        return value
    if value[0] in "le" and value[1:].isdigit():
        return int(value[1:])
    return None


def _graded(result: AssessmentResult) -> list[tuple[str, float | None, int | None]]:
    """Every score and level in a result, labelled."""
    entries = [("overall", result.overall.score, result.overall.level)]
    entries += [(f"dimension {d.dimension_id}", d.score, d.level) for d in result.dimensions]
    entries += [(f"principle {p.principle}", p.score, p.level) for p in result.principles]
    entries += [(f"item {i.item_id}", i.value, i.level) for i in result.items]
    for view in result.role_groups:
        if view.overall is not None:
            entries.append((f"{view.role} overall", view.overall.score, view.overall.level))
            entries += [
                (f"{view.role} {d.dimension_id}", d.score, d.level) for d in view.dimensions
            ]
    return entries


@checked
@given(
    st.sampled_from(QUESTIONNAIRES),
    st.integers(1, 5),
    st.lists(st.sampled_from(ROLES), min_size=1, max_size=6),
)
def test_everyone_answering_level_k_gives_level_k_everywhere(
    questionnaire: Questionnaire, level: int, roles: list[str]
) -> None:
    respondents = []
    for role in roles:
        answers: dict[str, int | str] = {}
        for item in questionnaire.items_for_role(role):
            answers[item.id] = "mission" if item.answer_type == FACET_CHOICE else level
        respondents.append(RespondentAnswers(role, answers))
    result = score(questionnaire, respondents)
    assert {d.level for d in result.dimensions} == {level}
    assert result.overall.level == level and result.overall.score == float(level)


@checked
@given(cases(), st.randoms(use_true_random=False))
def test_raising_one_answer_never_lowers_a_score_or_a_level(
    case: tuple[Questionnaire, list[RespondentAnswers], ScoringRules], rnd: random.Random
) -> None:
    questionnaire, respondents, rules = case
    raisable = [
        (n, item_id, level)
        for n, r in enumerate(respondents)
        for item_id, value in r.answers.items()
        if (level := _level_value(value)) is not None and level < 5
    ]
    assume(raisable)
    n, item_id, level = rnd.choice(raisable)
    raised = list(respondents)
    raised[n] = RespondentAnswers(
        raised[n].role, {**raised[n].answers, item_id: rnd.randint(level + 1, 5)}
    )
    before, after = score(questionnaire, respondents, rules), score(questionnaire, raised, rules)
    for (name, old_score, old_level), (_, new_score, new_level) in zip(
        _graded(before), _graded(after), strict=True
    ):
        assert (old_score is None) == (new_score is None), name
        assert old_score is None or new_score is None or new_score >= old_score, name
        assert (old_level is None) == (new_level is None), name
        assert old_level is None or new_level is None or new_level >= old_level, name


@checked
@given(cases(), st.randoms(use_true_random=False))
def test_the_order_of_respondents_and_answers_does_not_matter(
    case: tuple[Questionnaire, list[RespondentAnswers], ScoringRules], rnd: random.Random
) -> None:
    questionnaire, respondents, rules = case
    shuffled = []
    for r in respondents:
        pairs = list(r.answers.items())
        rnd.shuffle(pairs)
        shuffled.append(RespondentAnswers(r.role, dict(pairs)))
    rnd.shuffle(shuffled)
    assert score(questionnaire, shuffled, rules) == score(questionnaire, respondents, rules)


@checked
@given(cases(), st.randoms(use_true_random=False), st.sampled_from(["dont_know", "not_applicable"]))
def test_dont_know_and_not_applicable_never_change_a_score(
    case: tuple[Questionnaire, list[RespondentAnswers], ScoringRules], rnd: random.Random, code: str
) -> None:
    questionnaire, respondents, rules = case
    blanks = [
        (n, item.id)
        for n, r in enumerate(respondents)
        for item in questionnaire.items_for_role(r.role)
        if item.id not in r.answers and (code == "dont_know" or item.allow_not_applicable)
    ]
    assume(blanks)
    n, item_id = rnd.choice(blanks)
    padded = list(respondents)
    padded[n] = RespondentAnswers(padded[n].role, {**padded[n].answers, item_id: code})
    before, after = score(questionnaire, respondents, rules), score(questionnaire, padded, rules)
    for (name, old_score, old_level), (_, new_score, new_level) in zip(
        _graded(before), _graded(after), strict=True
    ):
        assert new_score == old_score, name
        # Coverage can only improve (a not applicable item leaves the denominator),
        # so a level can appear but never drop.
        assert old_level is None or new_level == old_level, name


@checked
@given(cases())
def test_the_same_input_gives_the_same_output(
    case: tuple[Questionnaire, list[RespondentAnswers], ScoringRules],
) -> None:
    questionnaire, respondents, rules = case
    first = build_report(questionnaire, respondents, rules)
    second = build_report(
        questionnaire, [RespondentAnswers(r.role, dict(r.answers)) for r in respondents], rules
    )
    assert first == second
    assert report_document(first) == report_document(second)


@checked
@given(cases())
def test_an_explanation_only_cites_items_of_its_own_dimension(
    case: tuple[Questionnaire, list[RespondentAnswers], ScoringRules],
) -> None:
    questionnaire, respondents, rules = case
    result = score(questionnaire, respondents, rules)
    for explanation in explain(result, questionnaire):
        own = {i.id for i in questionnaire.items_in(explanation.subject)}
        cited = {c.ref for c in explanation.held_down_by + explanation.unanswered}
        assert cited <= own
    overall = explain_overall(result, questionnaire)
    dimensions = {d.id for d in questionnaire.dimensions}
    assert {c.ref for c in overall.held_down_by + overall.unanswered} <= dimensions


@checked
@given(cases())
def test_scores_levels_and_percentages_stay_on_their_scales(
    case: tuple[Questionnaire, list[RespondentAnswers], ScoringRules],
) -> None:
    questionnaire, respondents, rules = case
    result = score(questionnaire, respondents, rules)
    for name, value, level in _graded(result):
        assert value is None or 1.0 <= value <= 5.0, name
        assert level is None or 1 <= level <= 5, name
    for d in result.dimensions:
        assert (
            d.percent is None or d.score is not None and d.percent == round((d.score - 1) * 25, 2)
        )
        assert d.level is None or d.band_level is not None and d.level <= d.band_level
