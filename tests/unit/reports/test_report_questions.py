"""The appendix rows: counts per answer, and none for a question asked of too few people."""

from __future__ import annotations

from typing import Any

from assessment.reports.questions import question_tables
from questionnaires import bundled_library

PORTFOLIO = bundled_library().get("innovation-portfolio")


def results(asked: int) -> dict[str, Any]:
    return {
        "items": [
            {"item_id": item.id, "status": "valued", "asked": asked, "value": 2.0}
            for item in PORTFOLIO.items
        ]
    }


def test_each_question_counts_its_answers_by_level_and_by_kind_of_innovation() -> None:
    scale_item = next(i for i in PORTFOLIO.items if i.answer_type != "facet-choice")
    facet_item = next(i for i in PORTFOLIO.items if i.answer_type == "facet-choice")
    level_two = scale_item.option_for_level(2)
    assert level_two is not None
    counts = {
        scale_item.id: {level_two.code: 4, "dont_know": 1},
        facet_item.id: {facet_item.options[0].code: 3},
    }
    tables = question_tables(results(asked=5), PORTFOLIO, counts, 3, "en")
    scale = next(r for r in tables["scale"] if r["prompt"] == scale_item.prompt.en)
    assert scale["shown"] and scale["median"] == "2.00"
    assert scale["answers"].startswith("1: 0 · 2: 4 · 3: 0 · 4: 0 · 5: 0 · I do not know: 1")
    facet = next(r for r in tables["facets"] if r["prompt"] == facet_item.prompt.en)
    counts_by_kind = [part.rsplit(": ", 1) for part in facet["answers"].split(" · ")]
    assert sorted(count for _, count in counts_by_kind[:4]) == ["0", "0", "0", "3"]
    assert counts_by_kind[4] == ["I do not know", "0"]
    assert len(tables["scale"]) + len(tables["facets"]) == len(PORTFOLIO.items)


def test_a_question_asked_of_fewer_people_than_the_minimum_shows_no_counts() -> None:
    item = PORTFOLIO.items[0]
    counts = {item.id: {item.options[0].code: 2}}
    tables = question_tables(results(asked=2), PORTFOLIO, counts, 3, "fr")
    rows = tables["scale"] + tables["facets"]
    assert rows and all(not row["shown"] and "answers" not in row for row in rows)
    assert any(row["prompt"] == item.prompt.fr for row in rows)


def test_shared_comments_follow_their_questions_but_never_a_withheld_one() -> None:
    shown, withheld = PORTFOLIO.items[0], PORTFOLIO.items[1]
    answers = results(asked=5)
    answers["items"][1]["asked"] = 2  # asked of fewer people than the minimum
    comments = {shown.id: ["A first remark", "Another"], withheld.id: ["Would point to me"]}
    tables = question_tables(answers, PORTFOLIO, {}, 3, "en", comments)
    assert tables["comments"] == [
        {"prompt": shown.prompt.en, "comments": ["A first remark", "Another"]}
    ]
