"""The demo respondent's dashboard in a real Chromium: their own round, their own link.

On a phone and a desktop, in English and French, checked with axe-core at every impact.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from assessment.demo.assessments import IN_PROGRESS_TITLE
from assessment.demo.seeding import DEMO_RESPONDENT
from tests.fixtures import journeys
from tests.fixtures.browser import VIEWPORTS, LiveServer, assert_accessible

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_demo_respondent_finds_their_round_and_follows_their_link(
    live_server: LiveServer, open_page: Callable[..., Any], lang: str, viewport: str
) -> None:
    page = open_page(viewport=VIEWPORTS[viewport])
    page.goto(live_server(f"/account/sign-in?lang={lang}"))
    page.locator("#email").fill(DEMO_RESPONDENT)
    page.locator("#password").fill(journeys.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/dashboard")
    invitations = page.locator("main ul.app-own-invitations > li")
    expect(invitations).to_have_count(1)
    expect(invitations.first).to_contain_text(IN_PROGRESS_TITLE)
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page)
    invitations.first.locator("a[href*='/respond/']").click()
    page.wait_for_url("**/respond/**")
    expect(page.locator("main h1")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page)
