"""The account and access pages in a real browser: axe-clean in English and French, by keyboard."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import LiveServer, assert_accessible, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "innovate-demo-2026"


def _sign_in(page: Any, live_server: LiveServer, email: str) -> None:
    sign_in(page, live_server, email, PASSWORD, lambda url: "/sign-in" not in url)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pages_of_each_role_are_accessible(
    live_server: LiveServer, page: Any, lang: str
) -> None:
    pages = {
        "coordinator@demo.example": [
            "/account/",
            "/account/email",
            "/account/two-step/set-up",
            "/organisations/demo-agency/people",
        ],
        "national@demo.example": ["/national/CA/agencies"],
        "admin@demo.example": ["/admin/people", "/admin/audit?person=coordinator@demo.example"],
    }
    for email, paths in pages.items():
        page.context.clear_cookies()
        _sign_in(page, live_server, email)
        for path in paths:
            separator = "&" if "?" in path else "?"
            page.goto(live_server(f"{path}{separator}lang={lang}"))
            assert page.locator("html").get_attribute("lang") == lang
            assert_accessible(page)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_forgot_password_pages_are_accessible(
    live_server: LiveServer, page: Any, lang: str
) -> None:
    page.goto(live_server(f"/account/forgot-password?lang={lang}"))
    assert_accessible(page)
    page.get_by_role("button").last.click()  # nothing typed: the error summary
    expect(page.locator(".govuk-error-summary")).to_be_focused()  # no eval under the CSP
    assert_accessible(page)
    page.goto(live_server(f"/account/reset-password/not-a-link?lang={lang}"))
    assert_accessible(page)


def test_asking_for_a_reset_works_with_the_keyboard_alone(
    live_server: LiveServer, page: Any
) -> None:
    page.goto(live_server("/account/sign-in"))
    page.get_by_role("link", name="Forgot your password?").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/forgot-password")
    page.get_by_label("Email address").focus()
    page.keyboard.type("nobody-here@demo.example")
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="Check your email").wait_for()
    assert_accessible(page)


def test_a_coordinator_invites_a_leader_with_the_keyboard(
    live_server: LiveServer, page: Any
) -> None:
    _sign_in(page, live_server, "coordinator@demo.example")
    page.goto(live_server("/organisations/demo-agency/people"))
    page.get_by_label("Email address", exact=True).focus()
    page.keyboard.type("head-of-unit@demo.example")
    page.keyboard.press("Tab")  # name (optional)
    page.keyboard.press("Tab")  # role
    page.keyboard.press("ArrowDown")  # leader is first, coordinator second: then back up
    page.keyboard.press("ArrowUp")
    page.get_by_role("button", name="Send the invitation").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Invitation sent to head-of-unit@demo.example.").wait_for()
    assert (
        "head-of-unit@demo.example"
        in page.locator("#invitations-caption").locator("..").inner_text()
    )
    assert_accessible(page)
