"""The results overview in a real Chromium, on a phone and a laptop, in English and French.

The overview sits above the first questionnaire's section and names every level and
questionnaire in words; its links and the "On this page" list move the focus to their
section; nothing scrolls sideways at 390 px; axe finds nothing. The demo's sixty
organisations are enough for the peers' middle half to be shown.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import LiveServer, assert_accessible, sign_in_as_demo_coordinator

pytestmark = pytest.mark.browser

RESULTS = "/organisations/demo-agency/rounds/1/results"  # the demo agency's 2025 round
DASHBOARD = "/organisations/demo-agency/"
CODES = ("leadership-mindsets", "innovation-skills", "ecosystem-partners", "innovation-portfolio")
VIEWPORTS = [(390, 844), (1280, 800)]
WORDS = {
    "en": {"overview": "Overview", "quality": "Quality of the data", "level": "level",
           "band": "peers' middle half"},
    "fr": {"overview": "Vue d'ensemble", "quality": "Qualité des données", "level": "niveau",
           "band": "moitié centrale des pairs"},
}  # fmt: skip


def sign_in(page: Any, server: LiveServer) -> None:
    # The results page of a sixty-organisation demo is long: give its loads more time
    # than the fixture's default on a shared machine.
    page.set_default_timeout(30_000)
    sign_in_as_demo_coordinator(page, server)


def fits_the_width(page: Any) -> bool:
    return bool(page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth"))


def without_bare_levels(text: str, level: str) -> bool:
    # Every level number comes with its name: "3 – Structured", never "level 3" alone.
    return re.search(rf"\b{level} \d(?! – )", text) is None


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["phone", "laptop"])
def test_the_overview_leads_the_results_page_and_its_links_move_the_focus(
    live_server: LiveServer, page: Any, lang: str, viewport: tuple[int, int]
) -> None:
    words = WORDS[lang]
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    sign_in(page, live_server)
    page.goto(live_server(f"{RESULTS}?lang={lang}"), wait_until="domcontentloaded")

    overview = page.locator("section.app-overview")
    expect(overview.get_by_role("heading", level=2)).to_have_text(words["overview"])
    first_section = page.locator("#leadership-mindsets-title")
    assert overview.bounding_box()["y"] < first_section.bounding_box()["y"]

    rows = overview.locator(".app-level-scale__row")
    expect(rows).to_have_count(4)
    titles = rows.locator(".app-level-scale__title").all_inner_texts()
    assert all(title and title not in CODES for title in titles)
    sentences = rows.locator(".app-level-scale__sentence").all_inner_texts()
    for sentence in sentences:
        assert re.search(rf"{words['level']} \d – \w", sentence), sentence
        assert words["band"] in sentence  # sixty organisations: the band is shown
    expect(overview.locator(".app-level-scale__band")).to_have_count(4)
    text = overview.inner_text()
    assert not any(code in text for code in CODES)
    assert without_bare_levels(text, words["level"])

    assert fits_the_width(page)

    # "On this page" leads to the quality section: it scrolls there and takes the focus.
    page.locator("nav.app-on-this-page").get_by_role("link", name=words["quality"]).click()
    quality = page.locator("#quality-title")
    expect(quality).to_be_focused()
    expect(quality).to_be_in_viewport()
    # A row's title leads to its questionnaire's section.
    page.goto(live_server(f"{RESULTS}?lang={lang}"), wait_until="domcontentloaded")
    rows.nth(1).get_by_role("link").click()
    expect(page.locator("#innovation-skills-title")).to_be_focused()
    expect(page.locator("#innovation-skills-title")).to_be_in_viewport()

    assert_accessible(page)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["phone", "laptop"])
def test_the_dashboard_shows_the_latest_result_on_the_same_scale(
    live_server: LiveServer, page: Any, lang: str, viewport: tuple[int, int]
) -> None:
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    sign_in(page, live_server)
    page.goto(live_server(f"{DASHBOARD}?lang={lang}"))

    latest = page.locator("section[aria-labelledby=latest-result-title]")
    expect(latest.locator(".app-level-scale__row")).to_have_count(4)
    assert not any(code in latest.inner_text() for code in CODES)
    assert without_bare_levels(latest.inner_text(), WORDS[lang]["level"])
    assert fits_the_width(page)
    assert_accessible(page)

    latest.locator(".app-level-scale__title a").first.click()
    page.wait_for_url(f"**{RESULTS}#leadership-mindsets-title")
    expect(page.locator("#leadership-mindsets-title")).to_be_focused()
