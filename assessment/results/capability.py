"""The capability result of one round as plain data, for the results page and the PDF.

Reports are rendered from this plain data, never from ORM objects. Item-level detail
(explanations citing items, the action plan, role groups) is kept only when enough
people submitted for no one's answers to be readable from it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assessment.accounts.organisations import Organisation
from assessment.benchmarks.peers import peer_data
from assessment.core.extensions import db
from assessment.results.targets import DimensionTarget
from assessment.survey import scoring as results
from assessment.survey.models import AssessmentRound
from assessment.survey.responses import SUBMITTED, Answer, Response
from assessment.survey.scores import ScoreSnapshot
from questionnaires.model import Questionnaire
from scoring import combine_principles, report_to_dict
from scoring.serialise import principle_to_dict

Json = dict[str, Any]


@dataclass(frozen=True)
class CapabilityData:
    """Everything a capability result page or report shows, as plain data."""

    organisation: Json
    round: Json
    lang: str
    instruments: list[Json]  # one report_to_dict per questionnaire, plus title/detailed
    principles: list[Json]  # the Declaration principles across questionnaires
    trend: list[Json]  # overall level per questionnaire in this and earlier rounds
    peers: Json | None  # peer placement; None until benchmarks provide it
    min_group_size: int
    respondents: int
    state_key: str  # changes whenever anything shown here would change
    # questionnaire -> question -> answer code -> how many chose it; only for
    # ``detailed`` instruments, and only when asked for (the PDF's appendix).
    answer_counts: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    # questionnaire -> question -> the comments people agreed may be quoted, without
    # names and in alphabetical order; same instruments and occasions as the counts.
    shared_comments: dict[str, dict[str, list[str]]] = field(default_factory=dict)


def targets_of(assessment_round: AssessmentRound) -> dict[str, dict[str, int]]:
    """Targets set by the coordinator: questionnaire id -> dimension id -> level."""
    targets: dict[str, dict[str, int]] = {}
    for row in db.session.execute(
        db.select(DimensionTarget).filter_by(round_id=assessment_round.id)
    ).scalars():
        targets.setdefault(row.questionnaire_id, {})[row.dimension_id] = row.target_level
    return targets


def _state_key(assessment_round: AssessmentRound, targets: Mapping[str, Any], lang: str) -> str:
    versions = db.session.execute(
        db.select(Response.id, Response.version)
        .filter_by(round_id=assessment_round.id, status=SUBMITTED)
        .order_by(Response.id)
    ).all()
    material = json.dumps(
        {"round": assessment_round.id, "responses": [list(v) for v in versions],
         "targets": targets, "lang": lang},
        sort_keys=True,
    )  # fmt: skip
    return hashlib.sha256(material.encode()).hexdigest()


def _trend(organisation: Organisation) -> list[Json]:
    rows = db.session.execute(
        db.select(
            AssessmentRound.id,
            AssessmentRound.title,
            AssessmentRound.closes_at,
            ScoreSnapshot.questionnaire_id,
            ScoreSnapshot.overall_level,
            ScoreSnapshot.overall_score,
        )
        .join(ScoreSnapshot, ScoreSnapshot.round_id == AssessmentRound.id)
        .filter(AssessmentRound.organisation_id == organisation.id)
        .order_by(AssessmentRound.closes_at, ScoreSnapshot.questionnaire_id)
    ).all()
    return [
        {"round_id": r[0], "round_title": r[1], "closes_at": r[2].isoformat(),
         "questionnaire": r[3], "level": r[4], "score": r[5]}
        for r in rows
    ]  # fmt: skip


def answer_counts(
    assessment_round: AssessmentRound, questionnaire_ids: list[str]
) -> dict[str, dict[str, dict[str, int]]]:
    """How many submitted responses chose each answer code, per question (counted in SQL).

    Totals over everyone who answered, never who answered what.
    """
    counts: dict[str, dict[str, dict[str, int]]] = {qid: {} for qid in questionnaire_ids}
    if not questionnaire_ids:
        return counts
    rows = db.session.execute(
        db.select(Answer.questionnaire_id, Answer.item_id, Answer.code, db.func.count())
        .join(Response, Response.id == Answer.response_id)
        .filter(
            Response.round_id == assessment_round.id,
            Response.status == SUBMITTED,
            Answer.questionnaire_id.in_(questionnaire_ids),
        )
        .group_by(Answer.questionnaire_id, Answer.item_id, Answer.code)
    ).all()
    for questionnaire_id, item_id, code, count in rows:
        counts[questionnaire_id].setdefault(item_id, {})[code] = count
    return counts


def shared_comments(
    assessment_round: AssessmentRound, questionnaire_ids: list[str]
) -> dict[str, dict[str, list[str]]]:
    """The comments of submitted responses whose authors agreed they may be quoted.

    No name, no answer and no order of respondents comes with them: they are sorted
    alphabetically, so that nothing links one person's comments to each other.
    """
    comments: dict[str, dict[str, list[str]]] = {qid: {} for qid in questionnaire_ids}
    if not questionnaire_ids:
        return comments
    rows = db.session.execute(
        db.select(Answer.questionnaire_id, Answer.item_id, Answer.comment)
        .join(Response, Response.id == Answer.response_id)
        .filter(
            Response.round_id == assessment_round.id,
            Response.status == SUBMITTED,
            Response.comments_quotable.is_(True),
            Answer.questionnaire_id.in_(questionnaire_ids),
            Answer.comment != "",
        )
    ).all()
    for questionnaire_id, item_id, comment in rows:
        comments[questionnaire_id].setdefault(item_id, []).append(comment)
    for by_item in comments.values():
        for listed in by_item.values():
            listed.sort(key=lambda text: (text.casefold(), text))
    return comments


def quoted_comments(
    instrument: Json,
    definition: Questionnaire,
    comments: Mapping[str, list[str]],
    min_group_size: int,
    lang: str,
) -> list[Json]:
    """The shared comments of one instrument, per question in the questionnaire's order.

    ``instrument``: a ``detailed`` instrument of :func:`capability_data`;
    ``comments``: its item → comments, from :func:`shared_comments`. Returns
    ``{"prompt", "comments"}`` per question with comments. A question asked of fewer
    than ``min_group_size`` people is left out, as its answers are: there, a comment
    could be told apart from its few colleagues.
    """
    results_by_item = {item["item_id"]: item for item in instrument["items"]}
    quoted = []
    for item in definition.items:
        result = results_by_item.get(item.id)
        shared = comments.get(item.id)
        if not shared or result is None or result["status"] == "not_asked":
            continue
        if result["asked"] >= min_group_size:
            quoted.append({"prompt": item.prompt.get(lang), "comments": list(shared)})
    return quoted


def capability_data(
    organisation: Organisation,
    assessment_round: AssessmentRound,
    lang: str,
    *,
    with_answer_counts: bool = False,
) -> CapabilityData:
    """Gather the round's result in ``lang`` as plain data.

    ``with_answer_counts``: also count the answers per question of the ``detailed``
    instruments, and gather the comments people agreed to share (what the PDF's appendix
    prints).
    """
    targets = targets_of(assessment_round)
    reports = results.round_reports(assessment_round, targets)
    min_group = results.rules().min_group_size
    instruments = []
    for definition, report in reports:
        data = report_to_dict(report, lang)
        data["title"] = definition.title.get(lang)
        data["detailed"] = report.result.respondents >= min_group
        instruments.append(data)
    principles = [
        principle_to_dict(p, lang) for p in combine_principles([r.result for _, r in reports])
    ]
    detailed = [i["questionnaire"] for i in instruments if i["detailed"]]
    return CapabilityData(
        organisation={
            "name": organisation.name, "slug": organisation.slug,
            "country": organisation.country, "government_level": organisation.government_level,
            "sector": organisation.sector, "size_band": organisation.size_band,
        },
        round={
            "id": assessment_round.id, "title": assessment_round.title,
            "unit_assessed": assessment_round.unit_assessed,
            "opens_at": assessment_round.opens_at.isoformat(),
            "closes_at": assessment_round.closes_at.isoformat(),
            "time_zone": assessment_round.time_zone,
        },
        lang=lang,
        instruments=instruments,
        principles=principles,
        trend=_trend(organisation),
        peers=peer_data(organisation, assessment_round, lang),
        min_group_size=min_group,
        respondents=results.submitted_count(assessment_round),
        state_key=_state_key(assessment_round, targets, lang),
        answer_counts=answer_counts(assessment_round, detailed) if with_answer_counts else {},
        shared_comments=shared_comments(assessment_round, detailed) if with_answer_counts else {},
    )  # fmt: skip
