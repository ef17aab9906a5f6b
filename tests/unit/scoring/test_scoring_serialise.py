"""The language-neutral JSON document of results and reports."""

from __future__ import annotations

import json

from scoring_factories import SAMPLE, everyone, portfolio, respondent, skills

from scoring import (
    RespondentAnswers,
    build_report,
    report_document,
    report_for,
    result_document,
    score,
)
from scoring.serialise import FORMAT

# Keys that carried words before reasons became codes: none may come back. ("label" stays:
# an agreement's label is a code such as "strong".)
WORDED_KEYS = {
    "title", "level_name", "label_text", "reason_text", "change_type_text",
    "band_name", "next_level_name", "target_level_name", "prompt", "descriptor",
    "next_descriptor", "lang",
}  # fmt: skip


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for entry in value.values() for k in _keys(entry)}
    if isinstance(value, list):
        return {k for entry in value for k in _keys(entry)}
    return set()


def test_a_result_serialises_to_plain_json_data_without_words() -> None:
    result = score(SAMPLE, [everyone(3, role="staff")] * 3 + [everyone(4)] * 3)
    data = result_document(result)
    assert json.loads(json.dumps(data)) == data
    assert not _keys(data) & WORDED_KEYS
    assert (data["format"], data["questionnaire"], data["respondents"]) == (FORMAT, "sample", 6)
    assert data["rules"]["min_group_size"] == 3
    assert data["overall"]["level"] == 4
    assert data["dimensions"][0]["agreement"]["label"] == "very_strong"
    assert data["items"][0]["item_id"] == "a1"
    assert data["principles"][0]["principle"] == 1
    staff = data["role_groups"][1]
    assert staff["shown"] and staff["respondents"] == 3
    assert staff["dimensions"][0] == {
        "id": "a",
        "level": 3,
        "score": 3.0,
        "percent": 50.0,
        "evidence": "sufficient",
    }
    assert data["views"] == {
        "matrices": [],
        "facet_profile": None,
        "portfolio_balance": [],
        "portfolio_capability": None,
    }


def test_missing_agreement_and_coverage_serialise_as_null() -> None:
    data = result_document(score(SAMPLE, [respondent(c1="not_applicable", c2="not_applicable")]))
    c = data["dimensions"][2]
    assert (c["coverage"], c["agreement"]["label"], c["level"]) == (None, None, None)
    assert data["role_groups"][0] == {"role": "leader", "shown": False, "reason": "too_few"}


def test_instrument_views_serialise_with_codes() -> None:
    answers = {
        "p1": 4,
        "p2": 4,
        "o1": "mission",
        "o2": "anticipatory",
        "i-mission": 5,
        "i-adaptive": 1,
    }
    data = result_document(score(portfolio(), [RespondentAnswers("staff", answers)]))
    views = data["views"]
    assert views["facet_profile"]["shares"][1] == {"facet": "mission", "count": 1, "percent": 50.0}
    assert views["facet_profile"]["change_type"] == "transformative"
    assert views["portfolio_capability"] == {"score": 4.0, "band": "high"}
    assert views["portfolio_balance"][1] == {
        "facet": "mission",
        "actual": 50.0,
        "intended": 83.33,
        "gap": -33.33,
    }
    matrix = result_document(score(skills(), [everyone(2, skills())]))["views"]["matrices"][1]
    assert (matrix["rows_tag"], matrix["columns_tag"]) == ("partner", "stage")
    assert matrix["rows"][0] == "citizens"
    assert len(matrix["cells"]) == 36


def test_capability_without_a_band_serialises_as_null() -> None:
    data = result_document(score(portfolio(), [RespondentAnswers("staff", {"p1": 2})]))
    assert data["views"]["portfolio_capability"] == {"score": 2.0, "band": None}


def test_a_report_puts_each_explanation_next_to_what_it_explains() -> None:
    report = build_report(SAMPLE, [respondent(a1=2, a2=4, a3=5)], targets={"a": 5})
    data = report_document(report)
    assert json.loads(json.dumps(data)) == data
    assert not _keys(data) & WORDED_KEYS
    a = data["dimensions"][0]["explanation"]
    assert a["summary"] == [
        {
            "code": "score",
            "params": {"score": 4.0, "percent": 75.0, "band": 4, "low": 3.4, "high": 4.19},
        },
        {"code": "item_gate", "params": {"weakest": 2, "gate": 1, "level": 3}},
    ]
    assert a["held_down_by"][0] == {"id": "a1", "value": 2.0, "level": 2, "gate": True}
    assert a["next_level"] == 4
    assert a["requirement"] == {
        "code": "next_with_item_gate",
        "params": {"next": 4, "floor": 3.4, "minimum": 3},
    }
    b = data["dimensions"][1]["explanation"]
    assert b["unanswered"][0] == {"id": "b1", "value": None, "level": None, "gate": False}
    assert b["next_level"] is None
    assert data["overall"]["explanation"]["requirement"] == {
        "code": "complete_dimensions",
        "params": {},
    }
    plan = data["action_plan"]
    assert plan["targets"] == [{"dimension": "a", "current_level": 3, "target_level": 5}]
    assert plan["actions"][0] == {
        "rank": 1, "dimension": "a", "item": "a1", "value": 2.0, "level": 2, "next_level": 3,
        "target_level": 5, "gap": 3.0, "weight": 1.0, "priority": 3.0,
    }  # fmt: skip
    assert report_for(report.result, SAMPLE, {"a": 5}) == report


def test_requirements_can_be_absent() -> None:
    data = report_document(
        build_report(SAMPLE, [respondent(c1="not_applicable", c2="not_applicable")])
    )
    assert data["dimensions"][2]["explanation"]["requirement"] is None
