"""Benchmark reports in a real Chromium: from the explorer and the national page to the PDF."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.fixtures.benchmarks import (
    PASSWORD,
    QUESTIONNAIRE,
    add_organisation,
    add_result,
    publish,
    seed_countries,
    user_with_role,
)
from tests.fixtures.browser import LiveServer, assert_accessible, migrated_app, serving, sign_in
from tests.fixtures.workers import running_worker

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def benchmark_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app over HTTP with benchmark records, a named and an anonymous French agency."""
    folder = tmp_path_factory.mktemp("benchmark-report")
    app = migrated_app(
        folder / "benchmark.sqlite3",
        SECRET_KEY="benchmark-report-test-key",
        # Analysts and national coordinators sign in with a password alone here.
        MFA_REQUIRED_ROLES=(),
        REPORTS_PATH=str(tmp_path_factory.getbasetemp() / "reports"),
        TASK_QUEUE_PATH=str(folder / "tasks.sqlite3"),
    )
    with app.app_context():
        seed_countries({"FR": 15, "CA": 15, "PT": 15})
        add_result(add_organisation("fr-named", "FR", name="Named French Agency"), 4.2,
                   consent="named")  # fmt: skip
        add_result(add_organisation("fr-hidden", "FR", name="Anonymous French Agency"), 4.4)
        publish()
        user_with_role("analyst@example.org", "analyst")
        user_with_role("national.fr@example.org", "national_coordinator", country="FR")
    # A real worker process renders the reports the pages ask for.
    with running_worker(app.config, folder), serving(app) as server:
        yield server


def download_report(page: Any, link_name: str, button: str, folder: Path) -> str:
    """Follow a report link, wait on the status page, download; return the PDF's text."""
    page.get_by_role("link", name=link_name).click()
    assert page.get_by_role("status").is_visible()
    download_link = page.get_by_role("link", name=button)
    download_link.wait_for(timeout=180_000)  # the page asks again every two seconds
    assert_accessible(page)
    with page.expect_download() as waiting:
        download_link.click()
    saved = folder / waiting.value.suggested_filename
    waiting.value.save_as(saved)
    reader = PdfReader(saved)
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_an_analyst_takes_the_comparison_away_as_a_pdf_in_english_and_french(
    benchmark_server: LiveServer, page: Any, tmp_path: Path
) -> None:
    sign_in(page, benchmark_server, "analyst@example.org", PASSWORD, "**/dashboard")
    explorer = f"/analyst/explorer?questionnaire={QUESTIONNAIRE}&group_by=country"
    page.goto(benchmark_server(explorer))
    assert_accessible(page)
    english = download_report(page, "PDF report (English)", "Download the report (PDF)", tmp_path)
    assert "Benchmark report" in english and "Disclosure rules" in english
    assert "Figures published" in english and "Figures withheld" in english
    assert "French Agency" not in english

    page.goto(benchmark_server(explorer))
    french = download_report(page, "PDF report (French)", "Télécharger le rapport (PDF)", tmp_path)
    assert "Rapport de comparaison" in french and "Règles de diffusion" in french
    assert "French Agency" not in french


def test_a_national_coordinator_takes_their_country_page_away_as_a_pdf(
    benchmark_server: LiveServer, page: Any, tmp_path: Path
) -> None:
    sign_in(page, benchmark_server, "national.fr@example.org", PASSWORD, "**/dashboard")
    page.goto(benchmark_server("/national/FR/"))
    assert_accessible(page)
    text = download_report(page, "PDF report (English)", "Download the report (PDF)", tmp_path)
    assert "Agencies that chose named consent" in text
    assert "Named French Agency" in text
    assert "Anonymous French Agency" not in text
    assert "France against all organisations" in text and "middle half" in text

    page.goto(benchmark_server("/national/FR/"))
    french = download_report(page, "PDF report (French)", "Télécharger le rapport (PDF)", tmp_path)
    assert "France face à l’ensemble des organisations" in french
    assert re.search(r"\d,\d", french)  # French decimal commas


SHOTS = Path("/tmp/shots-national")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_a_national_coordinator_sees_their_country_against_all_organisations(
    benchmark_server: LiveServer, page: Any, lang: str, width: int, height: int
) -> None:
    sign_in(page, benchmark_server, "national.fr@example.org", PASSWORD, "**/dashboard")
    page.set_viewport_size({"width": width, "height": height})
    page.goto(benchmark_server(f"/national/FR/?lang={lang}"))
    table = page.locator(f"#compare-{QUESTIONNAIRE}")
    expect(table).to_be_visible()
    caption = {"en": "France against all organisations", "fr": "France face à l’ensemble"}
    expect(table.locator("caption")).to_contain_text(caption[lang])
    expect(table.locator("th[scope=row]").first).to_have_text(
        {"en": "Overall", "fr": "Global"}[lang]
    )
    # The figures, in the page's number format: "2.9" in English, "2,9" in French.
    decimal = {"en": r"\d\.\d", "fr": r"\d,\d"}[lang]
    expect(table.locator("td").first).to_have_text(re.compile(decimal))
    expect(page.locator(".app-compare__dot").first).to_be_visible()
    assert_accessible(page)
    # Nothing wider than the screen: the table scrolls in its own box, the visual shrinks.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    SHOTS.mkdir(exist_ok=True)
    page.locator(f"#q-{QUESTIONNAIRE}").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"national-{lang}-{width}.png"), full_page=False)
    page.locator(f"#compare-{QUESTIONNAIRE}-section").screenshot(
        path=str(SHOTS / f"national-visual-{lang}-{width}.png")
    )
