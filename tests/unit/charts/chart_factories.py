"""Capability results built from the bundled questionnaires, without an app or a database.

Answers are spread deterministically over the levels so that every chart has something
to draw; the result is assembled the way ``assessment.results.capability`` does it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assessment.results.capability import CapabilityData
from questionnaires import bundled_library
from questionnaires.model import FACET_CHOICE, Questionnaire
from scoring import (
    DEFAULT_RULES,
    RespondentAnswers,
    build_report,
    combine_principles,
    report_to_dict,
)
from scoring.serialise import principle_to_dict

ALL = ("leadership-mindsets", "innovation-skills", "ecosystem-partners", "innovation-portfolio")
TEN_PEOPLE = ("leader",) * 3 + ("staff",) * 4 + ("partner",) * 3
ROUND = {
    "id": 7, "title": "Spring 2026", "unit_assessed": "Whole agency",
    "opens_at": "2026-03-01T00:00:00+00:00", "closes_at": "2026-04-01T00:00:00+00:00",
    "time_zone": "UTC",
}  # fmt: skip


def answers(definition: Questionnaire, role: str, person: int) -> dict[str, str]:
    """One person's answers: each dimension has its own profile, people vary around it."""
    chosen = {}
    dimensions = [d.id for d in definition.dimensions]
    for position, item in enumerate(definition.items_for_role(role)):
        if item.answer_type == FACET_CHOICE:
            chosen[item.id] = item.options[(person + position) % len(item.options)].code
            continue
        profile = 2 + dimensions.index(item.dimension) % 3
        level = max(1, min(5, profile + (person + position) % 3 - 1))
        option = item.option_for_level(level)
        assert option is not None
        chosen[item.id] = option.code
    return chosen


def capability(
    questionnaires: tuple[str, ...] = ALL,
    roles: tuple[str, ...] = TEN_PEOPLE,
    *,
    lang: str = "en",
    min_group_size: int = 3,
    peers: dict[str, Any] | None = None,
    trend: list[dict[str, Any]] | None = None,
    targets: dict[str, dict[str, int]] | None = None,
) -> CapabilityData:
    library = bundled_library()
    rules = replace(DEFAULT_RULES, min_group_size=min_group_size)
    reports = []
    for qid in questionnaires:
        definition = library.get(qid)
        people = [
            RespondentAnswers(role, answers(definition, role, n)) for n, role in enumerate(roles)
        ]
        people = [p for p in people if p.answers]
        report = build_report(definition, people, rules=rules, targets=(targets or {}).get(qid))
        reports.append((definition, report))
    instruments = []
    for definition, report in reports:
        data = report_to_dict(report, lang)
        data["title"] = definition.title.get(lang)
        data["detailed"] = report.result.respondents >= min_group_size
        instruments.append(data)
    principles = [
        principle_to_dict(p, lang) for p in combine_principles([r.result for _, r in reports])
    ]
    return CapabilityData(
        organisation={"name": "Agency of Tests", "slug": "agency-of-tests", "country": "FR",
                      "government_level": "national", "sector": "general-public-services",
                      "size_band": "250-999"},
        round=dict(ROUND),
        lang=lang,
        instruments=instruments,
        principles=principles,
        trend=trend or [],
        peers=peers,
        min_group_size=min_group_size,
        respondents=len(roles),
        state_key="test",
    )  # fmt: skip


def trend_entry(
    round_id: int, title: str, closes_at: str, questionnaire: str, score: float
) -> dict[str, Any]:
    level = min(5, int(score))
    return {"round_id": round_id, "round_title": title, "closes_at": closes_at,
            "questionnaire": questionnaire, "level": level, "score": score}  # fmt: skip
