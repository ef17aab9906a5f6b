"""The results page in a real Chromium: Plotly draws every chart, tables are there, axe is clean."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from assessment.demo.assessments import DEMO_COMMENTS
from tests.fixtures.browser import (
    VIEWPORTS,
    LiveServer,
    assert_accessible,
    migrated_app,
    seed_demo,
    serving,
    sign_in_as_demo_coordinator,
)

pytestmark = pytest.mark.browser

RESULTS = "/organisations/demo-agency/rounds/1/results"  # 10 people: every chart
SMALL_RESULTS = "/organisations/demo-agency/rounds/2/results"  # 1 person: profiles and trend


@pytest.fixture(scope="module")
def results_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app over HTTP with two demo organisations and their scored rounds (quick to seed)."""
    database = tmp_path_factory.mktemp("results") / "results.sqlite3"
    app = migrated_app(database, SECRET_KEY="results-test-key")
    seed_demo(app, "--organisations", "2")
    with serving(app) as server:
        yield server


def console_errors(message: Any) -> list[str]:
    """Errors the page logs (a refused script or style would show here), but the favicon."""
    if message.type != "error" or "favicon" in message.location.get("url", ""):
        return []
    return [message.text]


def draw_every_chart(page: Any) -> int:
    """Scroll each chart into view (they are drawn as they come near) and wait for Plotly."""
    plots = page.locator("[data-chart-json]")
    count = plots.count()
    for index in range(count):
        plot = plots.nth(index)
        plot.scroll_into_view_if_needed()
        plot.locator("svg.main-svg").first.wait_for(state="attached")
    return count


@pytest.mark.parametrize(
    ("lang", "path", "charts", "radar_title", "radar_rows"),
    [
        ("en", RESULTS, 16, "Leadership for innovation: score per dimension", 7),
        # The open round has one submission: no result, so French is checked on the whole one.
        ("fr", RESULTS, 16, "L'encadrement face à l'innovation : score par dimension", 7),
    ],
)  # fmt: skip
def test_the_results_page_draws_every_chart_with_its_table_and_passes_axe(
    results_server: LiveServer,
    page: Any,
    lang: str,
    path: str,
    charts: int,
    radar_title: str,
    radar_rows: int,
) -> None:
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.extend(console_errors(message)))
    sign_in_as_demo_coordinator(page, results_server)
    page.goto(results_server(f"{path}?lang={lang}"))
    assert page.locator("html").get_attribute("lang") == lang

    assert draw_every_chart(page) == charts
    assert page.locator("[data-chart-json] svg.main-svg").count() >= charts
    figure = page.locator("figure#radar-leadership-mindsets")
    assert figure.locator("figcaption h3").inner_text() == radar_title
    plot = figure.locator("[role=img]")
    assert plot.get_attribute("aria-label") == figure.locator("figcaption p").inner_text()
    # The heading above is the chart's title: the drawing does not repeat it; no tool bar.
    assert figure.locator(".gtitle").count() == 0 or figure.locator(".gtitle").inner_text() == ""
    assert page.locator(".modebar").count() == 0
    # Every chart has its data as a real table, one button away.
    assert page.locator("figure.app-chart table.govuk-table").count() == charts
    figure.locator("button[data-chart-toggle]").click()
    assert figure.locator("table tbody tr").count() == radar_rows
    assert figure.locator("table").is_visible()
    # The shared comments are on the page axe checks (only the larger result has them).
    shared = sum(len(comments) for comments, quotable in DEMO_COMMENTS if quotable)
    assert page.locator("ul.app-comments li").count() == (shared if path == RESULTS else 0)
    assert problems == []
    assert_accessible(page)


def test_the_keyboard_never_lands_inside_a_chart(results_server: LiveServer, page: Any) -> None:
    sign_in_as_demo_coordinator(page, results_server)
    page.goto(results_server(RESULTS))
    draw_every_chart(page)
    focusable_inside = page.evaluate(
        """() => [...document.querySelectorAll('[data-chart-json] *')]
            .filter(e => e.tabIndex >= 0 && !e.disabled).length"""
    )
    assert focusable_inside == 0
    figure = page.locator("figure#radar-leadership-mindsets")
    figure.locator("button[data-chart-toggle]").focus()
    page.keyboard.press("Enter")
    assert figure.locator("button[data-chart-toggle]").get_attribute("aria-expanded") == "true"
    assert figure.locator("table").is_visible()


DUE = "leadership-mindsets-target_mandate_and_strategy_due"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize(
    ("lang", "month_error"),
    [
        ("en", "the month must be a number from 1 to 12"),
        ("fr", "le mois doit être un nombre de 1 à 12"),
    ],
)
def test_a_due_date_is_typed_in_day_month_and_year_boxes_and_errors_name_the_part(
    results_server: LiveServer,
    open_page: Callable[..., Any],
    lang: str,
    month_error: str,
    viewport: str,
) -> None:
    from playwright.sync_api import expect

    page = open_page(timeout=20_000, viewport=VIEWPORTS[viewport])
    sign_in_as_demo_coordinator(page, results_server)
    page.goto(results_server(f"{RESULTS}?lang={lang}"))
    boxes = [
        page.locator(f"#{DUE}"),
        page.locator(f"#{DUE}-month"),
        page.locator(f"#{DUE}-year"),
    ]
    # Three labelled boxes in a fieldset whose legend names the dimension.
    group = boxes[0].locator("xpath=ancestor::fieldset[1]")
    legend = {"en": "Due date of the actions in", "fr": "Échéance"}[lang]
    expect(group.locator("xpath=./legend")).to_contain_text(legend)
    for box, value in zip(boxes, ("30", "13", "2027"), strict=True):
        assert box.get_attribute("inputmode") == "numeric"
        box.fill(value)
    boxes[0].press("Enter")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(month_error)
    expect(page.locator(f"#{DUE}-error")).to_contain_text(month_error)
    # What was typed stays, to be corrected; the summary's link lands in the day box.
    assert [box.input_value() for box in boxes] == ["30", "13", "2027"]
    summary.locator(f'a[href="#{DUE}"]').click()
    expect(boxes[0]).to_be_focused()
    assert_accessible(page)

    boxes[1].fill("6")
    boxes[1].press("Enter")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator(f"#{DUE}-month")).to_have_value("6")
