"""The platform's database models, imported here so Alembic and the app see them all."""

from assessment.models.audit import AuditEvent
from assessment.models.organisations import GOVERNMENT_LEVELS, SECTORS, SIZE_BANDS, Organisation
from assessment.models.responses import Answer, Response
from assessment.models.rounds import AssessmentRound, Invitation, RoundInstrument
from assessment.models.scores import DimensionScore, ScoreSnapshot
from assessment.models.users import ROLES, RoleAssignment, User

__all__ = [
    "GOVERNMENT_LEVELS",
    "ROLES",
    "SECTORS",
    "SIZE_BANDS",
    "Answer",
    "AssessmentRound",
    "AuditEvent",
    "DimensionScore",
    "Invitation",
    "Organisation",
    "Response",
    "RoleAssignment",
    "RoundInstrument",
    "ScoreSnapshot",
    "User",
]
