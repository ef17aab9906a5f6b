"""Capability results built from the bundled questionnaires, without a database.

Answers are spread deterministically over the levels so that every chart has something
to draw; the result is assembled the way ``assessment.results.capability`` does it.
Charts word everything through gettext in the language in force: :func:`speaking`
gives them one, with a bare Flask app holding Flask-Babel and our catalogue.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import Babel, force_locale

from assessment.results.capability import (
    CapabilityData,
    InstrumentResult,
    OrganisationFacts,
    RoundFacts,
    TrendPoint,
)
from questionnaires import bundled_library
from questionnaires.model import FACET_CHOICE, Questionnaire
from scoring import DEFAULT_RULES, RespondentAnswers, build_report, combine_principles

ALL = ("leadership-mindsets", "innovation-skills", "ecosystem-partners", "innovation-portfolio")
TEN_PEOPLE = ("leader",) * 3 + ("staff",) * 4 + ("partner",) * 3
ROUND = RoundFacts(
    7, "Spring 2026", "Whole agency",
    datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC), "UTC",
)  # fmt: skip
TRANSLATIONS = Path(__file__).resolve().parents[3] / "assessment" / "translations"


def _babel_app() -> Flask:
    app = Flask(__name__)
    Babel(app, default_translation_directories=str(TRANSLATIONS))
    return app


BABEL_APP = _babel_app()


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Word charts in ``lang``, as the page (its request) or the PDF (force_locale) does."""
    with BABEL_APP.app_context(), force_locale(lang):
        yield


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
    min_group_size: int = 3,
    peers: dict[str, Any] | None = None,
    trend: tuple[TrendPoint, ...] = (),
    targets: dict[str, dict[str, int]] | None = None,
) -> CapabilityData:
    library = bundled_library()
    rules = replace(DEFAULT_RULES, min_group_size=min_group_size)
    instruments = []
    for qid in questionnaires:
        definition = library.get(qid)
        people = [
            RespondentAnswers(role, answers(definition, role, n)) for n, role in enumerate(roles)
        ]
        people = [p for p in people if p.answers]
        report = build_report(definition, people, rules=rules, targets=(targets or {}).get(qid))
        instruments.append(
            InstrumentResult(definition, report, report.result.respondents >= min_group_size)
        )
    return CapabilityData(
        organisation=OrganisationFacts("Agency of Tests", "agency-of-tests", "FR", "national",
                                       "general-public-services", "250-999"),
        round=ROUND,
        instruments=tuple(instruments),
        principles=combine_principles([i.result for i in instruments]),
        trend=trend,
        peers=peers,
        min_group_size=min_group_size,
        respondents=len(roles),
    )  # fmt: skip


def trend_entry(
    round_id: int, title: str, closes_at: str, questionnaire: str, score: float
) -> TrendPoint:
    level = min(5, int(score))
    return TrendPoint(
        round_id, title, datetime.fromisoformat(closes_at), questionnaire, level, score
    )
