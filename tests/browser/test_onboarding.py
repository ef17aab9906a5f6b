"""From an empty platform to a running round, in a real browser, through the web alone.

The server starts on an empty, migrated database with only the administrator, made once
with ``flask create-user``. E-mails go to a real SMTP server the test starts (aiosmtpd),
and the links are read from what arrived. The admin and the national coordinator must
set up two-step verification (pyotp computes their codes from the key the page shows);
the agency coordinator is only offered it. Every page is checked with axe-core.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyotp
import pytest

from tests.fixtures.browser import LiveServer, assert_accessible, migrated_app, serving
from tests.fixtures.mail import Mailbox, run_queued

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ADMIN = "admin@opsi.example"
NATIONAL = "coordination@gouv.example.fr"
COORDINATOR = "innovation@agence.example.fr"
PASSWORDS = {
    ADMIN: "platform keeper walnut horizon",
    NATIONAL: "garden lantern copper meadow",
    COORDINATOR: "velvet harbour pencil orchard",
}


@pytest.fixture()
def empty_platform(
    tmp_path: Path, account_smtp_server: tuple[Mailbox, int]
) -> Iterator[tuple[LiveServer, Mailbox]]:
    """A server on a fresh migrated database holding only the admin, mailing to SMTP."""
    mailbox, port = account_smtp_server
    app = migrated_app(
        tmp_path / "empty.sqlite3",
        SECRET_KEY="onboarding-test-key",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=port,
        MAIL_USE_TLS=False,
        MAIL_SENDER="platform@opsi.example",
        TASK_QUEUE_PATH=str(tmp_path / "tasks.sqlite3"),
        # Two-step verification stays required (the platform's default).
    )
    result = app.test_cli_runner().invoke(
        args=["create-user", ADMIN, "--role", "admin", "--password", PASSWORDS[ADMIN]]
    )
    assert result.exit_code == 0, result.output
    # Mail leaves through the queue: what a worker would have sent is sent before reading.
    mailbox.deliver = lambda: run_queued(app)
    try:
        with serving(app) as server:
            yield server, mailbox
    finally:
        mailbox.deliver = lambda: None


def _link(mailbox: Mailbox, recipient: str) -> str:
    return mailbox.url_to(recipient, "/account/invitation/")


def _enrol(page: Any, *, keyboard: bool = False) -> None:
    """Set up the authenticator from the key shown as text, then keep the recovery codes."""
    page.get_by_role("heading", level=1, name="Set up two-step verification").wait_for()
    assert page.locator("svg.app-qr-code").count() == 1
    assert_accessible(page)
    secret = page.locator("#secret").inner_text().replace(" ", "")
    code = pyotp.TOTP(secret).now()
    if keyboard:
        page.get_by_label("Code").focus()
        page.keyboard.type(code)
        page.keyboard.press("Enter")
    else:
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Confirm the code").click()
    page.get_by_role("heading", level=1, name="Your recovery codes").wait_for()
    assert page.locator("#recovery-codes li").count() == 10
    assert_accessible(page)
    page.get_by_role("link", name="I have kept my codes: continue").click()


def _accept(page: Any, url: str, email: str, name: str) -> None:
    page.goto(url)
    page.get_by_role("heading", level=1, name="Accept your invitation").wait_for()
    assert email in page.locator(".govuk-summary-list").inner_text()
    assert_accessible(page)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("New password", exact=True).fill(PASSWORDS[email])
    page.get_by_label("Confirm new password").fill(PASSWORDS[email])
    page.get_by_role("button", name="Accept and continue").click()


def test_an_empty_platform_onboards_a_country_an_agency_and_opens_a_round(
    empty_platform: tuple[LiveServer, Mailbox], open_page: Callable[..., Any]
) -> None:
    server, mailbox = empty_platform
    admin, national, coordinator = (open_page() for _ in range(3))
    # The administrator signs in and must set up two-step verification first.
    admin.goto(server("/account/sign-in"))
    admin.get_by_label("Email address").fill(ADMIN)
    admin.get_by_label("Password", exact=True).fill(PASSWORDS[ADMIN])
    admin.get_by_role("button", name="Sign in").click()
    _enrol(admin)
    admin.get_by_role("link", name="People and access").click()
    assert_accessible(admin)

    # ...and invites France's national coordinator.
    admin.get_by_label("Email address", exact=True).fill(NATIONAL)
    admin.get_by_label("Role").select_option("national_coordinator")
    admin.get_by_label("Country (national coordinators only)").fill("FR")
    admin.get_by_role("button", name="Send the invitation").click()
    admin.get_by_text(f"Invitation sent to {NATIONAL}.").wait_for()
    assert NATIONAL in admin.locator("#invitations-caption").locator("..").inner_text()
    assert_accessible(admin)

    # The national coordinator chooses a password, then must enrol (by keyboard).
    _accept(national, _link(mailbox, NATIONAL), NATIONAL, "Nadia Martin")
    _enrol(national, keyboard=True)
    national.get_by_role("link", name="Agencies of FR and their coordinators").click()
    national.get_by_role("heading", level=1, name="Agencies in France").wait_for()
    assert_accessible(national)

    # ...adds an agency with the benchmark fields and invites its coordinator.
    national.get_by_label("Name of the organisation").fill("Agence de l'innovation publique")
    national.get_by_label("Parent body (optional)").fill("Ministère de la transformation")
    national.get_by_label("Level of government").select_option("national")
    national.get_by_label("Sector").select_option("general-public-services")
    national.get_by_label("Size (staff)").select_option("250-999")
    national.get_by_label("Coordinator's email address (optional)").fill(COORDINATOR)
    national.get_by_role("button", name="Add the agency").click()
    national.get_by_text("Agence de l'innovation publique was added.").wait_for()
    assert COORDINATOR in national.locator("#invitations-caption").locator("..").inner_text()
    assert_accessible(national)

    # The agency coordinator needs no second step: straight to the agency's dashboard.
    _accept(coordinator, _link(mailbox, COORDINATOR), COORDINATOR, "Camille Durand")
    coordinator.get_by_role("heading", level=1, name="Agence de l'innovation publique").wait_for()
    assert_accessible(coordinator)

    # The national coordinator now sees who coordinates the agency.
    national.reload()
    assert COORDINATOR in national.locator("#agencies-caption").locator("..").inner_text()

    # ...and opens the first round.
    today = date.today()
    coordinator.get_by_role("link", name="Open a new round").click()
    coordinator.get_by_label("Name of the round").fill("First assessment")
    coordinator.get_by_label("Partners and the innovation ecosystem").check()
    for field, day in (("opens_on", today), ("closes_on", today + timedelta(days=21))):
        coordinator.locator(f"#{field}").fill(str(day.day))
        coordinator.locator(f"#{field}-month").fill(str(day.month))
        coordinator.locator(f"#{field}-year").fill(str(day.year))
    coordinator.get_by_label("Time zone of these dates").select_option("Europe/Paris")
    coordinator.get_by_label("Anonymous benchmark (recommended)").check()
    coordinator.get_by_role("button", name="Open the round").click()
    coordinator.get_by_role("heading", level=1, name="First assessment").wait_for()
    assert_accessible(coordinator)

    # Two invitations were e-mailed, each once, through the real SMTP server.
    assert [m["To"] for m in mailbox.messages] == [NATIONAL, COORDINATOR]
    assert all(m["From"] == "platform@opsi.example" for m in mailbox.messages)

    # The admin's people page shows the three accounts with their roles.
    admin.goto(server("/admin/people"))
    everyone = admin.locator("#people-caption").locator("..").inner_text()
    for email in (ADMIN, NATIONAL, COORDINATOR):
        assert email in everyone
