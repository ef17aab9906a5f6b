"""The national report's "country against all organisations" section, as the PDF prints it.

Rendered in English and French from published benchmark data, and read back with
pdfminer.six (words with their positions) and pikepdf (tags): the section's figures are
the national page's, worded in the report's language (French decimal commas), withheld
ones with their reason; no word leaves the text column; the document is tagged.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pikepdf
import pytest
from flask import Flask
from flask_babel import force_locale

from assessment.benchmarks.comparison import figure_text
from assessment.benchmarks.national import national_overview
from assessment.reports.benchmark_pipeline import benchmark_pdf, national_parameters
from tests.fixtures.benchmarks import QUESTIONNAIRE, publish, seed_countries
from tests.fixtures.pdf_layout import outside, structure

# The subject does not depend on the database: SQLite alone (tests/fixtures/database.py).
pytestmark = pytest.mark.sqlite_only

# The benchmark report's left and right page margins (report.css, @page).
LEFT_MM = RIGHT_MM = 17
HEADING = {"en": "France against all organisations", "fr": "France face à l’ensemble des"}
MIDDLE_HALF = {"en": "middle half", "fr": "moitié centrale"}


@pytest.fixture(scope="module")
def rendered(module_app: Flask) -> Iterator[dict[str, tuple[bytes, list[str]]]]:
    """The French national report in each language, with the section's expected figures."""
    with module_app.app_context():
        seed_countries({"FR": 15, "CA": 15, "PT": 15, "EE": 2})
        publish()
        found = {}
        for lang in ("en", "fr"):
            with force_locale(lang):
                overview = national_overview("FR")
                (instrument,) = (
                    i for i in overview.instruments if i.questionnaire.id == QUESTIONNAIRE
                )
                comparison = instrument.comparison
                expected = [
                    figure_text(figure, comparison.rules)
                    for row in comparison.rows
                    for figure in (row.country, row.international)
                ]
            found[lang] = (benchmark_pdf(national_parameters("FR"), lang), expected)
        yield found


def _text(pdf: bytes) -> str:
    from pdfminer.high_level import extract_text

    return " ".join(extract_text(io.BytesIO(pdf)).split())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_section_prints_the_pages_figures_in_the_reports_language(
    rendered: dict[str, tuple[bytes, list[str]]], lang: str
) -> None:
    pdf, expected = rendered[lang]
    text = _text(pdf)
    assert HEADING[lang] in text
    for figure in expected:
        assert figure in text, figure
    assert any(MIDDLE_HALF[lang] in figure for figure in expected)
    if lang == "fr":
        assert any("," in figure for figure in expected)  # French decimal commas
        assert not any(c.isdigit() and "." in figure for figure in expected for c in figure)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_word_of_the_report_is_drawn_outside_the_text_column(
    rendered: dict[str, tuple[bytes, list[str]]], lang: str
) -> None:
    assert outside(rendered[lang][0], LEFT_MM, RIGHT_MM) == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_report_is_tagged_with_its_language_and_table_headers(
    rendered: dict[str, tuple[bytes, list[str]]], lang: str
) -> None:
    pdf = rendered[lang][0]
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert "/StructTreeRoot" in document.Root
        assert str(document.Root.Lang) == lang
    headers = structure(pdf, "/TH")
    assert headers and all(h["scope"] in ("/Column", "/Row") for h in headers)
