"""Charts read on a phone and on a desktop: every label inside its drawing, none on another.

The results page of the demo agency and the analyst's benchmark explorer, at 390×844
and 1280×800, in English and French, in a real Chromium. For every chart: each text of
the drawing lies inside the drawing's box and is at least 11 px; value labels do not
cover each other, nor do axis labels; the "Show as table" button switches between the
chart and its data table from the keyboard. Without JavaScript the table is simply there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.test_benchmark_explorer import explorer_server  # noqa: F401 (fixture)
from tests.browser.test_results_page import (
    RESULTS,
    draw_every_chart,
    results_server,  # noqa: F401 (fixture)
)
from tests.fixtures.benchmarks import PASSWORD, QUESTIONNAIRE
from tests.fixtures.browser import (
    VIEWPORTS,
    LiveServer,
    assert_accessible,
    sign_in,
    sign_in_as_demo_coordinator,
)

pytestmark = pytest.mark.browser

PHONE = VIEWPORTS["phone"]
SIZES = [pytest.param(PHONE, id="390"), pytest.param(VIEWPORTS["desktop"], id="1280")]
LANGS = ["en", "fr"]
EXPLORER = f"/analyst/explorer?questionnaire={QUESTIONNAIRE}&group_by=government_level"
SMALLEST_FONT_PX = 11

# Every problem of one drawn chart, as sentences: texts outside the drawing, texts too
# small, value labels on value labels, axis labels on axis labels, a value closer than
# %(gap)d px to a label, a colour scale's title on its scale.
CHART_CHECK = """(plot) => {
  const problems = []
  const svg = plot.querySelector('svg.main-svg')
  if (!svg) { return ['not drawn'] }
  const box = svg.getBoundingClientRect()
  const texts = [...plot.querySelectorAll('svg text')].filter(t => {
    const r = t.getBoundingClientRect()
    return t.textContent.trim() !== '' && r.width > 0 && r.height > 0
  })
  const slack = 1
  for (const t of texts) {
    const r = t.getBoundingClientRect()
    if (r.left < box.left - slack || r.right > box.right + slack ||
        r.top < box.top - slack || r.bottom > box.bottom + slack) {
      problems.push('outside the drawing: "' + t.textContent + '"')
    }
    const size = parseFloat(getComputedStyle(t).fontSize)
    if (size < %(smallest)d) { problems.push('font ' + size + 'px: "' + t.textContent + '"') }
  }
  const overlap = (a, b) => {
    const p = a.getBoundingClientRect(), q = b.getBoundingClientRect()
    return p.left < q.right - slack && q.left < p.right - slack &&
      p.top < q.bottom - slack && q.top < p.bottom - slack
  }
  const groups = {
    values: 'g.textpoint text, text.bartext',
    'axis labels': 'g.xtick text, g.ytick text, g.angularaxistick text',
  }
  for (const [name, selector] of Object.entries(groups)) {
    const found = [...plot.querySelectorAll(selector)].filter(t => texts.includes(t))
    for (let i = 0; i < found.length; i++) {
      for (let j = i + 1; j < found.length; j++) {
        if (overlap(found[i], found[j])) {
          problems.push(name + ' overlap: "' + found[i].textContent + '" and "' +
            found[j].textContent + '"')
        }
      }
    }
  }
  // A value written over a name (a radar's spoke, a bar's category) is as unreadable,
  // and one touching it reads as one word ("4.75research").
  const near = (a, b) => {
    const p = a.getBoundingClientRect(), q = b.getBoundingClientRect()
    return p.left < q.right + %(gap)d && q.left < p.right + %(gap)d &&
      p.top < q.bottom + %(gap)d && q.top < p.bottom + %(gap)d
  }
  const values = [...plot.querySelectorAll(groups.values)].filter(t => texts.includes(t))
  const names = [...plot.querySelectorAll(groups['axis labels'])].filter(t => texts.includes(t))
  for (const value of values) {
    for (const name of names) {
      if (%(gap)d > 0 ? near(value, name) : overlap(value, name)) {
        problems.push('value on a label: "' + value.textContent + '" and "' +
          name.textContent + '"')
      }
    }
  }
  // A colour scale's title written over its bar or its numbers.
  for (const bar of plot.querySelectorAll('g.colorbar')) {
    const title = bar.querySelector('.cbtitle text')
    if (!title || !texts.includes(title)) { continue }
    for (const part of bar.querySelectorAll('rect.cbfill, .cbaxis text')) {
      if (overlap(title, part)) {
        problems.push('colour scale title on its scale: "' + title.textContent + '"')
      }
    }
  }
  return problems
}""".replace("%(smallest)d", str(SMALLEST_FONT_PX))


def chart_check(gap_px: int) -> str:
    """The check of one drawn chart, a value kept at least ``gap_px`` from every label."""
    return CHART_CHECK.replace("%(gap)d", str(gap_px))


# On the page a value may come as close to a label as their glyphs allow.
CHART_PROBLEMS = chart_check(0)


@pytest.fixture()
def sized(open_page: Callable[..., Any], request: pytest.FixtureRequest) -> Any:
    """A page of the viewport given as the test's ``viewport`` parameter."""
    return open_page(timeout=30_000, viewport=request.getfixturevalue("viewport"))


