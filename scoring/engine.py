"""Entry points: score an organisation's (or one respondent's) answers to a questionnaire."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from questionnaires.model import Questionnaire
from scoring.answers import RespondentAnswers, Responses
from scoring.columns import Columns, memos_for
from scoring.core import score_columns
from scoring.decoding import check_given, decode
from scoring.errors import QuestionnaireMismatchError
from scoring.groups import role_groups
from scoring.index import QuestionnaireIndex, index_for
from scoring.principles import principles_of
from scoring.results import AssessmentResult, ItemTable
from scoring.rules import DEFAULT_RULES, ScoringRules
from scoring.views import balance, capability, facet_profile, matrices


class QuestionnaireSource(Protocol):
    """Anything that finds a questionnaire by id and version, like ``questionnaires.Library``."""

    def get(self, questionnaire_id: str, version: str | None = None) -> Questionnaire:
        """Return the questionnaire, raising ``LookupError`` when it is unknown."""
        ...  # pragma: no cover


def find_questionnaire(source: QuestionnaireSource, responses: Responses) -> Questionnaire:
    """Return the questionnaire and version that ``responses`` were given to.

    Raises ``QuestionnaireMismatchError`` with the source's own message when the
    questionnaire, or that version of it, is unknown.
    """
    try:
        return source.get(responses.questionnaire_id, responses.version)
    except LookupError as error:
        # KeyError quotes str(); its first argument is the plain message.
        message = error.args[0] if error.args else type(error).__name__
        raise QuestionnaireMismatchError(str(message)) from error


def score(
    questionnaire: Questionnaire,
    respondents: Sequence[RespondentAnswers],
    rules: ScoringRules = DEFAULT_RULES,
) -> AssessmentResult:
    """Score the submitted answers of an organisation's respondents.

    Each item's organisation value is the median of the values respondents gave;
    "I do not know" and "Not applicable" are left out, never counted as zero. Raises
    ``AnswerError`` for an unknown role, an unknown item, an item not asked of the
    respondent's role or an invalid value.
    """
    index = index_for(questionnaire)
    decoded = decode(index, respondents)
    memos = memos_for(rules)
    columns = Columns(decoded.keys, decoded.codec, memos, rules, split=True)
    shares = columns.shares(sum(columns.fields[8]))
    check_given(index, respondents, decoded, shares)
    dimensions, overall = score_columns(index, columns, rules)
    profile = facet_profile(index, columns, rules)
    return AssessmentResult(
        questionnaire.id,
        questionnaire.version,
        rules,
        len(respondents),
        _item_table(index, columns),
        dimensions,
        overall,
        principles_of(index, columns, rules),
        shares,
        role_groups(index, decoded, memos, rules),
        matrices(index, columns),
        profile,
        balance(index, columns, profile),
        capability(index, overall),
    )


def score_respondent(
    questionnaire: Questionnaire,
    respondent: RespondentAnswers,
    rules: ScoringRules = DEFAULT_RULES,
) -> AssessmentResult:
    """Score one respondent on their own (the median of one value is that value)."""
    return score(questionnaire, [respondent], rules)


def score_responses(
    questionnaire: Questionnaire, responses: Responses, rules: ScoringRules = DEFAULT_RULES
) -> AssessmentResult:
    """Score a responses document, after checking it names ``questionnaire``'s id and version.

    Raises ``QuestionnaireMismatchError`` when it names another questionnaire or version.
    """
    if responses.questionnaire_id != questionnaire.id:
        raise QuestionnaireMismatchError(
            f"the responses are for questionnaire {responses.questionnaire_id!r},"
            f" not {questionnaire.id!r}"
        )
    if responses.version != questionnaire.version:
        raise QuestionnaireMismatchError(
            f"the responses are for version {responses.version} of {questionnaire.id!r},"
            f" but version {questionnaire.version} was given"
        )
    return score(questionnaire, responses.respondents, rules)


def _item_table(index: QuestionnaireIndex, columns: Columns) -> ItemTable:
    asked, value, level, dont_know, na, status, _, answered, _, _, _ = columns.fields
    return ItemTable(
        index.item_ids,
        index.item_dimensions,
        index.answer_types,
        index.item_weights,
        index.item_principles,
        status,
        value,
        level,
        asked,
        answered,
        dont_know,
        na,
    )
