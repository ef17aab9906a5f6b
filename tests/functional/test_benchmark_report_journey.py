"""Benchmark reports (PDF) through the real pages, rendered by a real worker process."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from assessment.core.extensions import db
from assessment.reports.models import ReportJob
from assessment.tasks import queue
from tests.fixtures.benchmarks import (
    QUESTIONNAIRE,
    add_organisation,
    add_result,
    publish,
    seed_countries,
    signed_in_client,
    user_with_role,
)
from tests.fixtures.workers import Worker, running_worker

EXPLORER = (
    f"/analyst/explorer/report?questionnaire={QUESTIONNAIRE}&group_by=country,government_level"
)
NATIONAL = "/national/FR/report"
DOWNLOAD = re.compile(r'download href="([^"]+\.pdf)"')
HIDDEN = ("Anonymous French Agency", "Private French Agency", "Named Canadian Agency")


@pytest.fixture()
def reporting(app: Flask) -> Flask:
    """Benchmark data in three countries, named and anonymous agencies, the users."""
    with app.app_context():
        queue().huey.flush()
        seed_countries({"FR": 15, "CA": 15, "PT": 15, "EE": 2})
        for slug, country, name, score, consent in (
            ("fr-named", "FR", "Named French Agency", 4.2, "named"),
            ("fr-hidden", "FR", "Anonymous French Agency", 4.4, "anonymous"),
            ("fr-private", "FR", "Private French Agency", 1.1, "private"),
            ("ca-named", "CA", "Named Canadian Agency", 3.3, "named"),
        ):
            add_result(add_organisation(slug, country, name=name), score, consent=consent)
        publish()
        staff_of = add_organisation("pt-staff", "PT", name="Portuguese Agency")
        db.session.commit()
        user_with_role("analyst@example.org", "analyst")
        user_with_role("national.fr@example.org", "national_coordinator", country="FR")
        user_with_role("national.ca@example.org", "national_coordinator", country="CA")
        user_with_role("staff@example.org", "respondent", organisation=staff_of)
    return app


@pytest.fixture()
def worker(reporting: Flask, tmp_path: Path) -> Iterator[Worker]:
    """A real worker process on the app's database and queue.

    Only for tests marked ``committed``: the process reads the database through a
    connection of its own, and what it writes (the key's fingerprint, the job) is
    really committed.
    """
    with running_worker(reporting.config, tmp_path) as started:
        yield started


def download(client: FlaskClient, path: str, seconds: float = 180) -> tuple[str, bytes]:
    """Follow the status page until the report is ready, then download it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = client.get(path)
        assert page.status_code == 200
        assert "could not be prepared" not in page.text
        if (link := DOWNLOAD.search(page.text)) is not None:
            with client.get(link.group(1)) as pdf:
                assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
                assert "attachment" in pdf.headers["Content-Disposition"]
                return link.group(1), pdf.data
        assert 'data-pending="true"' in page.text
        time.sleep(0.5)
    raise AssertionError(f"no report after {seconds} s")


def text_of(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def assert_tagged(reader: PdfReader, lang: str, title: str) -> None:
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == lang
    assert reader.metadata is not None and reader.metadata.title.startswith(title)


@pytest.mark.committed(reason="a report worker process reads the queued job")
@pytest.mark.parametrize(
    ("lang", "title", "rules", "withheld", "published"),
    [
        ("en", "Benchmark report", "At least 5 organisations per published figure",
         "Withheld: Fewer than 5 organisations.", "Figures published"),
        ("fr", "Rapport de comparaison", "Au moins 5 organisations par chiffre publié",
         "Masqué : Moins de 5 organisations.", "Chiffres publiés"),
    ],
)  # fmt: skip
def test_an_analyst_downloads_the_explorer_comparison_with_its_rules_and_counts(
    reporting: Flask,
    worker: Worker,
    lang: str,
    title: str,
    rules: str,
    withheld: str,
    published: str,
) -> None:
    analyst = signed_in_client(reporting, "analyst@example.org")
    assert f"lang={lang}" in analyst.get(EXPLORER.replace("/report", "")).text
    _link, pdf = download(analyst, f"{EXPLORER}&lang={lang}")
    reader, text = text_of(pdf)
    assert_tagged(reader, lang, title)
    assert rules in text
    assert published in text and "1.0.0" in text and "2025" in text
    assert withheld in text  # Estonia's cells are withheld, with their reason
    for name in (*HIDDEN, "Named French Agency"):
        assert name not in text  # the explorer names no one
    with reporting.app_context():
        job = db.session.execute(db.select(ReportJob)).scalar_one()
        assert (job.kind, job.language, job.organisation_id) == ("benchmark", lang, None)


@pytest.mark.committed(reason="a report worker process reads the queued job")
def test_a_national_coordinator_gets_their_country_report_naming_only_consenting_agencies(
    reporting: Flask, worker: Worker
) -> None:
    coordinator = signed_in_client(reporting, "national.fr@example.org")
    assert f"{NATIONAL}?lang=fr" in coordinator.get("/national/FR/").text
    links = {}
    for lang, named, rules in (
        ("en", "Agencies that chose named consent", "At least 5 organisations"),
        ("fr", "Organismes ayant choisi le consentement nominatif", "Au moins 5 organisations"),
    ):
        links[lang], pdf = download(coordinator, f"{NATIONAL}?lang={lang}")
        reader, text = text_of(pdf)
        assert_tagged(reader, lang, "Benchmark report" if lang == "en" else "Rapport de")
        assert named in text and rules in text
        assert "Named French Agency" in text
        for name in HIDDEN:
            assert name not in text
    assert links["en"] != links["fr"]

    # Another country's coordinator neither gets this report nor asks for their own
    # country's by another's address.
    other = signed_in_client(reporting, "national.ca@example.org")
    assert other.get(NATIONAL).status_code == 404
    assert other.get(links["en"]).status_code == 404
    job_id = links["en"].rsplit("/", 1)[1].removesuffix(".pdf")
    assert other.get(f"/national/CA/report/{job_id}.pdf").status_code == 404
    assert coordinator.get("/national/CA/report").status_code == 404
    assert coordinator.get(f"/analyst/explorer/report/{job_id}.pdf").status_code == 403


def test_a_respondent_gets_no_benchmark_report(reporting: Flask) -> None:
    respondent = signed_in_client(reporting, "staff@example.org")
    for path in (EXPLORER, NATIONAL, "/analyst/explorer/report/1.pdf",
                 "/national/FR/report/1.pdf"):  # fmt: skip
        assert respondent.get(path).status_code == 403
    with reporting.app_context():
        assert db.session.execute(db.select(ReportJob)).first() is None


def test_an_explorer_query_it_cannot_answer_is_refused(reporting: Flask) -> None:
    analyst = signed_in_client(reporting, "analyst@example.org")
    assert analyst.get("/analyst/explorer/report?questionnaire=nothing-such").status_code == 400
