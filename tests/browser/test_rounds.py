"""Running a round in a real Chromium, on a phone and a desktop, in English and French.

Opening a round with the date boxes, two addresses on one line checked on their own page
before sending (and "Change the list" keeping the text), closing after the
confirmation page (then nothing is sent, and links say "closed" first), reopening by
changing the date (stated and confirmed), a French invitation's landing page and a
revoked link's page: each state checked with axe-core, every impact level.

Selectors avoid interface wording where possible, so that both languages run the same
steps; set-up that is not under test goes through the test client.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.fixtures import journeys
from tests.fixtures.browser import VIEWPORTS, LiveServer, assert_accessible

pytestmark = pytest.mark.browser


def _check(page: Any, lang: str) -> None:
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == lang, page.url
    assert_accessible(page)


def _type_date(page: Any, field: str, day: date) -> None:
    page.locator(f"#{field}").fill(str(day.day))
    page.locator(f"#{field}-month").fill(str(day.month))
    page.locator(f"#{field}-year").fill(str(day.year))


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_coordinator_opens_invites_closes_and_reopens_a_round(
    live_server: LiveServer, open_page: Callable[..., Any], lang: str, viewport: str
) -> None:
    page = open_page(viewport=VIEWPORTS[viewport])
    page.goto(live_server(f"/account/sign-in?lang={lang}"))
    page.locator("#email").fill("coordinator@demo.example")
    page.locator("#password").fill(journeys.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/organisations/demo-agency/")

    # Open a round: date boxes, the country's zone chosen, consent left to choose.
    page.goto(live_server("/organisations/demo-agency/rounds/new"))
    _check(page, lang)
    assert page.locator("#time_zone").input_value() == "America/Toronto"
    assert page.locator("input[name=consent]:checked").count() == 0
    title = f"Round {uuid.uuid4().hex[:6]}"
    page.locator("#title").fill(title)
    page.locator("input[name=questionnaires]").first.check()
    today = date.today()
    _type_date(page, "opens_on", today - timedelta(days=1))
    _type_date(page, "closes_on", today + timedelta(days=14))
    page.locator("#consent").check()
    page.locator("main form button[type=submit]").click()
    page.get_by_role("heading", level=1, name=title).wait_for()
    round_url = page.url
    _check(page, lang)

    # Two addresses typed on one line: two invitations; a repeat and a slip are
    # shown on the check page, and nothing is sent before "Send 2 invitations".
    first, second = (f"{n}-{uuid.uuid4().hex[:8]}@example.org" for n in ("ana", "ben"))
    typed = f"{first}, {second}\n{first}\nx@"
    page.locator("#emails").fill(typed)
    page.locator("#language").select_option("fr")
    page.locator("form[action$='/invitations'] button[type=submit]").click()
    send = page.locator("form[action$='/invitations/confirm'] button[type=submit]")
    send.wait_for()
    _check(page, lang)
    lists = page.locator("main ul.app-address-list")
    expect(lists.nth(0).locator("li")).to_have_text([first, second])
    expect(lists.nth(1)).to_contain_text(first)
    expect(lists.nth(2)).to_contain_text("x@")
    assert (
        journeys.links_by_email(journeys.coordinator(live_server.app))
        .keys()
        .isdisjoint({first, second})
    )
    # "Change the list" goes back with the text as typed, role and language kept.
    page.locator("form[action$='/invitations/change'] button[type=submit]").click()
    expect(page.locator("#emails")).to_have_value(typed)
    expect(page.locator("#language")).to_have_value("fr")
    _check(page, lang)
    page.locator("form[action$='/invitations'] button[type=submit]").click()
    send.click()
    page.locator(".govuk-notification-banner--success").wait_for()
    rows = page.locator("main table tbody tr th[scope=row]").all_inner_texts()
    assert first in rows and second in rows
    _check(page, lang)

    client = journeys.coordinator(live_server.app)
    links = journeys.links_by_email(client)
    # The French invitation's link opens in French in an English-preferring browser.
    person = open_page(viewport=VIEWPORTS[viewport])
    person.goto(live_server(links[first] + "?lang=fr"))
    _check(person, "fr")

    # Close: the confirmation page first, then the round and its links say closed.
    page.goto(round_url)
    page.locator(f"main a[href$='{round_url.split(live_server(''))[-1]}close']").click()
    page.wait_for_url("**/close")
    _check(page, lang)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(round_url)
    assert page.locator("main a[href$='close']").count() == 0
    _check(page, lang)
    person.goto(live_server(links[second] + f"?lang={lang}"))
    first_text = person.locator("main h1").inner_text()
    assert first_text in ("This assessment is closed", "Cette évaluation est clôturée")
    _check(person, lang)

    # Reopen by changing the date: stated, then confirmed.
    _type_date(page, "closes_on", today + timedelta(days=30))
    page.locator("form[action$='/extend'] button[type=submit]").click()
    page.locator("main form input[name=confirmed][value=yes]").wait_for(state="attached")
    assert str((today + timedelta(days=30)).year) in page.locator("main").inner_text()
    _check(page, lang)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(round_url)
    assert page.locator("main a[href$='close']").count() == 1

    # A revoked link's page says to ask for a new link, with no way to a sign-in.
    page.locator("form[action$='/revoke'] button").first.click()
    page.wait_for_url(round_url)
    revoked = journeys.links_by_email(client)
    dead = [email for email in (first, second) if email in revoked]
    person.goto(live_server(revoked[dead[0]] + f"?lang={lang}"))
    main = person.locator("main")
    assert main.locator("a[href*='sign-in']").count() == 0
    assert re.search(r"(new link|nouveau lien)", main.inner_text())
    _check(person, lang)