def chart_problems(page: Any) -> dict[str, list[str]]:
    """Each drawn chart's problems, by the id of its figure (charts without any left out)."""
    found = {}
    figures = page.locator("figure.app-chart:has([data-chart-json])")
    for index in range(figures.count()):
        figure = figures.nth(index)
        problems = figure.locator("[data-chart-json]").evaluate(CHART_PROBLEMS)
        if problems:
            found[figure.get_attribute("id")] = problems
    return found


def describe(problems: dict[str, list[str]]) -> str:
    """Every problem, one line each, under its chart's id."""
    return "\n".join(
        f"{chart}: {problem}" for chart, found in problems.items() for problem in found
    )


def toggle_by_keyboard(page: Any, figure_id: str, lang: str) -> None:
    """Tab to the figure's toggle, press Enter twice: table, then chart, focus kept."""
    from playwright.sync_api import expect

    labels = {
        "en": ("Show as table", "Show as chart"),
        "fr": ("Afficher sous forme de tableau", "Afficher sous forme de graphique"),
    }[lang]
    figure = page.locator(f"figure#{figure_id}")
    plot, table = figure.locator("[data-chart-json]"), figure.locator("table")
    button = figure.locator("button[data-chart-toggle]")
    expect(button).to_contain_text(labels[0])
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(plot).to_be_visible()
    expect(table).to_be_hidden()
    # Clicking the caption's text moves the starting point of sequential navigation there.
    figure.locator("figcaption p").click()
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(table).to_be_visible()
    expect(plot).to_be_hidden()
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(button).to_contain_text(labels[1])
    controlled = button.get_attribute("aria-controls")
    assert controlled and figure.locator(f"#{controlled}").locator("table").count() == 1
    assert figure.locator("[role=status]").inner_text().strip() != ""
    page.keyboard.press("Enter")
    expect(plot).to_be_visible()
    expect(table).to_be_hidden()
    expect(button).to_be_focused()
    expect(button).to_contain_text(labels[0])
    expect(button).to_have_attribute("aria-expanded", "false")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("viewport", SIZES)
def test_results_page_charts_fit_and_switch_to_tables(
    results_server: LiveServer,  # noqa: F811
    sized: Any,
    viewport: dict[str, int],
    lang: str,
) -> None:
    page = sized
    sign_in_as_demo_coordinator(page, results_server)
    page.goto(results_server(f"{RESULTS}?lang={lang}"))
    assert draw_every_chart(page) == 16
    problems = chart_problems(page)
    assert not problems, describe(problems)
    toggle_by_keyboard(page, "radar-leadership-mindsets", lang)
    toggle_by_keyboard(page, "skills-by-stage-innovation-skills", lang)
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("viewport", SIZES)
def test_explorer_charts_fit_and_switch_to_tables(
    explorer_server: LiveServer,  # noqa: F811
    sized: Any,
    viewport: dict[str, int],
    lang: str,
) -> None:
    page = sized
    sign_in(page, explorer_server, "analyst@example.org", PASSWORD, "**/dashboard")
    page.goto(explorer_server(f"{EXPLORER}&lang={lang}"))
    assert draw_every_chart(page) == 2
    problems = chart_problems(page)
    assert not problems, describe(problems)
    toggle_by_keyboard(page, "benchmark-heatmap", lang)
    assert_accessible(page)


def test_without_javascript_every_table_is_shown_and_no_toggle(
    open_page: Callable[..., Any],
    results_server: LiveServer,  # noqa: F811
) -> None:
    # Playwright's own default timeout, as before this page came from the shared fixture.
    page = open_page(timeout=30_000, viewport=PHONE, java_script_enabled=False)
    sign_in_as_demo_coordinator(page, results_server)
    page.goto(results_server(RESULTS))
    figures = page.locator("figure.app-chart:has([data-chart-json])")
    assert figures.count() == 16
    for index in range(figures.count()):
        assert figures.nth(index).locator("table").is_visible()
    assert page.get_by_role("button", name="Show as table").count() == 0
