"""The capability report as a board reads it, and as a screen reader does.

Rendered for the demo agency in English and French and read back with pdfminer.six
(words with their positions) and pikepdf (tags): no word leaves the text column, the
executive summary is page 2 and reads alone, a round with every questionnaire fits in
twelve pages, and the tags PDF/UA needs are there. The longest labels the
questionnaires have, in each language, are laid out too: long cells must wrap.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date

import pikepdf
import pytest
from flask import Flask
from flask_babel import force_locale

from assessment.core.levels import level_label
from assessment.demo.assessments import COMPLETED_TITLE
from assessment.reports.content import CapabilityReport, report_content
from assessment.reports.render import render_pdf
from assessment.results.capability import CapabilityData, capability_data
from tests.fixtures.pdf_layout import outside, page_text, structure
from tests.integration.test_report_pdf import Rendered, _round, render

# The subject does not depend on the database: SQLite alone (tests/fixtures/database.py).
pytestmark = pytest.mark.sqlite_only

MAX_PAGES = 12
# The report's left and right page margins (report.css, @page).
LEFT_MM = RIGHT_MM = 17


@pytest.fixture(scope="module")
def demo(migrated_app: Flask) -> Iterator[Flask]:
    """The full demo (sixty organisations: enough peers for the benchmark's bands)."""
    from tests.fixtures.database import empty_all_tables

    app = migrated_app
    with app.app_context():
        empty_all_tables()
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    yield app
    with app.app_context():
        empty_all_tables()


@pytest.fixture(scope="module")
def reports(demo: Flask) -> dict[str, Rendered]:
    return {lang: render(demo, lang) for lang in ("en", "fr")}


def _io(pdf: bytes) -> pikepdf.Pdf:
    import io

    return pikepdf.open(io.BytesIO(pdf))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_word_is_drawn_outside_the_text_column(reports: dict[str, Rendered], lang: str) -> None:
    assert outside(reports[lang].pdf, LEFT_MM, RIGHT_MM) == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_round_with_every_questionnaire_fits_in_twelve_pages(
    reports: dict[str, Rendered], lang: str
) -> None:
    report = reports[lang]
    assert len(report.data.instruments) == 4
    assert len(report.reader.pages) <= MAX_PAGES


def _weakest_three(data: CapabilityData, lang: str) -> list[str]:
    graded = [
        (d.score, d.title.get(lang))
        for i in data.instruments
        for d in i.dimensions
        if d.score is not None and d.level is not None
    ]
    return [title for _score, title in sorted(graded, key=lambda pair: pair[0])[:3]]


@pytest.mark.parametrize(
    ("lang", "heading", "priorities"),
    [("en", "Executive summary", "Three priorities"), ("fr", "Synthèse", "Trois priorités")],
)
def test_page_two_is_an_executive_summary_that_reads_alone(
    demo: Flask, reports: dict[str, Rendered], lang: str, heading: str, priorities: str
) -> None:
    report = reports[lang]
    page = page_text(report.pdf, 2)
    assert page.startswith(heading) or f" {heading} " in f" {page} "
    squeezed = "".join(page.split())
    with demo.app_context(), force_locale(lang):
        for instrument in report.data.instruments:
            overall = instrument.result.overall
            assert overall.level is not None
            # Each questionnaire by its title, with its level named.
            named = f"{instrument.title} · {level_label(overall.level)}"
            assert "".join(named.split()) in squeezed
            # The peers' middle half, or why it is not shown and the position, if any.
            placement = report.data.peers["placement"][instrument.questionnaire]
            headline = placement["headline"]
            if placement["band"] is not None:
                assert any(phrase in page for phrase in ("Middle half of", "Moitié centrale de"))
            else:
                withheld = ("Peers' middle half not shown", "Moitié centrale des pairs non")
                assert any(phrase in page for phrase in withheld)
                if not headline.get("withheld", True):
                    assert "".join(headline["position"].split()) in squeezed
    assert priorities in page
    # The whole summary is on this page: its last part too, and the next page moves on.
    changed = "What changed since the last round" if lang == "en" else "Ce qui a changé"
    assert changed in page
    levels = "Levels and explanations" if lang == "en" else "Niveaux et explications"
    assert levels not in page and levels in page_text(report.pdf, 3)
    for title in _weakest_three(report.data, lang):
        assert "".join(title.split()) in squeezed


@pytest.mark.parametrize(
    ("lang", "title"),
    [("en", "Innovation capability report"), ("fr", "Rapport sur les capacités d'innovation")],
)
def test_the_pdf_is_tagged_for_screen_readers(
    reports: dict[str, Rendered], lang: str, title: str
) -> None:
    pdf = reports[lang].pdf
    with _io(pdf) as document:
        assert str(document.Root.Lang) == lang
        assert document.Root.MarkInfo.Marked
        with document.open_metadata() as meta:
            assert meta["dc:title"].startswith(title)
        assert str(document.docinfo.Title).startswith(title)
        with document.open_outline() as outline:
            bookmarks = [item.title for item in outline.root]
    # Bookmarks from the headings: the title, then the report's sections.
    assert bookmarks and bookmarks[0] == title
    figures = structure(pdf, "/Figure")
    assert figures and all(f["alt"] and str(f["alt"]).strip() for f in figures)
    headers = structure(pdf, "/TH")
    assert headers and all(h["scope"] in ("/Column", "/Row") for h in headers)
    assert {h["scope"] for h in headers} == {"/Column", "/Row"}


def _longest(texts: list[str]) -> str:
    return max(texts, key=len)


def _with_longest_labels(
    content: CapabilityReport, data: CapabilityData, lang: str
) -> CapabilityReport:
    """``content`` with every label replaced by the longest of its kind in ``lang``."""
    definitions = [i.definition for i in data.instruments]
    questionnaire = _longest([q.title.get(lang) for q in definitions])
    dimension = _longest([d.title.get(lang) for q in definitions for d in q.dimensions])
    prompt = _longest([i.prompt.get(lang) for q in definitions for i in q.items])
    descriptor = _longest(
        [o.label.get(lang) for q in definitions for i in q.items for o in i.options]
    )
    owner = "Direction interministérielle de la transformation publique et de l'innovation"
    replace = dataclasses.replace
    instruments = []
    for section in content.instruments:
        plan = section.plan
        if plan is not None:
            plan = replace(
                plan,
                targets=tuple(replace(t, title=dimension) for t in plan.targets),
                actions=tuple(
                    replace(
                        a,
                        prompt=prompt,
                        descriptor=descriptor,
                        dimension=dimension,
                        owner=owner,
                        due="31 décembre 2027",
                    )
                    for a in plan.actions
                ),  # fmt: skip
            )
        instruments.append(
            replace(
                section,
                title=questionnaire,
                held_down_by=tuple(replace(c, title=dimension) for c in section.held_down_by),
                dimensions=tuple(replace(d, title=dimension) for d in section.dimensions),
                plan=plan,
            )
        )
    summary = content.summary
    summary = replace(
        summary,
        scales=tuple(replace(s, title=questionnaire) for s in summary.scales),
        strengths=tuple(replace(f, title=dimension, questionnaire=questionnaire)
                        for f in summary.strengths),
        priorities=tuple(replace(f, title=dimension, questionnaire=questionnaire)
                         for f in summary.priorities),
    )  # fmt: skip
    peers = replace(
        content.peers,
        lines=tuple(replace(p, questionnaire=questionnaire) for p in content.peers.lines),
    )
    name = "Ministère de l'Économie, des Finances et de la Souveraineté industrielle et numérique"
    return replace(
        content,
        instruments=tuple(instruments),
        summary=summary,
        peers=peers,
        organisation=replace(content.organisation, name=name),
        round=replace(content.round, title=questionnaire, unit_assessed=name),
    )


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_longest_labels_wrap_inside_their_cells(demo: Flask, lang: str) -> None:
    from assessment.reports.charts import printed_plan
    from assessment.reports.pipeline import report_charts
    from assessment.results.charts import chart_plan

    with demo.app_context(), force_locale(lang):
        data = capability_data(*_round(COMPLETED_TITLE))
        charts = printed_plan(report_charts(chart_plan(data)))
        content = _with_longest_labels(report_content(data, charts, date(2026, 1, 2)), data, lang)
        pdf = render_pdf(content.template_context())
    assert outside(pdf, LEFT_MM, RIGHT_MM) == []
    with _io(pdf) as document:
        pages = len(document.pages)
    assert pages <= MAX_PAGES
    text = "".join("".join(page_text(pdf, n) for n in range(1, pages + 1)).split())
    # Compared without the hyphens of words broken at the end of a line.
    text = text.replace("\u2010", "").replace("-", "")
    # Even with the longest titles the executive summary keeps to page 2.
    summary_end = "Whatchangedsincethelastround" if lang == "en" else "Cequiachangé"
    assert summary_end in "".join(page_text(pdf, 2).split())
    # The owner and due-date columns are printed once an action has them.
    assert ("Owner" if lang == "en" else "Responsable") in text
    assert "Directioninterministérielledelatransformationpublique" in text
