"""The platform's database models, imported here so Alembic and the app see them all."""

from assessment.accounts.api_tokens import ApiToken
from assessment.accounts.links import AccountLink
from assessment.accounts.models import ROLES, RoleAssignment, User
from assessment.accounts.organisations import GOVERNMENT_LEVELS, SECTORS, SIZE_BANDS, Organisation
from assessment.accounts.sessions import SignInSession
from assessment.accounts.two_factor import RecoveryCode, TotpCredential
from assessment.benchmarks.models import BenchmarkSnapshot, PublishedRecord, PublishedTable
from assessment.core.audit_events import AuditEvent
from assessment.core.mail import OutboxMessage
from assessment.reports.models import ReportJob
from assessment.results.targets import DimensionTarget
from assessment.survey.models import AssessmentRound, Invitation, RoundInstrument
from assessment.survey.responses import Answer, Response
from assessment.survey.scores import DimensionScore, ScoreSnapshot

__all__ = [
    "GOVERNMENT_LEVELS",
    "ROLES",
    "SECTORS",
    "SIZE_BANDS",
    "AccountLink",
    "Answer",
    "ApiToken",
    "AssessmentRound",
    "AuditEvent",
    "BenchmarkSnapshot",
    "DimensionScore",
    "DimensionTarget",
    "Invitation",
    "Organisation",
    "OutboxMessage",
    "PublishedRecord",
    "PublishedTable",
    "RecoveryCode",
    "ReportJob",
    "Response",
    "RoleAssignment",
    "RoundInstrument",
    "ScoreSnapshot",
    "SignInSession",
    "TotpCredential",
    "User",
]
