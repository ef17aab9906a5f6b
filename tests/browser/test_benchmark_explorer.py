"""The benchmark explorer in a real Chromium: Plotly draws from the static bundle, axe is clean."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.fixtures.benchmarks import (
    PASSWORD,
    QUESTIONNAIRE,
    publish,
    seed_countries,
    user_with_role,
)
from tests.fixtures.browser import LiveServer, assert_accessible, migrated_app, serving, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def explorer_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app over HTTP with benchmark records in four countries (quick to build)."""
    app = migrated_app(
        tmp_path_factory.mktemp("explorer") / "explorer.sqlite3",
        SECRET_KEY="explorer-test-key",
        # Analysts and national coordinators sign in with a password alone here.
        MFA_REQUIRED_ROLES=(),
    )
    with app.app_context():
        seed_countries({"FR": 15, "CA": 15, "PT": 15, "EE": 3})
        publish()
        user_with_role("analyst@example.org", "analyst")
    with serving(app) as server:
        yield server


def test_an_analyst_explores_by_level_of_government_with_charts_and_tables(
    explorer_server: LiveServer, page: Any
) -> None:
    errors: list[str] = []

    def collect(message: Any) -> None:
        # A refused script or style would show here; the missing favicon is no concern.
        if message.type == "error" and "favicon" not in message.location.get("url", ""):
            errors.append(message.text)

    page.on("console", collect)
    sign_in(page, explorer_server, "analyst@example.org", PASSWORD, "**/dashboard")

    page.goto(explorer_server(f"/analyst/explorer?questionnaire={QUESTIONNAIRE}"))
    page.get_by_label("Break down by").select_option("government_level")
    page.get_by_role("button", name="Show the comparison").click()
    page.wait_for_url("**group_by=government_level**")

    # Plotly (from our own static bundle, under the page's CSP) draws both charts as
    # they come near the screen.
    for chart in ("#benchmark-heatmap", "#benchmark-levels"):
        page.locator(chart).scroll_into_view_if_needed()
        page.locator(f"{chart} .main-svg").first.wait_for()
    table = page.locator("#benchmark-table")
    assert "National" in table.inner_text() and "All organisations" in table.inner_text()
    assert page.locator("#benchmark-heatmap table").count() == 1
    assert not errors
    assert_accessible(page)

    page.goto(explorer_server(f"/analyst/explorer?questionnaire={QUESTIONNAIRE}&lang=fr"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert_accessible(page)
