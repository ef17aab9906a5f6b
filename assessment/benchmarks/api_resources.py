"""What the API returns about tokens, questionnaires and an organisation's own results.

Plain JSON-ready data read from the database (views stay thin); the benchmark tables
and peer positions are built in ``benchmarks.documents``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from assessment.accounts.api_scopes import token_scope
from assessment.accounts.api_tokens import ApiToken
from assessment.accounts.organisations import Organisation
from assessment.benchmarks.documents import Document
from assessment.benchmarks.labels import languages
from assessment.core.extensions import db
from assessment.core.questionnaire_library import library
from assessment.survey.models import AssessmentRound
from assessment.survey.scores import ScoreSnapshot
from assessment.survey.scoring import shown_snapshot
from questionnaires.model import Text


def _iso(moment: Any) -> str | None:
    return None if moment is None else moment.replace(microsecond=0).isoformat()


def me(token: ApiToken) -> Document:
    """The token's user, their roles, what the token may read and the token's own dates."""
    user = token.user
    return {
        "name": user.name,
        "email": user.email,
        "roles": [
            {
                "role": a.role,
                "organisation": a.organisation.slug if a.organisation is not None else None,
                "country": a.country,
            }
            for a in sorted(user.role_assignments, key=lambda a: (a.role, a.id))
        ],
        "token": {"name": token.name, "prefix": token.prefix,
                  "created_at": _iso(token.created_at), "expires_at": _iso(token.expires_at)},
        "scopes": token_scope(user).codes,
    }  # fmt: skip


def _texts(text: Text) -> dict[str, str]:
    # A title in every language the platform offers, keyed by language code.
    return {lang: text.get(lang) for lang in languages()}


def questionnaires() -> list[Document]:
    """Every questionnaire with its versions and dimensions (titles in every language)."""
    lib = library()
    return [
        {
            "id": q.id,
            "version": q.version,
            "versions": list(lib.versions(q.id)),
            "title": _texts(q.title),
            "dimensions": [
                {"id": d.id, "kind": d.kind, "title": _texts(d.title)} for d in q.dimensions
            ],
        }
        for q in lib
    ]


def organisation_results(organisation: Organisation) -> Document:
    """The organisation's rounds with their stored results (scores and levels only)."""
    rounds = db.session.execute(
        select(AssessmentRound)
        .filter_by(organisation_id=organisation.id)
        .order_by(AssessmentRound.opens_at, AssessmentRound.id)
    ).scalars()
    listed = list(rounds)
    snapshots: dict[int, list[ScoreSnapshot]] = {}
    if listed:
        for snapshot in db.session.execute(
            select(ScoreSnapshot)
            .where(ScoreSnapshot.round_id.in_([r.id for r in listed]), shown_snapshot())
            .order_by(ScoreSnapshot.questionnaire_id)
        ).scalars():
            snapshots.setdefault(snapshot.round_id, []).append(snapshot)
    return {
        "organisation": {
            "slug": organisation.slug,
            "name": organisation.name,
            "country": organisation.country,
            "government_level": organisation.government_level,
            "sector": organisation.sector,
            "size_band": organisation.size_band,
        },
        "rounds": [_round(r, snapshots.get(r.id, [])) for r in listed],
    }


def _round(assessment_round: AssessmentRound, snapshots: list[ScoreSnapshot]) -> Document:
    return {
        "id": assessment_round.id,
        "title": assessment_round.title,
        "opens_at": _iso(assessment_round.opens_at),
        "closes_at": _iso(assessment_round.closes_at),
        "closed_early_at": _iso(assessment_round.closed_early_at),
        "consent": assessment_round.consent,
        "results": [
            {
                "questionnaire": s.questionnaire_id,
                "questionnaire_version": s.questionnaire_version,
                "respondents": s.respondent_count,
                "overall_score": s.overall_score,
                "overall_level": s.overall_level,
                "computed_at": _iso(s.computed_at),
                "dimensions": [
                    {"id": d.dimension_id, "score": d.score, "level": d.level}
                    for d in sorted(s.dimensions, key=lambda d: d.id)
                ],
            }
            for s in snapshots
        ],
    }
