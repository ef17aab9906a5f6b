"""Completed demo rounds written in bulk: many organisations per transaction.

Writing a large demo one round at a time through the ORM, with a commit per round,
made every commit expire a growing identity map, so the time grew with the square of
the count (over an hour for 20,000 organisations on SQLite). Here a batch of rounds is
written with a few multi-row INSERTs in one transaction. Scores come from the same
engine call and the same snapshot columns as ``results.refresh_round_results``, computed
from the answers in memory instead of being read back from the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, update

from assessment.core.extensions import db
from assessment.core.questionnaire_library import library
from assessment.core.types import utcnow
from assessment.survey import links as tokens
from assessment.survey import scoring as results
from assessment.survey.models import AssessmentRound, Invitation, RoundInstrument
from assessment.survey.responding import new_reference
from assessment.survey.responses import SUBMITTED, Answer, Response
from assessment.survey.scores import DimensionScore, ScoreSnapshot
from scoring import RespondentAnswers

# Answers of one respondent: item codes per questionnaire.
AnswersByQuestionnaire = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True)
class CompletedRound:
    """A closed round to write for one organisation: who answered what, and its consent.

    ``respondents`` lists each person's role and answers in invitation order; every
    response is submitted the day before ``closes_at``.
    """

    organisation_id: int
    title: str
    opens_at: datetime
    closes_at: datetime
    consent: str
    instruments: tuple[str, ...]
    respondents: tuple[tuple[str, AnswersByQuestionnaire], ...]


def write_completed(rounds: Sequence[CompletedRound]) -> None:
    """Write the rounds with their invitations, responses, answers and score snapshots.

    Runs in the caller's transaction (the caller commits, once per batch).
    """
    if not rounds:
        return
    round_ids = _insert_returning_ids(AssessmentRound, [_round_columns(r) for r in rounds])
    db.session.execute(
        insert(RoundInstrument),
        [
            {
                "round_id": round_id,
                "questionnaire_id": questionnaire_id,
                "questionnaire_version": library().get(questionnaire_id).version,
                "position": position,
            }
            for round_id, planned in zip(round_ids, rounds, strict=True)
            for position, questionnaire_id in enumerate(planned.instruments)
        ],
    )
    people = [
        (round_id, planned, number, role, answers)
        for round_id, planned in zip(round_ids, rounds, strict=True)
        for number, (role, answers) in enumerate(planned.respondents)
    ]
    invitation_ids = _invitations(people)
    response_ids = _insert_returning_ids(
        Response,
        [
            {
                "round_id": round_id,
                "invitation_id": invitation_id,
                "respondent_role": role,
                "status": SUBMITTED,
                "submitted_at": planned.closes_at - timedelta(days=1),
                "reference": new_reference(),
            }
            for (round_id, planned, _, role, _), invitation_id in zip(
                people, invitation_ids, strict=True
            )
        ],
    )
    now = utcnow()
    answer_rows = [
        {
            "response_id": response_id,
            "questionnaire_id": questionnaire_id,
            "item_id": item_id,
            "code": code,
            "comment": "",
            "revision": 1,
            "updated_at": now,
        }
        for (*_, answers), response_id in zip(people, response_ids, strict=True)
        for questionnaire_id, codes in answers.items()
        for item_id, code in codes.items()
    ]
    if answer_rows:
        db.session.execute(insert(Answer), answer_rows)
    _snapshots(round_ids, rounds)


def _round_columns(planned: CompletedRound) -> dict[str, Any]:
    return {
        "organisation_id": planned.organisation_id,
        "title": planned.title,
        "unit_assessed": "Whole organisation",
        "opens_at": planned.opens_at,
        "closes_at": planned.closes_at,
        "time_zone": "UTC",
        "consent": planned.consent,
    }


def _invitations(people: Sequence[tuple[int, CompletedRound, int, str, Any]]) -> list[int]:
    # The stored hash is of a link token derived from the invitation's own id, so the
    # rows go in with a random placeholder and get their hash once the ids are known.
    rows = [
        {
            "round_id": round_id,
            "email": f"person{number}.{planned.organisation_id}@demo.example",
            "respondent_role": role,
            "link_nonce": tokens.new_nonce(),
            "token_hash": tokens.new_nonce(),
        }
        for round_id, planned, number, role, _ in people
    ]
    ids = _insert_returning_ids(Invitation, rows)
    hashed = [
        {
            "id": invitation_id,
            "token_hash": tokens.token_hash(tokens.link_token(invitation_id, row["link_nonce"])),
        }
        for invitation_id, row in zip(ids, rows, strict=True)
    ]
    db.session.execute(update(Invitation), hashed)
    return ids


def _snapshots(round_ids: Sequence[int], rounds: Sequence[CompletedRound]) -> None:
    # As results.round_reports: per instrument in round order, the respondents who
    # answered it, in response order; no snapshot for an instrument nobody answered.
    snapshots: list[dict[str, Any]] = []
    dimensions: list[list[dict[str, Any]]] = []
    for round_id, planned in zip(round_ids, rounds, strict=True):
        for questionnaire_id in planned.instruments:
            respondents = [
                RespondentAnswers(role, dict(answers[questionnaire_id]))
                for role, answers in planned.respondents
                if answers.get(questionnaire_id)
            ]
            if not respondents:
                continue
            definition = library().get(questionnaire_id)
            report = results.report_for(definition, respondents)
            snapshots.append(results.snapshot_columns(round_id, definition, report))
            dimensions.append(results.dimension_columns(report))
    if not snapshots:
        return
    snapshot_ids = _insert_returning_ids(ScoreSnapshot, snapshots)
    rows = [
        {"snapshot_id": snapshot_id, **columns}
        for snapshot_id, own in zip(snapshot_ids, dimensions, strict=True)
        for columns in own
    ]
    if rows:
        db.session.execute(insert(DimensionScore), rows)


def _insert_returning_ids(model: Any, rows: Sequence[dict[str, Any]]) -> list[int]:
    # One multi-row INSERT per page of rows on both SQLite and PostgreSQL; the ids come
    # back in the order of ``rows``.
    returned = db.session.execute(
        insert(model).returning(model.id, sort_by_parameter_order=True), rows
    )
    return list(returned.scalars())
