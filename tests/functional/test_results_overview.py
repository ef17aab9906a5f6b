"""The overview above the results page's details, and its compact form on the dashboard."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from tests.fixtures import journeys
from tests.functional.test_results_page import QUESTIONNAIRE_TITLES, Demo, seed_results


@pytest.fixture(scope="module")
def demo(module_app: Flask) -> Demo:
    """Seeded once for the module; each test's writes are rolled back (see ``module_app``)."""
    return seed_results(module_app)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def overview_of(html: str) -> str:
    start = html.index('aria-labelledby="overview-title"')
    return html[start : html.index("</section>", start)]


def test_the_overview_comes_first_with_levels_changes_and_priorities(
    app: Flask, demo: Demo
) -> None:
    html = journeys.coordinator(app).get(demo.completed).text
    # Above the first questionnaire's section, after the list of the page's sections.
    assert html.index('id="contents-title"') < html.index('id="overview-title"')
    assert html.index('id="overview-title"') < html.index('id="leadership-mindsets-title"')
    overview = text_of(overview_of(html))
    for title in QUESTIONNAIRE_TITLES:
        assert re.search(re.escape(title) + r" Score \d\.\d\d, level \d – [A-Z][a-z]+", overview)
    # Two demo organisations are too few for peer quartiles: the reason, not a band.
    assert "peers' middle half not shown: " in overview
    assert "app-level-scale__band" not in overview_of(html)
    assert "What changed since the last round" in overview
    assert "since Demo assessment 2024" in overview  # the earlier round of two questionnaires
    assert "Three priorities" in overview
    priorities = re.findall(r"<li><strong>([^<]+)</strong> \(([^)]+)\)<br>", overview_of(html))
    assert len(priorities) == 3 and all(q in QUESTIONNAIRE_TITLES for _d, q in priorities)
    # Titles, never codes; levels always with their names.
    assert "leadership-mindsets" not in overview and "innovation-skills" not in overview
    assert not re.search(r"level \d(?! –)", overview)


def test_every_section_the_page_lists_is_a_focusable_heading(app: Flask, demo: Demo) -> None:
    html = journeys.coordinator(app).get(demo.completed).text
    nav = html[html.index('aria-labelledby="contents-title"') :]
    nav = nav[: nav.index("</nav>")]
    targets = re.findall(r'href="#([a-z-]+)"', nav)
    assert len(targets) == 1 + len(QUESTIONNAIRE_TITLES) + 4
    for target in targets:
        assert re.search(rf'<h2 class="govuk-heading-l" id="{target}" tabindex="-1">', html), target


def test_the_overview_follows_the_language(app: Flask, demo: Demo) -> None:
    html = journeys.coordinator(app).get(demo.completed + "?lang=fr").text
    overview = text_of(overview_of(html))
    assert "Vue d'ensemble" in overview and "Trois priorités" in overview
    row = r"Score \d,\d\d, niveau \d – \w+ ; moitié centrale des pairs non affichée"
    assert re.search(row, overview)


def test_the_dashboard_shows_the_latest_result_on_the_scale_and_links_to_it(
    app: Flask, demo: Demo
) -> None:
    html = journeys.coordinator(app).get("/organisations/demo-agency/").text
    start = html.index('aria-labelledby="latest-result-title"')
    latest = html[start : html.index("</section>", start)]
    text = text_of(latest)
    assert "Latest result: Demo assessment 2025" in text
    assert latest.count('class="app-level-scale__row"') == len(QUESTIONNAIRE_TITLES)
    for title in QUESTIONNAIRE_TITLES:
        assert title in text
    assert f'href="{demo.completed}#leadership-mindsets-title"' in latest
    assert f'href="{demo.completed}"' in latest
