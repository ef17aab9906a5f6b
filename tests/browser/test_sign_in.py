"""Signing in with a real browser, checked with axe-core on every page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import LiveServer, assert_accessible

pytestmark = pytest.mark.browser


def test_the_demo_coordinator_signs_in_and_sees_the_dashboard(
    live_server: LiveServer, page: Any
) -> None:
    page.goto(live_server("/"))
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").first.click()
    page.wait_for_url("**/account/sign-in")
    assert_accessible(page)
    page.get_by_label("Email address").fill("coordinator@demo.example")
    page.get_by_label("Password", exact=True).fill("innovate-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/organisations/demo-agency/")
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Demo Agency for Public Innovation (demo)"
    )
    assert_accessible(page)


def test_a_wrong_password_shows_an_accessible_error_that_receives_focus(
    live_server: LiveServer, page: Any
) -> None:
    page.goto(live_server("/account/sign-in"))
    page.get_by_label("Email address").fill("coordinator@demo.example")
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Enter a correct email address and password" in summary.inner_text()
    assert page.title().startswith("Error:")
    # Playwright's own matcher waits for the focus: a predicate string would be run by
    # eval, which the page's Content-Security-Policy refuses.
    expect(summary).to_be_focused()
    assert_accessible(page)


def test_the_sign_in_page_is_accessible_in_french(live_server: LiveServer, page: Any) -> None:
    page.goto(live_server("/account/sign-in?lang=fr"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text() == "Se connecter"
    # govuk-frontend's script reveals the password button with its own English words
    # unless given ours.
    toggle = page.locator(".govuk-password-input__toggle")
    toggle.wait_for(state="visible")
    assert toggle.inner_text().strip() == "Afficher"
    toggle.click()
    assert toggle.inner_text().strip() == "Masquer"
    assert_accessible(page)


def test_sign_in_works_with_the_keyboard_alone(live_server: LiveServer, page: Any) -> None:
    page.goto(live_server("/account/sign-in"))
    page.keyboard.press("Tab")  # skip link
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.get_by_label("Email address").focus()
    page.keyboard.type("coordinator@demo.example")
    page.keyboard.press("Tab")
    page.keyboard.type("innovate-demo-2026")
    page.keyboard.press("Enter")
    page.wait_for_url("**/organisations/demo-agency/")
