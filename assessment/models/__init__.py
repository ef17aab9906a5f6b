"""The platform's database models, imported here so Alembic and the app see them all."""

from assessment.models.api_tokens import ApiToken
from assessment.models.audit import AuditEvent
from assessment.models.organisations import GOVERNMENT_LEVELS, SECTORS, SIZE_BANDS, Organisation
from assessment.models.responses import Answer, Response
from assessment.models.rounds import AssessmentRound, Invitation, OutboxMessage, RoundInstrument
from assessment.models.scores import DimensionScore, ScoreSnapshot
from assessment.models.targets import DimensionTarget, ReportJob
from assessment.models.users import ROLES, RoleAssignment, User

__all__ = [
    "GOVERNMENT_LEVELS",
    "ROLES",
    "SECTORS",
    "SIZE_BANDS",
    "Answer",
    "ApiToken",
    "AssessmentRound",
    "AuditEvent",
    "DimensionScore",
    "DimensionTarget",
    "Invitation",
    "Organisation",
    "OutboxMessage",
    "ReportJob",
    "Response",
    "RoleAssignment",
    "RoundInstrument",
    "ScoreSnapshot",
    "User",
]
