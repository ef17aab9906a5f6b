"""The report page in a real Chromium: it reloads itself until the PDF is ready, then
offers the download; axe finds nothing serious on it in either state."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.fixtures.browser import (
    LiveServer,
    assert_accessible,
    migrated_app,
    seed_demo,
    serving,
    sign_in_as_demo_coordinator,
)
from tests.fixtures.workers import running_worker

pytestmark = pytest.mark.browser

REPORT = "/organisations/demo-agency/rounds/1/report"


@pytest.fixture(scope="module")
def report_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app over HTTP with two demo organisations, and report workers of its own."""
    folder = tmp_path_factory.mktemp("report-page")
    app = migrated_app(
        folder / "report.sqlite3",
        SECRET_KEY="report-test-key",
        # Chart images exported by earlier tests of this session are reused.
        REPORTS_PATH=str(tmp_path_factory.getbasetemp() / "reports"),
        TASK_QUEUE_PATH=str(folder / "tasks.sqlite3"),
    )
    seed_demo(app, "--organisations", "2")
    # A real worker process renders the reports the pages ask for.
    with running_worker(app.config, folder), serving(app) as server:
        yield server


def test_the_page_shows_progress_then_the_download(
    report_server: LiveServer, page: Any, tmp_path: Path
) -> None:
    sign_in_as_demo_coordinator(page, report_server)
    page.goto(report_server(REPORT + "?lang=en"))
    status = page.get_by_role("status")
    assert status.inner_text().strip() in {
        "The report is waiting to be prepared.",
        "The report is being prepared. This page updates itself.",
    }
    # The status updates in place, without reloading the page (no meta refresh).
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    assert_accessible(page)

    download_link = page.get_by_role("link", name="Download the report (PDF)")
    download_link.wait_for(timeout=180_000)  # the page asks again every two seconds
    assert page.get_by_role("status").inner_text().strip() == "The report is ready."
    assert_accessible(page)

    with page.expect_download() as waiting:
        download_link.click()
    download = waiting.value
    assert download.suggested_filename == "demo-agency-round-1-report-en.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert_report(saved, "en", "Executive summary", "Action plan")


def assert_report(path: Path, lang: str, *headings: str) -> None:
    """The downloaded PDF is the demo agency's tagged report, with every chart title."""
    reader = PdfReader(path)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Demo Agency for Public Innovation (demo)" in text
    assert all(heading in text for heading in headings)
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    titles = {
        "en": ("Leadership for innovation: score per dimension",),
        "fr": ("L'encadrement face à l'innovation : score par dimension",),
    }[lang]
    assert all(title in text for title in titles)


def test_the_french_report_downloads_from_the_french_page(
    report_server: LiveServer, page: Any, tmp_path: Path
) -> None:
    sign_in_as_demo_coordinator(page, report_server)
    page.goto(report_server(REPORT + "?lang=fr"))
    download_link = page.get_by_role("link", name="Télécharger le rapport (PDF)")
    download_link.wait_for(timeout=180_000)
    assert_accessible(page)
    with page.expect_download() as waiting:
        download_link.click()
    saved = tmp_path / waiting.value.suggested_filename
    waiting.value.save_as(saved)
    assert saved.name == "demo-agency-round-1-report-fr.pdf"
    assert_report(saved, "fr", "Synthèse", "Plan d'action")


def test_the_page_is_accessible_in_french_and_switches_to_the_english_report(
    report_server: LiveServer, page: Any
) -> None:
    sign_in_as_demo_coordinator(page, report_server)
    page.goto(report_server(REPORT + "?lang=fr"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text() == "Rapport sur les capacités (PDF)"
    switch = page.get_by_role("navigation", name="Langue").get_by_role("link", name="English")
    assert switch.get_attribute("href").endswith(REPORT + "?lang=en")
    assert_accessible(page)


def test_both_documents_download_from_the_results_page(
    report_server: LiveServer, page: Any, tmp_path: Path
) -> None:
    """The results page links the capability report, the annex and its workbook."""
    from openpyxl import load_workbook

    sign_in_as_demo_coordinator(page, report_server)
    results = report_server("/organisations/demo-agency/rounds/1/results?lang=en")
    saved = {}
    documents = (
        ("Get the capability report (PDF)", "Download the report (PDF)"),
        ("Get the technical annex (PDF)", "Download the annex (PDF)"),
        ("Get the technical annex as a spreadsheet (XLSX)", "Download the annex (XLSX)"),
    )
    for link_name, button in documents:
        page.goto(results)
        page.get_by_role("link", name=link_name).click()
        download_link = page.get_by_role("link", name=button)
        download_link.wait_for(timeout=180_000)
        assert_accessible(page)
        with page.expect_download() as waiting:
            download_link.click()
        name = waiting.value.suggested_filename
        waiting.value.save_as(tmp_path / name)
        saved[name] = tmp_path / name
    assert set(saved) == {
        "demo-agency-round-1-report-en.pdf",
        "demo-agency-round-1-annex-en.pdf",
        "demo-agency-round-1-annex-en.xlsx",
    }
    assert_report(saved["demo-agency-round-1-report-en.pdf"], "en", "Action plan")
    annex = PdfReader(saved["demo-agency-round-1-annex-en.pdf"])
    text = " ".join(" ".join(p.extract_text().split()) for p in annex.pages)
    assert "Technical annex to the innovation capability report" in text
    assert "Leadership for innovation: score per dimension" in text
    workbook = load_workbook(saved["demo-agency-round-1-annex-en.xlsx"], read_only=True)
    assert "charts" in workbook.sheetnames and "actions" in workbook.sheetnames
