"""What a question page needs about a personal link, read in one statement.

The question page is the page respondents load most, once per question. Reading the
invitation, its round, the round's instruments, the response and the saved answer as
ORM objects took five queries; here they come back as one row of plain values, in one
statement (core/database.py: ``read_first_row``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, bindparam, select

from assessment.core.database import read_first_row
from assessment.survey import links as tokens
from assessment.survey.models import AssessmentRound, Invitation, RoundInstrument, window_is_open
from assessment.survey.responses import SUBMITTED, Answer, Response

MAX_TOKEN_LENGTH = 100


@dataclass(frozen=True)
class SavedAnswer:
    """The answer stored for one item, with the revision a form must carry to change it."""

    code: str
    comment: str
    revision: int


@dataclass(frozen=True)
class QuestionVisit:
    """One link's view of one question: its round's dates, its response, its answer."""

    token: str
    round_id: int
    opens_at: datetime
    closes_at: datetime
    closed_early_at: datetime | None
    # The version of the questionnaire the round fixed; None when the round does not
    # use that questionnaire at all.
    questionnaire_version: str | None
    # None until the person's first visit creates the response.
    response_id: int | None
    response_status: str | None
    respondent_role: str
    saved: SavedAnswer | None

    def is_open_at(self, moment: datetime) -> bool:
        """Tell whether the round takes answers at ``moment``."""
        return window_is_open(self.opens_at, self.closes_at, self.closed_early_at, moment)

    @property
    def submitted(self) -> bool:
        return self.response_status == SUBMITTED


def _statement() -> Select[tuple[object, ...]]:
    invitation = Invitation.__table__
    assessment_round = AssessmentRound.__table__
    instrument = RoundInstrument.__table__
    response = Response.__table__
    answer = Answer.__table__
    questionnaire_id = bindparam("questionnaire_id")
    return (
        select(
            invitation.c.revoked_at,
            invitation.c.respondent_role,
            assessment_round.c.id,
            assessment_round.c.opens_at,
            assessment_round.c.closes_at,
            assessment_round.c.closed_early_at,
            instrument.c.questionnaire_version,
            response.c.id,
            response.c.status,
            response.c.respondent_role,
            answer.c.code,
            answer.c.comment,
            answer.c.revision,
        )
        .select_from(
            invitation.join(assessment_round, assessment_round.c.id == invitation.c.round_id)
            .outerjoin(
                instrument,
                and_(
                    instrument.c.round_id == invitation.c.round_id,
                    instrument.c.questionnaire_id == questionnaire_id,
                ),
            )
            .outerjoin(response, response.c.invitation_id == invitation.c.id)
            .outerjoin(
                answer,
                and_(
                    answer.c.response_id == response.c.id,
                    answer.c.questionnaire_id == questionnaire_id,
                    answer.c.item_id == bindparam("item_id"),
                ),
            )
        )
        .where(invitation.c.token_hash == bindparam("token_hash"))
    )


# Built once: the same statement object every time lets SQLAlchemy reuse its
# compiled form without walking a new statement tree on each request.
STATEMENT = _statement()


def find(token: str, questionnaire_id: str, item_id: str) -> QuestionVisit | None:
    """Return the live link's view of one question, or None (unknown or revoked link)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    row = read_first_row(
        STATEMENT,
        {
            "token_hash": tokens.token_hash(token),
            "questionnaire_id": questionnaire_id,
            "item_id": item_id,
        },
    )
    if row is None:
        return None
    (
        revoked_at,
        invitation_role,
        round_id,
        opens_at,
        closes_at,
        closed_early_at,
        questionnaire_version,
        response_id,
        response_status,
        response_role,
        code,
        comment,
        revision,
    ) = row
    if revoked_at is not None:
        return None
    return QuestionVisit(
        token=token,
        round_id=round_id,
        opens_at=opens_at,
        closes_at=closes_at,
        closed_early_at=closed_early_at,
        questionnaire_version=questionnaire_version,
        response_id=response_id,
        response_status=response_status,
        respondent_role=response_role or invitation_role,
        saved=None if code is None else SavedAnswer(code, comment, revision),
    )
