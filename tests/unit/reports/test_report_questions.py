"""The appendix rows: counts per answer, and none for a question asked of too few people."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assessment.reports.questions import question_tables
from assessment.results.capability import InstrumentResult
from questionnaires import bundled_library
from scoring import RespondentAnswers, build_report
from tests.unit.charts.chart_factories import answers, speaking

PORTFOLIO = bundled_library().get("innovation-portfolio")
# Most questions are asked of leaders and staff, a few of leaders only.
LEADERS_ONLY = [i for i in PORTFOLIO.items if i.roles == {"leader"}]
LEADERS_AND_STAFF = [i for i in PORTFOLIO.items if i.roles == {"leader", "staff"}]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with speaking("en"):
        yield


def instrument(*roles: str) -> InstrumentResult:
    """The portfolio questionnaire's result for people of ``roles``, all answering."""
    people = [RespondentAnswers(r, answers(PORTFOLIO, r, n)) for n, r in enumerate(roles)]
    return InstrumentResult(PORTFOLIO, build_report(PORTFOLIO, people), len(roles) >= 3)


def test_each_question_counts_its_answers_by_level_and_by_kind_of_innovation() -> None:
    scale_item = next(i for i in LEADERS_AND_STAFF if i.answer_type != "facet-choice")
    facet_item = next(i for i in LEADERS_AND_STAFF if i.answer_type == "facet-choice")
    level_two = scale_item.option_for_level(2)
    assert level_two is not None
    counts = {
        scale_item.id: {level_two.code: 4, "dont_know": 1},
        facet_item.id: {facet_item.options[0].code: 3},
    }
    result = instrument("leader", "leader", "leader", "staff", "staff")
    tables = question_tables(result, counts, 3)
    scale = next(r for r in tables.scale if r.prompt == scale_item.prompt.get("en"))
    value = result.result.item(scale_item.id)
    assert value is not None and value.value is not None
    assert scale.shown and scale.median == f"{value.value:.2f}"
    assert scale.answers.startswith("1: 0 · 2: 4 · 3: 0 · 4: 0 · 5: 0 · I do not know: 1")
    facet = next(r for r in tables.facets if r.prompt == facet_item.prompt.get("en"))
    counts_by_kind = [part.rsplit(": ", 1) for part in facet.answers.split(" · ")]
    assert sorted(count for _, count in counts_by_kind[:4]) == ["0", "0", "0", "3"]
    assert counts_by_kind[4] == ["I do not know", "0"]
    assert len(tables.scale) + len(tables.facets) == len(PORTFOLIO.items)


def test_a_question_asked_of_fewer_people_than_the_minimum_shows_no_counts() -> None:
    item = LEADERS_AND_STAFF[0]
    counts = {item.id: {item.options[0].code: 2}}
    with speaking("fr"):
        tables = question_tables(instrument("leader", "staff"), counts, 3)
    rows = tables.scale + tables.facets
    assert rows and all(not row.shown and not row.answers and not row.median for row in rows)
    assert any(row.prompt == item.prompt.get("fr") for row in rows)


def test_french_counts_name_their_answers_in_french() -> None:
    with speaking("fr"):
        tables = question_tables(instrument("leader", "leader", "leader"), {}, 3)
    assert tables.scale and all("Je ne sais pas: 0" in r.answers for r in tables.scale)
    assert all(r.median and "." not in r.median for r in tables.scale)


def test_shared_comments_follow_their_questions_but_never_a_withheld_one() -> None:
    shown, withheld = LEADERS_AND_STAFF[0], LEADERS_ONLY[0]
    comments = {shown.id: ["A first remark", "Another"], withheld.id: ["Would point to me"]}
    # Two leaders: the questions asked of leaders only are asked of too few people.
    tables = question_tables(instrument("leader", "leader", "staff", "staff"), {}, 3, comments)
    assert [(q.prompt, q.comments) for q in tables.comments] == [
        (shown.prompt.get("en"), ("A first remark", "Another"))
    ]
    withheld_row = next(
        r for r in tables.scale + tables.facets if r.prompt == withheld.prompt.get("en")
    )
    assert not withheld_row.shown
