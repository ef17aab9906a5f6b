"""Scoring input: respondents' answers, and the responses document that carries them.

An answer value is a whole number 1-5 (the level of a maturity item or the scale point
of an emphasis item), an option code such as ``"l3"`` or ``"mission"``, or one of the
reserved codes ``"dont_know"`` and ``"not_applicable"``. An item missing from
``answers`` was not answered, which scores exactly like "I do not know".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scoring.errors import ResponsesError

AnswerValue = int | str


@dataclass(frozen=True)
class RespondentAnswers:
    """One respondent's submitted answers: their role and item id -> answer value."""

    role: str
    answers: Mapping[str, AnswerValue]


@dataclass(frozen=True)
class Responses:
    """All submitted answers of one organisation to one questionnaire version."""

    questionnaire_id: str
    version: str
    respondents: tuple[RespondentAnswers, ...]


def parse_responses(data: object) -> Responses:
    """Turn a decoded responses document (e.g. from ``json.loads``) into ``Responses``.

    The document is ``{"questionnaire": ID, "version": VERSION, "respondents": [{"role":
    ROLE, "answers": {ITEM_ID: VALUE}}]}``. Only the shape is checked here; whether the
    roles, items and values fit the questionnaire is checked when scoring. Raises
    ``ResponsesError`` naming the first problem found.
    """
    document = _mapping(data, "the responses document")
    questionnaire_id = _text(document, "questionnaire", "the responses document")
    version = _text(document, "version", "the responses document")
    listed = document.get("respondents")
    if not isinstance(listed, list):
        raise ResponsesError('the responses document needs a "respondents" list')
    respondents = tuple(_respondent(entry, number) for number, entry in enumerate(listed, 1))
    return Responses(questionnaire_id, version, respondents)


def _respondent(entry: object, number: int) -> RespondentAnswers:
    where = f"respondent {number}"
    fields = _mapping(entry, where)
    role = _text(fields, "role", where)
    answers = _mapping(fields.get("answers"), f'the "answers" of {where}')
    for item_id, value in answers.items():
        # bool is an int subclass in Python; true/false in JSON is never a level.
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ResponsesError(
                f"{where}, item {item_id!r}: an answer must be a whole number or a code,"
                f" not {value!r}"
            )
    return RespondentAnswers(role, answers)


def _mapping(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ResponsesError(f"{what} must be a JSON object")
    return value


def _text(fields: Mapping[str, Any], key: str, what: str) -> str:
    value = fields.get(key)
    if not isinstance(value, str) or not value:
        raise ResponsesError(f'{what} needs a "{key}" text')
    return value
