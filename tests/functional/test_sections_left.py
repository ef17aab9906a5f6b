"""Sections left: the task list counts answers, and each link goes where work remains."""

from __future__ import annotations

import re

from flask import Flask

from tests.fixtures import journeys
from tests.fixtures.transactions import QUESTION_PAGE_READ

pytestmark = QUESTION_PAGE_READ

SECTIONS = ("leadership-mindsets", "innovation-skills")


def test_sections_left_link_to_their_next_question_with_a_count(app: Flask) -> None:
    journeys.seed_demo(app)
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, SECTIONS)
    journeys.invite(coordinator, round_path, ["ana@example.org"], "staff")
    link = journeys.links_by_email(coordinator)["ana@example.org"]
    person = app.test_client()
    first_questions = journeys.question_paths(person, link)
    first = next(p for p in first_questions if f"/{SECTIONS[0]}/" in p)
    second = next(p for p in first_questions if f"/{SECTIONS[1]}/" in p)
    journeys.answer_section(person, first, lambda _i: "l3", stop_after=3)

    tasks = person.get(link + "tasks").text
    counted = re.search(r"3 of (\d+) answered", tasks)
    assert counted, tasks
    assert "In progress" not in tasks
    submit = person.get(link + "submit").text
    listed = re.findall(r'<li><a class="govuk-link" href="([^"]+)">', submit)
    assert len(listed) == 2
    # Each goes to the first question not answered in its section, not the task list.
    fourth = re.findall(rf'href="(/respond/[^"]+/{SECTIONS[0]}/[a-z0-9-]+)"', tasks)[0]
    assert listed[0] == fourth and fourth != first
    assert listed[1] == second
    assert f"3 of {counted.group(1)} answered" in submit
