"""The capability report's PDF for the demo agency, read back with pypdf.

The demo is seeded once for the module and each PDF is rendered once (exporting the
charts starts a browser, which costs seconds the first time).
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.levels import level_name
from assessment.demo.assessments import COMPLETED_TITLE, DEMO_COMMENTS, IN_PROGRESS_TITLE
from assessment.reports.fetcher import StaticFileFetcher
from assessment.reports.pipeline import build_pdf
from assessment.reports.render import forget_images, render_html
from assessment.results.capability import CapabilityData, capability_data
from assessment.survey.models import AssessmentRound

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


def structure_elements(node: Any, kind: str) -> Iterator[Any]:
    """Every element of the PDF's structure tree with the role ``kind`` (e.g. "/Figure")."""
    node = node.get_object()
    if isinstance(node, ArrayObject):
        for child in node:
            yield from structure_elements(child, kind)
    elif isinstance(node, DictionaryObject):
        if node.get("/S") == kind:
            yield node
        if "/K" in node:
            yield from structure_elements(node["/K"], kind)


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
    # The demo's comments: those their authors agreed to share, never the others.
    squeezed = re.sub(r"\s+", "", text)
    for comments, quotable in DEMO_COMMENTS:
        for comment in comments:
            assert (re.sub(r"\s+", "", comment) in squeezed) is quotable, comment


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
                    "Action plan", "Methodology and data quality",
                    "Appendix: aggregated answers"):  # fmt: skip
        assert heading in text
    assert f"Page 1 sur {len(reports['fr'].reader.pages)}" in reports["fr"].text


def test_without_peers_the_report_says_the_group_is_too_small(
    reports: dict[str, Rendered],
) -> None:
    assert "The peer group is too small to show a position" in reports["en"].text
    assert "Le groupe de pairs est trop petit" in reports["fr"].text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_chart_of_the_results_page_is_drawn_with_its_texts_and_data(
    demo: Flask, reports: dict[str, Rendered], lang: str
) -> None:
    from assessment.results.charts import build_charts

    report = reports[lang]
    with demo.app_context(), force_locale(lang):
        charts = build_charts(report.data)
    assert len(charts) == 16  # what the results page draws for this round, trend included
    assert report.fetcher.refused == []
    served = report.fetcher.served
    # Plotly draws a heatmap's cells as a PNG inside its SVG: the only other images.
    assert len([url for url in served if url.startswith("data:image/svg+xml")]) == len(charts)
    assert all(url.startswith(("data:image/svg+xml", "data:image/png")) for url in served)
    figures = list(structure_elements(report.reader.trailer["/Root"]["/StructTreeRoot"], "/Figure"))
    assert len(figures) == len(charts)
    alternatives = {" ".join(str(figure["/Alt"]).split()) for figure in figures}
    # Compared without white space: cells wrap. A wide table prints each row's values
    # in one cell, each with its column's header.
    text = re.sub(r"\s+", "", report.text)
    for chart in charts:
        assert chart.title in report.text
        assert " ".join(chart.caption.split()) in report.text
        assert " ".join(chart.summary.split()) in alternatives
        head, *values = chart.table_rows[0]
        if len(values) > 2:
            pairs = zip(chart.table_headers[1:], values, strict=True)
            values = ["·".join(f"{header}:{value}" for header, value in pairs)]
        assert re.sub(r"\s+", "", head + "".join(values)) in text


@pytest.mark.parametrize(("lang", "heading"), [("en", "Answers per question"),
                                               ("fr", "Réponses par question")])  # fmt: skip
def test_the_appendix_counts_the_answers_to_every_question(
    demo: Flask, reports: dict[str, Rendered], lang: str, heading: str
) -> None:
    from questionnaires import bundled_library

    questionnaire = bundled_library().get
    report = reports[lang]
    assert report.data.instruments and all(i.detailed for i in report.data.instruments)
    # Compared without white space: long prompts wrap, and words break at hyphens.
    appendix = re.sub(r"\s+", "", report.text.split(" Appendix" if lang == "en" else " Annexe")[-1])
    assert re.sub(r"\s+", "", heading) in appendix
    prompts = 0
    for instrument in report.data.instruments:
        definition = questionnaire(instrument.questionnaire, instrument.version)
        counts = report.data.answer_counts[instrument.questionnaire]
        for item in definition.items:
            prompt = re.sub(r"\s+", "", item.prompt.get(lang))
            assert prompt in appendix
            prompts += 1
            chosen = counts.get(item.id, {})
            if item.answer_type == "maturity":
                by_level = [f"{level}:{chosen.get(f'l{level}', 0)}·" for level in range(1, 6)]
                assert prompt + "".join(by_level) in appendix
    assert prompts > 100


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


def test_a_shared_comment_with_markup_and_urls_is_printed_as_text_and_nothing_is_fetched(
    demo: Flask, app: Flask
) -> None:
    """Only comments whose authors agreed to be quoted are printed, and only as text."""
    from assessment.survey.responses import Answer, Response

    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    trap = f"http://127.0.0.1:{server.server_port}"
    shared = f'<img src="{trap}/c.png"> see {trap}/proof-7f3a and <a href="{trap}/a">this</a>'
    private = "Only for me: the pilot was cancelled twice"
    try:
        with app.app_context():
            _organisation, assessment_round = _round(COMPLETED_TITLE)
            agreed, declined = (
                db.session.execute(
                    db.select(Response)
                    .filter_by(round_id=assessment_round.id)
                    .order_by(Response.id.desc())
                )
                .scalars()
                .all()[:2]
            )
            for response, comment in ((agreed, shared), (declined, private)):
                answer = (
                    db.session.execute(
                        db.select(Answer)
                        .filter_by(response_id=response.id, questionnaire_id="leadership-mindsets")
                        .order_by(Answer.id)
                    )
                    .scalars()
                    .first()
                )
                answer.comment = comment
                response.comments_quotable = response is agreed
            db.session.commit()
        report = render(app, "en")
    finally:
        server.shutdown()
        server.server_close()
    squeezed = re.sub(r"\s+", "", report.text)
    assert "Comments shared by respondents" in report.text
    assert re.sub(r"\s+", "", shared) in squeezed
    assert "pilot was cancelled" not in report.text
    assert _Recorder.hits == []
    assert report.fetcher.refused == []
    assert all(url.startswith(("data:", "report-static:")) for url in report.fetcher.served)
