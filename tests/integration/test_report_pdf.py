"""The capability report's PDF for the demo agency, read back with pypdf and pdfminer.

The demo is seeded once for the module and each PDF is rendered once (exporting the
charts starts a browser, which costs seconds the first time). Every chart's numbers,
the answers per question and the shared comments are the technical annex's: its own
tests read them.
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from flask import Flask
from flask_babel import force_locale
from pypdf import PdfReader

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.levels import level_name
from assessment.demo.assessments import COMPLETED_TITLE, IN_PROGRESS_TITLE
from assessment.reports.fetcher import StaticFileFetcher
from assessment.reports.pipeline import build_pdf
from assessment.reports.render import forget_images, render_html
from assessment.results.capability import CapabilityData, capability_data
from assessment.survey.models import AssessmentRound
from tests.fixtures.pdf_layout import structure

# The subject does not depend on the database: SQLite alone (tests/fixtures/database.py).
pytestmark = pytest.mark.sqlite_only

AGENCY = "Demo Agency for Public Innovation (demo)"


@pytest.fixture(scope="module")
def demo(module_app: Flask) -> Flask:
    """The demo data (two organisations), seeded once for this module.

    Tests that change it take ``app`` too: their changes are rolled back after them.
    """
    result = module_app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "2"])
    assert result.exit_code == 0, result.output
    return module_app


def _round(title: str) -> tuple[Organisation, AssessmentRound]:
    organisation = db.session.execute(
        db.select(Organisation).filter_by(slug="demo-agency")
    ).scalar_one()
    assessment_round = db.session.execute(
        db.select(AssessmentRound).filter_by(organisation_id=organisation.id, title=title)
    ).scalar_one()
    return organisation, assessment_round


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    data: CapabilityData
    fetcher: StaticFileFetcher
    text: str  # every page's text, runs of white space made single spaces

    @property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.pdf))


def render(app: Flask, lang: str, title: str = COMPLETED_TITLE) -> Rendered:
    """The report as the worker renders it: in an app context, its language forced."""
    fetcher = StaticFileFetcher()
    with app.app_context(), force_locale(lang):
        data = capability_data(*_round(title), with_answer_counts=True)
        pdf = build_pdf(data, fetcher)
    pages = PdfReader(io.BytesIO(pdf)).pages
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in pages)
    return Rendered(pdf, data, fetcher, text)


@pytest.fixture(scope="module")
def reports(demo: Flask) -> dict[str, Rendered]:
    forget_images()  # so that the fetcher is asked for every chart image
    return {lang: render(demo, lang) for lang in ("en", "fr")}


@pytest.mark.parametrize(
    ("lang", "heading", "plan"),
    [
        ("en", "Innovation capability report", "Action plan"),
        ("fr", "Rapport sur les capacités d'innovation", "Plan d'action"),
    ],
)
def test_the_report_names_the_organisation_its_levels_and_its_action_plan(
    demo: Flask, reports: dict[str, Rendered], lang: str, heading: str, plan: str
) -> None:
    data, text = reports[lang].data, reports[lang].text
    assert heading in text
    assert AGENCY in text
    levels = {i.result.overall.level for i in data.instruments} - {None}
    with demo.app_context(), force_locale(lang):
        shown = {f"{level} – {level_name(level)}" for level in levels}
    # Every overall level by number and name, in the report's language.
    assert shown and all(label in text for label in shown)
    assert plan in text
    first_action = data.instruments[0].report.plan.actions[0].prompt.get(lang)
    assert " ".join(first_action.split()) in text
    for instrument in data.instruments:
        assert instrument.definition.title.get(lang) in text
        # A questionnaire is named by its title, never by its code.
        assert instrument.questionnaire not in text


def test_the_report_is_a_tagged_pdf_with_its_language_and_title(
    reports: dict[str, Rendered],
) -> None:
    for lang, title in (("en", "Innovation capability report"),
                        ("fr", "Rapport sur les capacités d'innovation")):  # fmt: skip
        reader = reports[lang].reader
        catalog = reader.trailer["/Root"]
        assert catalog["/MarkInfo"]["/Marked"] in (True, "true")
        assert "/StructTreeRoot" in catalog
        assert catalog["/Lang"] == lang
        assert reader.metadata is not None and reader.metadata.title.startswith(title)
        assert AGENCY in reader.metadata.title
        assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] in (True, "true")


def test_pages_are_numbered_and_the_sections_are_all_there(
    reports: dict[str, Rendered],
) -> None:
    pages = len(reports["en"].reader.pages)
    text = reports["en"].text
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    for heading in ("Executive summary", "Levels and explanations", "Position among peers",
                    "Action plan", "Methodology and data quality"):  # fmt: skip
        assert heading in text
    assert f"Page 1 sur {len(reports['fr'].reader.pages)}" in reports["fr"].text


def test_without_peers_the_report_says_the_group_is_too_small(
    reports: dict[str, Rendered],
) -> None:
    assert "The peer group is too small to show a position" in reports["en"].text
    assert "Le groupe de pairs est trop petit" in reports["fr"].text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_questionnaire_has_one_chart_whose_alternative_states_its_finding(
    demo: Flask, reports: dict[str, Rendered], lang: str
) -> None:
    from assessment.reports.pipeline import report_charts
    from assessment.results.charts import chart_plan

    report = reports[lang]
    with demo.app_context(), force_locale(lang):
        plan = report_charts(chart_plan(report.data))
    charts = [p.entry for p in plan if hasattr(p.entry, "figure")]
    # One chart per questionnaire (its dimension profile), and the trend when drawn.
    per_questionnaire = [p.questionnaire for p in plan if p.questionnaire is not None]
    assert sorted(per_questionnaire) == sorted(i.questionnaire for i in report.data.instruments)
    assert report.fetcher.refused == []
    served = report.fetcher.served
    # Each chart is one raster (placed, not laid out), handed to the fetcher by its
    # content's hash rather than inlined in the HTML; the report loads no other image.
    assert len([url for url in served if url.startswith("report-image:")]) == len(charts)
    assert not [url for url in served if url.startswith("data:image")]
    figures = structure(report.pdf, "/Figure")
    assert len(figures) == len(charts)
    alternatives = [" ".join(str(figure["alt"]).split()) for figure in figures]
    for chart, alternative in zip(charts, alternatives, strict=True):
        # The alternative is the chart's title and its finding, worded from the data
        # in the report's language; the numbers it cites are formatted in it too.
        assert alternative == " ".join(f"{chart.title}. {chart.summary}".split())
        assert chart.title in report.text
    if lang == "fr":
        assert any(re.search(r"\d,\d\d", alternative) for alternative in alternatives)
        assert not any(re.search(r"\d\.\d\d", alternative) for alternative in alternatives)
    # No data table under the charts any more: their numbers are in the annex.
    assert "Data shown in the chart" not in report.text


def test_every_table_has_column_headers_that_repeat_on_each_page(demo: Flask) -> None:
    from assessment.reports.charts import PrintedEntry, StaticChart
    from assessment.reports.content import report_content

    chart = StaticChart("c", "Chart", "Caption", "Summary", ("A", "B"), (("x", "1"),), b"<svg/>")
    entry = PrintedEntry("leadership-mindsets", chart)
    with demo.app_context(), force_locale("en"):
        data = capability_data(*_round(COMPLETED_TITLE), with_answer_counts=True)
        content = report_content(data, [entry], date(2026, 1, 2))
        html = render_html(content.template_context())
    tables = re.findall(r"<table.*?</table>", html, re.S)
    assert len(tables) >= 5
    assert all("<thead>" in t and '<th scope="col"' in t and "<caption>" in t for t in tables)
    css = (StaticFileFetcher().fetch("report-static:report.css").read()).decode()
    assert "thead { display: table-header-group; }" in css


def test_a_round_with_too_few_respondents_shows_no_result(demo: Flask) -> None:
    report = render(demo, "en", IN_PROGRESS_TITLE)  # one person submitted
    assert report.data.instruments == ()
    assert AGENCY in report.text
    assert "By role:" not in report.text and "Targets:" not in report.text


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        type(self).hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_markup_and_urls_typed_into_names_are_printed_as_text(demo: Flask, app: Flask) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    trap = f"http://127.0.0.1:{server.server_port}"
    name = f'<img src="{trap}/x"> https://example.org/<b>x</b>'
    unit = f'<link rel="stylesheet" href="{trap}/y"><style>@import "{trap}/z";</style>'
    try:
        with app.app_context():
            organisation, assessment_round = _round(COMPLETED_TITLE)
            organisation.name, assessment_round.unit_assessed = name, unit
            db.session.commit()
        report = render(app, "en")
    finally:
        server.shutdown()
        server.server_close()
    squeezed = re.sub(r"\s+", "", report.text)
    assert re.sub(r"\s+", "", name) in squeezed
    assert re.sub(r"\s+", "", unit) in squeezed
    assert _Recorder.hits == []
    # Escaped markup is text: WeasyPrint was not even asked to load anything else.
    assert report.fetcher.refused == []
    assert all(url.startswith(("data:", "report-static:")) for url in report.fetcher.served)
    assert report.reader.metadata.title.endswith(name)
