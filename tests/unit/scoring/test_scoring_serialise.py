"""JSON-ready dictionaries of results and reports."""

from __future__ import annotations

import json

from scoring_factories import SAMPLE, everyone, portfolio, respondent, skills

from scoring import (
    RespondentAnswers,
    build_report,
    report_for,
    report_to_dict,
    result_to_dict,
    score,
)


def test_a_result_serialises_to_plain_json_data() -> None:
    result = score(SAMPLE, [everyone(3, role="staff")] * 3 + [everyone(4)] * 3)
    data = result_to_dict(result, "en")
    assert json.loads(json.dumps(data)) == data
    assert data["questionnaire"] == "sample" and data["respondents"] == 6
    assert data["rules"]["min_group_size"] == 3
    assert data["overall"]["level_name"] == "Embedded"
    assert data["dimensions"][0]["agreement"]["label_text"] == "Very strong agreement"
    assert data["items"][0]["item_id"] == "a1"
    assert data["principles"][0]["title"] == "Embrace and enhance innovation"
    staff = data["role_groups"][1]
    assert staff["shown"] and staff["respondents"] == 3
    assert staff["dimensions"][0] == {
        "id": "a",
        "title": "Title a",
        "level": 3,
        "level_name": "Structured",
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
    data = result_to_dict(
        score(SAMPLE, [respondent(c1="not_applicable", c2="not_applicable")]), "fr"
    )
    c = data["dimensions"][2]
    assert (c["coverage"], c["agreement"]["label_text"], c["level_name"]) == (None, None, None)
    assert data["role_groups"][0]["reason_text"].startswith("Non affiché : moins de 3 répondants")


def test_instrument_views_serialise_with_labels() -> None:
    answers = {
        "p1": 4,
        "p2": 4,
        "o1": "mission",
        "o2": "anticipatory",
        "i-mission": 5,
        "i-adaptive": 1,
    }
    data = result_to_dict(score(portfolio(), [RespondentAnswers("staff", answers)]), "fr")
    views = data["views"]
    assert views["facet_profile"]["shares"][1] == {
        "facet": "mission",
        "count": 1,
        "percent": 50.0,
        "label": "Orientée mission",
    }
    assert views["facet_profile"]["change_type_text"] == "Changement transformateur"
    assert views["portfolio_capability"] == {"score": 4.0, "band": "high", "band_name": "Élevée"}
    assert views["portfolio_balance"][1] == {
        "facet": "mission",
        "actual": 50.0,
        "intended": 83.33,
        "gap": -33.33,
    }
    matrix = result_to_dict(score(skills(), [everyone(2, skills())]), "en")["views"]["matrices"][1]
    assert (matrix["rows_tag"], matrix["columns_tag"]) == ("partner", "stage")
    assert matrix["rows"][0] == {"code": "citizens", "label": "Citizens and service users"}
    assert len(matrix["cells"]) == 36


def test_capability_without_a_band_serialises_as_null() -> None:
    data = result_to_dict(score(portfolio(), [RespondentAnswers("staff", {"p1": 2})]), "en")
    assert data["views"]["portfolio_capability"] == {"score": 2.0, "band": None, "band_name": None}


def test_a_report_puts_each_explanation_next_to_what_it_explains() -> None:
    report = build_report(SAMPLE, [respondent(a1=2, a2=4, a3=5)], targets={"a": 5})
    data = report_to_dict(report, "en")
    assert json.loads(json.dumps(data)) == data
    a = data["dimensions"][0]["explanation"]
    assert a["held_down_by"][0] == {
        "id": "a1",
        "title": "Prompt of a1",
        "value": 2.0,
        "level": 2,
        "level_name": "Emerging",
        "gate": True,
        "next_descriptor": "a1 at level 4",
    }
    assert (a["next_level"], a["next_level_name"]) == (4, "Embedded")
    b = data["dimensions"][1]["explanation"]
    assert b["unanswered"][0]["next_descriptor"] is None and b["next_level_name"] is None
    assert (
        data["overall"]["explanation"]["requirement"]
        == "Give every dimension listed enough answers to get a level."
    )
    plan = data["action_plan"]
    assert plan["targets"] == [
        {
            "dimension": "a",
            "title": "Title a",
            "current_level": 3,
            "target_level": 5,
            "target_level_name": "Leading",
        }
    ]
    assert plan["actions"][0]["descriptor"] == "a1 at level 3"
    assert report_for(report.result, SAMPLE, {"a": 5}) == report


def test_requirements_can_be_absent() -> None:
    data = report_to_dict(
        build_report(SAMPLE, [respondent(c1="not_applicable", c2="not_applicable")])
    )
    assert data["dimensions"][2]["explanation"]["requirement"] is None
