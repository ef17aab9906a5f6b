"""The result a snapshot stores: language-neutral, and older rows still read."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.privacy.services import organisation_export
from assessment.survey.scores import ScoreSnapshot
from assessment.survey.scoring import stored_result
from scoring.serialise import FORMAT
from tests.fixtures.benchmarks import add_organisation, add_result

# Keys whose values were words in the rows stored before reasons became codes.
WORDED = {"lang", "title", "level_name", "label_text", "reason_text", "change_type_text",
          "band_name", "next_level_name", "target_level_name", "prompt", "descriptor",
          "next_descriptor", "summary", "requirement"}  # fmt: skip

# A row as the app stored it before (report_to_dict in English), cut down to one of each.
OLD_ROW: dict[str, Any] = {
    "questionnaire": "innovation-portfolio", "version": "1.0.0", "lang": "en", "respondents": 5,
    "overall": {
        "level": 2, "level_name": "Emerging", "score": 2.4, "evidence": "sufficient",
        "explanation": {
            "summary": "The score is 2.40 out of 5 (35 %), in the Emerging band (1.80 to 2.59).",
            "held_down_by": [{"id": "portfolio-management", "title": "Portfolio management",
                              "value": 2.4, "level": 2, "level_name": "Emerging", "gate": False,
                              "next_descriptor": None}],
            "next_level": 3, "next_level_name": "Structured",
            "requirement": "To reach Structured, the score must be at least 2.60.",
            "unanswered": [],
        },
    },
    "dimensions": [{
        "id": "portfolio-management", "title": "Portfolio management", "level": 2,
        "level_name": "Emerging", "score": 2.4,
        "agreement": {"items": 3, "rwg": 0.8, "label": "strong", "label_text": "Strong agreement"},
    }],
    "role_groups": [{"role": "partner", "title": "Partner", "shown": False, "reason": "too_few",
                     "reason_text": "Withheld: fewer than 3 respondents in this group, …"}],
    "views": {
        "matrices": [{"rows_tag": "stage", "columns_tag": "skill",
                      "rows": [{"code": "discover", "label": "Discover"}],
                      "columns": [{"code": "data", "label": "Data"}],
                      "cells": [{"row": "discover", "column": "data", "mean": 2.5}]}],
        "facet_profile": {"answers": 4, "change_type": "single",
                          "change_type_text": "One dominant facet",
                          "shares": [{"facet": "mission", "count": 3, "percent": 75.0,
                                      "label": "Mission-oriented"}]},
        "portfolio_capability": {"score": 2.4, "band": "medium", "band_name": "Medium"},
    },
    "action_plan": {
        "targets": [{"dimension": "portfolio-management", "title": "Portfolio management",
                     "current_level": 2, "target_level": 3, "target_level_name": "Structured"}],
        "actions": [{"rank": 1, "item": "ip-x", "prompt": "A question?", "descriptor": "A step.",
                     "next_level": 3, "next_level_name": "Structured", "priority": 0.6}],
    },
}  # fmt: skip


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for entry in value.values() for k in _keys(entry)}
    if isinstance(value, list):
        return {k for entry in value for k in _keys(entry)}
    return set()


def test_a_scored_round_stores_codes_and_numbers_only(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "1"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        stored = db.session.execute(db.select(ScoreSnapshot.result)).scalars().all()
    assert stored
    for document in stored:
        assert document["format"] == FORMAT
        assert not _keys(document) & (WORDED - {"summary", "requirement"})
        summary = document["overall"]["explanation"]["summary"]
        assert summary and all(set(r) == {"code", "params"} for r in summary)
        assert stored_result(document) is document


def test_a_row_stored_before_reasons_were_codes_reads_without_its_words() -> None:
    read = stored_result(json.loads(json.dumps(OLD_ROW)))
    assert read["format"] == 1
    assert not _keys(read) & WORDED
    # Every number and code is kept.
    assert (read["overall"]["level"], read["overall"]["score"], read["respondents"]) == (2, 2.4, 5)
    assert read["overall"]["explanation"]["next_level"] == 3
    assert read["overall"]["explanation"]["held_down_by"][0] == {
        "id": "portfolio-management", "value": 2.4, "level": 2, "gate": False,
    }  # fmt: skip
    assert read["dimensions"][0]["agreement"]["label"] == "strong"
    assert read["role_groups"][0] == {"role": "partner", "shown": False, "reason": "too_few"}
    matrix = read["views"]["matrices"][0]
    assert (matrix["rows"], matrix["columns"]) == (["discover"], ["data"])
    assert read["views"]["facet_profile"]["shares"] == [
        {"facet": "mission", "count": 3, "percent": 75.0}
    ]
    assert read["views"]["portfolio_capability"] == {"score": 2.4, "band": "medium"}
    assert read["action_plan"]["actions"][0] == {
        "rank": 1, "item": "ip-x", "next_level": 3, "priority": 0.6,
    }  # fmt: skip


def test_the_data_export_reads_old_and_new_rows_alike(app: Flask) -> None:
    with app.app_context():
        organisation: Organisation = add_organisation("old-rows", "FR")
        add_result(organisation, 2.4)
        snapshot = db.session.execute(db.select(ScoreSnapshot)).scalar_one()
        snapshot.result = OLD_ROW
        db.session.commit()
        exported = organisation_export(organisation)
    (results,) = [r["results"] for r in exported["rounds"]]
    assert len(results) == 1 and results[0]["format"] == 1
    assert not _keys(results) & WORDED
    assert "The score is" not in json.dumps(results)
