"""Input checks: the responses document, roles, items and answer values."""

from __future__ import annotations

import pytest
from scoring_factories import SAMPLE, portfolio, respondent

from questionnaires.model import Questionnaire
from scoring import (
    AnswerError,
    QuestionnaireMismatchError,
    RespondentAnswers,
    Responses,
    ResponsesError,
    find_questionnaire,
    parse_responses,
    score,
    score_responses,
)


def test_a_well_formed_document_becomes_responses() -> None:
    parsed = parse_responses(
        {
            "questionnaire": "sample",
            "version": "1.0.0",
            "respondents": [{"role": "staff", "answers": {"a1": 3, "a2": "l4"}}],
        }
    )
    assert parsed == Responses(
        "sample", "1.0.0", (RespondentAnswers("staff", {"a1": 3, "a2": "l4"}),)
    )


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "the responses document must be a JSON object"),
        ({"version": "1.0.0", "respondents": []}, 'needs a "questionnaire" text'),
        ({"questionnaire": "x", "version": 1, "respondents": []}, 'needs a "version" text'),
        ({"questionnaire": "x", "version": "1"}, 'needs a "respondents" list'),
        (
            {"questionnaire": "x", "version": "1", "respondents": [3]},
            "respondent 1 must be a JSON object",
        ),
        (
            {"questionnaire": "x", "version": "1", "respondents": [{"answers": {}}]},
            'respondent 1 needs a "role" text',
        ),
        (
            {"questionnaire": "x", "version": "1", "respondents": [{"role": "staff"}]},
            'the "answers" of respondent 1 must be a JSON object',
        ),
        (
            {
                "questionnaire": "x",
                "version": "1",
                "respondents": [{"role": "staff", "answers": {"a1": 2.5}}],
            },
            "respondent 1, item 'a1': an answer must be a whole number or a code, not 2.5",
        ),
        (
            {
                "questionnaire": "x",
                "version": "1",
                "respondents": [{"role": "staff", "answers": {"a1": True}}],
            },
            "not True",
        ),
    ],
)
def test_a_malformed_document_is_refused_naming_the_problem(document: object, message: str) -> None:
    with pytest.raises(ResponsesError, match=message):
        parse_responses(document)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"zz": 3}, r"respondent 1: unknown item 'zz' \(not in sample 1.0.0\)"),
        ({"b4": 3}, "respondent 1: item 'b4' is not asked of role 'staff'"),
        ({"a1": 7}, "respondent 1, item 'a1': value 7 is out of range \\(1 to 5\\)"),
        ({"a1": 0}, "value 0 is out of range"),
        (
            {"a1": "l9"},
            "'l9' is not an option of this item"
            " \\(expected one of l1, l2, l3, l4, l5, dont_know\\)",
        ),
        (
            {"a1": "not_applicable"},
            "respondent 1, item 'a1': this item does not offer 'not_applicable'",
        ),
        ({"a2": "maybe"}, "expected one of l1, l2, l3, l4, l5, dont_know, not_applicable"),
        ({"a1": True}, "an answer must be a whole number 1-5 or an option code, not True"),
        ({"a1": 3.0}, "not 3.0"),
        ({"a1": None}, "not None"),
        ({"a1": [3]}, "not \\[3\\]"),
    ],
)
def test_an_invalid_answer_is_refused_with_one_clear_message(
    answers: dict[str, object], message: str
) -> None:
    with pytest.raises(AnswerError, match=message) as caught:
        score(SAMPLE, [RespondentAnswers("staff", answers)])  # type: ignore[arg-type]
    assert caught.value.respondent == 1
    assert caught.value.item_id == next(iter(answers))


def test_an_unknown_role_is_refused() -> None:
    with pytest.raises(AnswerError, match="respondent 2: unknown role 'boss'") as caught:
        score(SAMPLE, [respondent("staff"), respondent("boss")])
    assert caught.value.respondent == 2
    assert caught.value.item_id is None


def test_an_invalid_answer_after_valid_ones_is_still_named() -> None:
    with pytest.raises(AnswerError, match="item 'a3': value 9"):
        score(SAMPLE, [RespondentAnswers("staff", {"a1": 3, "a2": "l2", "a3": 9})])


def test_a_facet_choice_item_takes_a_facet_code_not_a_number() -> None:
    with pytest.raises(AnswerError, match="expects one of the codes enhancement, mission"):
        score(portfolio(), [RespondentAnswers("staff", {"o1": 2})])


def test_levels_and_option_codes_mean_the_same_answer() -> None:
    by_number = score(SAMPLE, [respondent(a1=2, a2=4)])
    by_code = score(SAMPLE, [respondent(a1="l2", a2="l4")])
    assert by_number == by_code


def test_responses_for_another_questionnaire_or_version_are_refused() -> None:
    with pytest.raises(QuestionnaireMismatchError, match="for questionnaire 'other', not 'sample'"):
        score_responses(SAMPLE, Responses("other", "1.0.0", ()))
    with pytest.raises(
        QuestionnaireMismatchError, match="version 0.9.0 of 'sample', but version 1.0.0"
    ):
        score_responses(SAMPLE, Responses("sample", "0.9.0", ()))
    assert score_responses(SAMPLE, Responses("sample", "1.0.0", ())).respondents == 0


class _Shelf:
    """A stand-in for questionnaires.Library."""

    def get(self, questionnaire_id: str, version: str | None = None) -> Questionnaire:
        if questionnaire_id != "sample":
            raise KeyError(f"unknown questionnaire {questionnaire_id!r}")
        if version != "1.0.0":
            raise LookupError()
        return SAMPLE


def test_finding_the_questionnaire_turns_lookup_errors_into_one_message() -> None:
    shelf = _Shelf()
    assert find_questionnaire(shelf, Responses("sample", "1.0.0", ())) is SAMPLE
    with pytest.raises(QuestionnaireMismatchError, match="^unknown questionnaire 'nope'$"):
        find_questionnaire(shelf, Responses("nope", "1.0.0", ()))
    with pytest.raises(QuestionnaireMismatchError, match="^LookupError$"):
        find_questionnaire(shelf, Responses("sample", "2.0.0", ()))
