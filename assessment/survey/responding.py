"""Answering a round: saving every answer on the server and submitting once.

Measured patterns keep answers safe (see docs/performance.md): the first statement of
each write transaction is a compare-and-set on the response, so a submitted response
can never change and concurrent saves queue; each answer carries a revision so a stale
form cannot silently overwrite a newer answer; the final submit carries a key under a
UNIQUE constraint, so a double submit gives exactly one submission.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from assessment.core.extensions import db
from assessment.core.questionnaire_library import questionnaire
from assessment.core.types import utcnow
from assessment.survey.models import AssessmentRound, Invitation
from assessment.survey.responses import IN_PROGRESS, SUBMITTED, Answer, Response
from assessment.survey.visits import SavedAnswer
from questionnaires.model import Item, Questionnaire

NOT_STARTED = "not_started"
COMPLETED = "completed"
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


class Outcome(Enum):
    SAVED = "saved"
    CONFLICT = "conflict"  # a newer answer was saved from another window
    CLOSED = "closed"  # the round is closed: nothing can change
    ALREADY_SUBMITTED = "already_submitted"
    INCOMPLETE = "incomplete"


class Window(Protocol):
    """Anything that knows when a round takes answers (a round, or a question visit)."""

    def is_open_at(self, moment: datetime) -> bool: ...


@dataclass(frozen=True)
class SaveResult:
    outcome: Outcome
    current: SavedAnswer | None = None  # on a conflict: the answer saved meanwhile


def instruments(assessment_round: AssessmentRound) -> list[Questionnaire]:
    """The questionnaires of a round, at the versions the round fixed."""
    return [
        questionnaire(i.questionnaire_id, i.questionnaire_version)
        for i in assessment_round.instruments
    ]


def items_for(definition: Questionnaire, respondent_role: str) -> tuple[Item, ...]:
    """The items a respondent with this role answers, in order."""
    return definition.items_for_role(respondent_role)


def response_for(invitation: Invitation) -> Response:
    """Return the invitation's response, creating it on first visit (safe under races)."""
    existing = db.session.execute(
        db.select(Response).filter_by(invitation_id=invitation.id)
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    response = Response(
        round_id=invitation.round_id,
        invitation_id=invitation.id,
        respondent_role=invitation.respondent_role,
    )
    db.session.add(response)
    try:
        db.session.commit()
    except IntegrityError:
        # Another tab created it at the same moment: use theirs.
        db.session.rollback()
        return db.session.execute(
            db.select(Response).filter_by(invitation_id=invitation.id)
        ).scalar_one()
    return response


def answers_of(response: Response, questionnaire_id: str | None = None) -> dict[str, Answer]:
    """The response's answers by item id (of one questionnaire when given)."""
    query = db.select(Answer).filter_by(response_id=response.id)
    if questionnaire_id is not None:
        query = query.filter_by(questionnaire_id=questionnaire_id)
    return {a.item_id: a for a in db.session.execute(query).scalars()}


def has_comments(response: Response) -> bool:
    """Whether the person wrote a comment on any answer (then asked about quoting them)."""
    commented = Answer.response_id == response.id, Answer.comment != ""
    found = db.session.execute(db.select(Answer.id).filter(*commented).limit(1)).first()
    return found is not None


# The statements of an answer save, built once: building SQLAlchemy expressions anew
# for every save cost more than running them. Core statements, no ORM objects: a save
# reads one row and writes two, and needs nothing else.
_responses, _answers = Response.__table__, Answer.__table__
_CLAIM_RESPONSE = (
    update(_responses)
    .where(_responses.c.id == bindparam("response_id"), _responses.c.status == IN_PROGRESS)
    .values(version=_responses.c.version + 1, updated_at=bindparam("now"))
)
_CURRENT_ANSWER = select(
    _answers.c.id, _answers.c.code, _answers.c.comment, _answers.c.revision
).where(
    _answers.c.response_id == bindparam("response_id"),
    _answers.c.questionnaire_id == bindparam("questionnaire_id"),
    _answers.c.item_id == bindparam("item_id"),
)
_CHANGE_ANSWER = (
    update(_answers)
    .where(_answers.c.id == bindparam("answer_id"))
    .values(
        code=bindparam("new_code"),
        comment=bindparam("new_comment"),
        revision=_answers.c.revision + 1,
        updated_at=bindparam("now"),
    )
)
_ADD_ANSWER = insert(_answers)


def save_answer(
    response_id: int,
    window: Window,
    questionnaire_id: str,
    item: Item,
    code: str,
    comment: str,
    expected_revision: int,
) -> SaveResult:
    """Save one answer in its own transaction; never overwrite a newer one silently."""
    now = utcnow()
    if not window.is_open_at(now):
        return SaveResult(Outcome.CLOSED)
    db.session.rollback()  # start a fresh transaction whose first statement is the CAS
    touched = db.session.execute(_CLAIM_RESPONSE, {"response_id": response_id, "now": now})
    if touched.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        return SaveResult(Outcome.ALREADY_SUBMITTED)
    current = db.session.execute(
        _CURRENT_ANSWER,
        {"response_id": response_id, "questionnaire_id": questionnaire_id, "item_id": item.id},
    ).first()
    if current is None:
        if expected_revision != 0:
            db.session.rollback()
            return SaveResult(Outcome.CONFLICT)
        db.session.execute(
            _ADD_ANSWER,
            {
                "response_id": response_id,
                "questionnaire_id": questionnaire_id,
                "item_id": item.id,
                "code": code,
                "comment": comment,
                "revision": 1,
                "updated_at": now,
            },
        )
    else:
        answer_id, current_code, current_comment, current_revision = current
        if current_revision != expected_revision and (current_code, current_comment) != (
            code,
            comment,
        ):
            db.session.rollback()
            shown = SavedAnswer(current_code, current_comment, current_revision)
            return SaveResult(Outcome.CONFLICT, current=shown)
        db.session.execute(
            _CHANGE_ANSWER,
            {"answer_id": answer_id, "new_code": code, "new_comment": comment, "now": now},
        )
    db.session.commit()
    return SaveResult(Outcome.SAVED)


def section_statuses(
    assessment_round: AssessmentRound, respondent_role: str, response: Response | None
) -> dict[str, str]:
    """Status of each section (questionnaire): not_started, in_progress or completed."""
    counts: dict[str, int] = {}
    if response is not None:
        counts = dict(
            db.session.execute(
                db.select(Answer.questionnaire_id, func.count())
                .filter_by(response_id=response.id)
                .group_by(Answer.questionnaire_id)
            ).all()
        )
    statuses = {}
    for definition in instruments(assessment_round):
        answered = counts.get(definition.id, 0)
        total = len(items_for(definition, respondent_role))
        statuses[definition.id] = (
            NOT_STARTED if answered == 0 else COMPLETED if answered >= total else "in_progress"
        )
    return statuses


def new_reference() -> str:
    """A short, readable reference for a submission, e.g. IMA-7K3Q-9XPD."""
    chars = [secrets.choice(REFERENCE_ALPHABET) for _ in range(8)]
    return f"IMA-{''.join(chars[:4])}-{''.join(chars[4:])}"


def submit(
    response: Response,
    assessment_round: AssessmentRound,
    submission_key: str,
    *,
    quote_comments: bool = False,
) -> SaveResult:
    """Submit once: a retry with the same key returns the existing submission.

    ``quote_comments``: the person agrees that the organisation's report may print their
    comments without their name (stored with the submission; never asked again).
    """
    db.session.refresh(response)
    if response.status == SUBMITTED:
        return SaveResult(Outcome.ALREADY_SUBMITTED)
    if not assessment_round.is_open_at(utcnow()):
        return SaveResult(Outcome.CLOSED)
    statuses = section_statuses(assessment_round, response.respondent_role, response)
    if any(s != COMPLETED for s in statuses.values()):
        return SaveResult(Outcome.INCOMPLETE)
    response_id = response.id
    db.session.rollback()
    try:
        done = db.session.execute(
            update(Response)
            .where(Response.id == response_id, Response.status == IN_PROGRESS)
            .values(
                status=SUBMITTED,
                submission_key=submission_key,
                submitted_at=utcnow(),
                reference=new_reference(),
                comments_quotable=quote_comments,
                version=Response.version + 1,
            )
        )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return SaveResult(Outcome.ALREADY_SUBMITTED)
    db.session.refresh(response)
    if done.rowcount != 1:  # type: ignore[attr-defined]
        return SaveResult(Outcome.ALREADY_SUBMITTED)
    return SaveResult(Outcome.SAVED)
