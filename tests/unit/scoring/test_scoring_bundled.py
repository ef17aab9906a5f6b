"""The engine against the bundled instruments, as the app and the CLI use them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from questionnaires import bundled_library
from questionnaires.model import EMPHASIS, FACET_CHOICE, Questionnaire
from scoring import RespondentAnswers, build_report, combine_principles, report_document, score
from scoring.cli import main

LIBRARY = bundled_library()
INSTRUMENTS = [q for q in LIBRARY]


def _answers(
    questionnaire: Questionnaire, role: str, level: int, facet: str = "mission"
) -> RespondentAnswers:
    answers: dict[str, int | str] = {}
    for item in questionnaire.items_for_role(role):
        answers[item.id] = facet if item.answer_type == FACET_CHOICE else level
    return RespondentAnswers(role, answers)


def _organisation(questionnaire: Questionnaire, level: int) -> list[RespondentAnswers]:
    return [_answers(questionnaire, role, level) for role in ("leader", "staff", "partner") * 3]


@pytest.mark.parametrize("questionnaire", INSTRUMENTS, ids=lambda q: q.id)
@pytest.mark.parametrize("level", [1, 3, 5])
def test_level_k_everywhere_gives_level_k_in_every_bundled_instrument(
    questionnaire: Questionnaire, level: int
) -> None:
    result = score(questionnaire, _organisation(questionnaire, level))
    assert {d.level for d in result.dimensions} == {level}
    assert result.overall.level == level


@pytest.mark.parametrize("questionnaire", INSTRUMENTS, ids=lambda q: q.id)
def test_every_bundled_instrument_gives_a_full_report(questionnaire: Questionnaire) -> None:
    report = build_report(questionnaire, _organisation(questionnaire, 2))
    data = report_document(report)
    assert json.loads(json.dumps(data)) == data
    assert data["dimensions"] and all(d["explanation"]["summary"] for d in data["dimensions"])
    assert report.plan.actions, "level 2 everywhere leaves something to do"
    assert all(a.descriptor.get("fr") for a in report.plan.actions)


def test_innovation_skills_gives_a_stage_by_skill_matrix() -> None:
    result = score(
        LIBRARY.get("innovation-skills"), _organisation(LIBRARY.get("innovation-skills"), 3)
    )
    (matrix,) = result.matrices
    assert (matrix.row_tag, matrix.column_tag) == ("stage", "skill")
    filled = [c for c in matrix.cells if c.items]
    assert filled and {c.mean for c in filled} == {3.0}


def test_ecosystem_partners_gives_a_partner_by_stage_matrix() -> None:
    questionnaire = LIBRARY.get("ecosystem-partners")
    result = score(questionnaire, _organisation(questionnaire, 4))
    matrices = {(m.row_tag, m.column_tag): m for m in result.matrices}
    partner_stage = matrices[("partner", "stage")]
    assert {c.mean for c in partner_stage.cells if c.items} == {4.0}


def test_innovation_portfolio_gives_facets_balance_and_capability() -> None:
    questionnaire = LIBRARY.get("innovation-portfolio")
    respondents = [
        _answers(questionnaire, "leader", 4, "anticipatory"),
        _answers(questionnaire, "staff", 2, "adaptive"),
    ]
    result = score(questionnaire, respondents)
    assert result.facet_profile is not None
    assert result.facet_profile.strong == ("adaptive", "anticipatory")
    assert result.facet_profile.change_type == "disruptive"
    emphasis = [i for i in questionnaire.items if i.answer_type == EMPHASIS]
    assert len(result.balance) == 4 and emphasis
    assert {b.intended for b in result.balance} == {25.0}  # same emphasis on every facet
    assert result.capability is not None and result.capability.band == "medium"


def test_principles_combine_across_all_bundled_instruments() -> None:
    results = [score(q, _organisation(q, 3)) for q in INSTRUMENTS]
    combined = combine_principles(results)
    assert [p.level for p in combined if p.items_applicable] and {
        p.level for p in combined if p.items_applicable
    } == {3}
    assert len({qid for p in combined for qid in p.questionnaires}) >= 2


def test_the_command_line_scores_a_bundled_instrument(tmp_path: Path) -> None:
    questionnaire = LIBRARY.get("leadership-mindsets")
    document = {
        "questionnaire": questionnaire.id,
        "version": questionnaire.version,
        "respondents": [
            {"role": r.role, "answers": dict(r.answers)} for r in _organisation(questionnaire, 4)
        ],
    }
    path = tmp_path / "responses.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["score", "--responses", str(path)], out=out, err=err) == 0
    data = json.loads(out.getvalue())
    assert (data["overall"]["level"], data["overall"]["explanation"]["next_level"]) == (4, 5)
    document["version"] = "0.0.1"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert main(["score", "--responses", str(path)], out=out, err=err) == 2
    assert "has no version 0.0.1" in err.getvalue()
