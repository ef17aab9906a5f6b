"""The technical annex holds every chart's numbers, in English and French, and no word
of it lies outside the page: checked on the demo agency's closed round, whose labels
include the questionnaires' longest."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask
from flask_babel import force_locale
from openpyxl import load_workbook
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTPage, LTTextContainer, LTTextLine
from pypdf import PdfReader

from assessment.charting import Chart
from assessment.reports.annex import PARTS, annex_content
from assessment.reports.annex_pipeline import build_annex
from assessment.results import wording as w
from assessment.results.capability import CapabilityData
from assessment.results.charts import chart_plan
from assessment.results.charts.respondents import AGREEMENT_CHART_PREFIX
from tests.fixtures.demo import reported_data

# The subject does not depend on the database: SQLite alone (tests/fixtures/database.py).
pytestmark = pytest.mark.sqlite_only


@pytest.fixture()
def agency(app: Flask) -> Iterator[None]:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "2"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        yield


def _data(lang: str) -> CapabilityData:
    return reported_data(lang, with_answer_counts=True)


def _lines(page: LTPage) -> Iterator[LTTextLine]:
    for element in page:
        if isinstance(element, LTTextContainer):
            yield from (line for line in element if isinstance(line, LTTextLine))


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_annex_holds_every_chart_number_within_the_page(agency: None, lang: str) -> None:
    data = _data(lang)
    with force_locale(lang):
        charts = [p.entry for p in chart_plan(data) if isinstance(p.entry, Chart)]
        pdf = build_annex(data, "pdf")
        workbook = load_workbook(io.BytesIO(build_annex(data, "xlsx")), read_only=True)
    assert len(charts) >= 3 * len(data.instruments)  # every questionnaire shows its charts

    # The workbook holds each chart's table: its headers, then every row, cell for cell.
    # The agreement charts' numbers open the agreement part's fuller tables instead.
    assert workbook.sheetnames == ["about", *PARTS]
    sheet, agreement = (
        [tuple(cell for cell in row if cell is not None)
         for row in workbook[name].iter_rows(values_only=True)]
        for name in ("charts", "agreement")
    )  # fmt: skip
    for chart in charts:
        if chart.id.startswith(AGREEMENT_CHART_PREFIX):
            assert chart.title not in {row[0] for row in sheet if row}, chart.id
            for dimension, rwg, _reading in chart.table_rows:
                assert any(row[:2] == (dimension, rwg) for row in agreement), chart.id
            continue
        start = sheet.index(chart.table_headers, sheet.index((chart.title,)))
        assert sheet[start + 1 : start + 1 + len(chart.table_rows)] == [
            tuple(cell for cell in row if cell != "") for row in chart.table_rows
        ], chart.id

    # The PDF prints the same numbers: each dimension's score from the data, beside its title.
    outside, printed_words = [], set()
    for page in extract_pages(io.BytesIO(pdf)):
        x0, y0, x1, y1 = page.bbox
        for line in _lines(page):
            if line.x0 < x0 or line.x1 > x1 or line.y0 < y0 or line.y1 > y1:
                outside.append(line.get_text().strip())
            printed_words.update(line.get_text().split())
    assert outside == []
    # Columns are wide enough for their words: no header and no score is broken in two
    # ("Scor" / "e", "2.0" / "0").
    with force_locale(lang):
        tables = [table for part in annex_content(data, date.today()).parts
                  for table in part.tables]  # fmt: skip
    whole = {word for table in tables for word in table.headers[0].split()}
    whole |= {word for table in tables for header in table.headers[1:]
              for word in header.split() if len(word) > 2}  # fmt: skip
    whole |= {cell for table in tables for row in table.rows for cell in row[1:]
              if cell.replace(",", ".").replace(".", "", 1).isdigit()}  # fmt: skip
    assert sorted(whole - printed_words) == []
    # pypdf keeps a table row on one line: a dimension's title and its score together.
    printed = _flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    for instrument in data.instruments:
        for dimension in instrument.dimensions:
            with force_locale(lang):
                row = f"{w.local(dimension.title)} {w.score(dimension.score)}"
            assert row in printed, row
    for chart in charts:
        for row in chart.table_rows:
            for cell in row[1:]:
                assert _flat(cell) in printed, (chart.id, cell)
    heading = {"en": "Data of every chart", "fr": "Données de chaque graphique"}[lang]
    assert heading in printed
