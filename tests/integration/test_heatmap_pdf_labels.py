"""The benchmark report's heatmap as printed: its column labels never run into each other.

The explorer's PDF draws the heatmap of medians (a column per dimension, their names in
full) from the same figure as the web page. Read back with pdfminer.six: no two words
of a page that carries the heatmap overlap, in English and in French (longer names).
"""

from __future__ import annotations

import json

import pytest
from flask import Flask
from pdfminer.layout import LTChar

from assessment.reports.benchmark_pipeline import EXPLORER, benchmark_pdf
from tests.fixtures.benchmarks import QUESTIONNAIRE, publish, seed_countries
from tests.fixtures.pdf_layout import Word, page_text, pages

# The subject does not depend on the database: SQLite alone (tests/fixtures/database.py).
pytestmark = pytest.mark.sqlite_only

HEATMAP_TITLE = {"en": "Median score by dimension and group", "fr": "Score médian par dimension"}
COLUMN = {"en": "Overall", "fr": "Global"}
# Glyph boxes of neighbouring words on one line may touch: overlap means more than this.
SLACK = 0.5


def _chars(container: object) -> list[LTChar]:
    # A chart is an image: its text sits in a figure (a form XObject), not a text box.
    if isinstance(container, LTChar):
        return [container] if container.get_text().strip() else []
    return [c for child in getattr(container, "_objs", []) or [] for c in _chars(child)]


def drawn_words(pdf: bytes, number: int) -> list[Word]:
    """The words of page ``number``, the chart's included, in drawing order.

    Characters run into one word while each starts where the last ended on its line.
    """
    found: list[Word] = []
    run: list[LTChar] = []

    def close() -> None:
        if run:
            found.append(Word(number, "".join(c.get_text() for c in run),
                              min(c.x0 for c in run), min(c.y0 for c in run),
                              max(c.x1 for c in run), max(c.y1 for c in run)))  # fmt: skip
            run.clear()

    for char in _chars(pages(pdf)[number - 1]):
        if run and not (abs(char.y0 - run[-1].y0) < 0.5 and abs(char.x0 - run[-1].x1) < 1):
            close()
        run.append(char)
    close()
    return found


def overlapping(found: list[Word]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes cover each other."""
    pairs = []
    for index, one in enumerate(found):
        for other in found[index + 1 :]:
            if (
                one.x0 < other.x1 - SLACK
                and other.x0 < one.x1 - SLACK
                and one.y0 < other.y1 - SLACK
                and other.y0 < one.y1 - SLACK
            ):
                pairs.append((one.text, other.text))
    return pairs


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_printed_heatmap_has_no_overlapping_labels(
    app: Flask, app_context: None, lang: str
) -> None:
    seed_countries({"FR": 15, "CA": 15, "PT": 15})
    publish()
    query = {"questionnaire": QUESTIONNAIRE, "group_by": "government_level"}
    pdf = benchmark_pdf(json.dumps({"scope": EXPLORER, "query": query}), lang)
    # The page that draws the heatmap: its figure caption names it.
    heatmap_pages = [
        n for n in range(1, len(pages(pdf)) + 1) if HEATMAP_TITLE[lang] in page_text(pdf, n)
    ]
    assert heatmap_pages, "the heatmap is not in the report"
    for number in heatmap_pages:
        on_page = drawn_words(pdf, number)
        # The drawing's own text is there (not an image of it): a column label, alone.
        assert overlapping(on_page) == []
        assert COLUMN[lang] in [w.text for w in on_page], " ".join(w.text for w in on_page)
