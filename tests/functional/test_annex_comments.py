"""Shared comments are respondents' free text: the annex prints them as they were typed.

Markup is shown, never interpreted; a web address is text, not a link; a word longer
than its cell wraps inside the page; and in the workbook a comment starting with "=",
"+", "-" or "@" is a text cell, never a formula a spreadsheet would run.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import pikepdf
import pytest
from flask import Flask
from flask_babel import force_locale
from openpyxl import load_workbook
from pypdf import PdfReader

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.reports.annex_pipeline import build_annex
from assessment.results.capability import capability_data
from assessment.survey.models import AssessmentRound
from assessment.survey.responses import Answer, Response
from assessment.survey.rounds import report_round
from tests.fixtures.pdf_layout import outside

# The subject does not depend on the database: SQLite alone (tests/fixtures/database.py).
pytestmark = pytest.mark.sqlite_only

URL = "https://evil.example/x"
MARKUP = f"<b>bold</b><script>x</script> see {URL}"
LONG = "Unbreakable" * 24  # 264 letters, no space: wider than any cell
FORMULAS = (
    f'=HYPERLINK("{URL}","click")',
    "+1+2",
    "-3+4",
    "@SUM(1,2)",
)
HOSTILE = (MARKUP, LONG, *FORMULAS)


@pytest.fixture()
def hostile_round(app: Flask) -> Iterator[tuple[Organisation, AssessmentRound]]:
    """The demo agency's reported round, some of its shared comments replaced by HOSTILE."""
    seeded = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "1"])
    assert seeded.exit_code == 0, seeded.output
    with app.app_context():
        organisation = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        found = report_round(organisation)
        assert found is not None
        shared = db.session.scalars(
            db.select(Answer)
            .join(Response, Response.id == Answer.response_id)
            .filter(
                Response.round_id == found.id,
                Response.comments_quotable.is_(True),
                Answer.comment != "",
            )
            .order_by(Answer.id)
        ).all()
        assert len(shared) >= len(HOSTILE), "the demo round shares too few comments"
        for answer, text in zip(shared, HOSTILE, strict=False):
            answer.comment = text
        db.session.flush()
        yield organisation, found


def _annex(organisation: Organisation, found: AssessmentRound, fmt: str) -> bytes:
    with force_locale("en"):
        data = capability_data(organisation, found, with_answer_counts=True)
        shared = data.shared_comments.values()
        printed = {c for by_item in shared for comments in by_item.values() for c in comments}
        assert set(HOSTILE) <= printed  # each is quoted (asked of enough people)
        return build_annex(data, fmt)


def test_comments_print_in_the_pdf_as_plain_text_inside_the_page(
    hostile_round: tuple[Organisation, AssessmentRound],
) -> None:
    pdf = _annex(*hostile_round, "pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    squeezed = re.sub(r"\s+", "", text)
    for comment in HOSTILE:
        # Every character is printed (the long word is split over lines, hence no spaces).
        assert re.sub(r"\s+", "", comment) in squeezed, comment
    assert "<script>x</script>" in text and "<b>bold</b>" in text

    # No link annotation anywhere, least of all to the address in a comment.
    with pikepdf.open(io.BytesIO(pdf)) as document:
        links = [
            annotation
            for page in document.pages
            for annotation in page.obj.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link"
        ]
        targets = [str(link.get("/A", {}).get("/URI", "")) for link in links]
    assert not any("evil.example" in target for target in targets), targets
    assert all(not target.startswith("http") for target in targets), targets

    # The long word wraps within its cell: nothing runs into the margins or off the page.
    assert outside(pdf, left_mm=17, right_mm=17) == []


def test_comments_are_text_cells_in_the_workbook_never_formulas(
    hostile_round: tuple[Organisation, AssessmentRound],
) -> None:
    xlsx = _annex(*hostile_round, "xlsx")
    sheet = load_workbook(io.BytesIO(xlsx))["comments"]
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value}
    for comment in HOSTILE:
        assert comment in cells, comment
        assert cells[comment].data_type == "s", comment  # a string, not "f" (a formula)
    # The file itself holds no formula at all, in any sheet.
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", archive.read(name)), name
