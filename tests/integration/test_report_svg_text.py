"""The faster SVG text drawer draws chart text where WeasyPrint's own drawer does."""

from __future__ import annotations

import base64
import importlib
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from assessment.reports import svg_text

STYLE = "font-family: 'DejaVu Sans', sans-serif; font-size: 14px; fill: rgb(11, 12, 12)"
# What Plotly writes: one position per text, anchors, transforms, and tspan lines.
CHART = f"""<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">
<text x="200" y="30" text-anchor="start" style="{STYLE}">Left label</text>
<text x="200" y="60" text-anchor="middle" style="{STYLE}">Centred label</text>
<text x="0" y="0" text-anchor="end" transform="translate(380,90)" style="{STYLE}">Right</text>
<text x="0" y="0" text-anchor="middle" transform="rotate(-90,20,150)" style="{STYLE}">Turned</text>
<text text-anchor="middle" x="200" y="130" style="{STYLE}"><tspan class="line" dy="0em"
 x="200" y="130">Mandate and</tspan><tspan class="line" dy="1.3em" x="200"
 y="130">strategy</tspan></text>
</svg>"""


@contextmanager
def weasyprint_drawer() -> Iterator[None]:
    """WeasyPrint's own text drawer, for the length of the block."""
    package = importlib.import_module("weasyprint.svg")
    saved = dict(package.TAGS), package.text
    original = svg_text._original
    for tag, drawer in saved[0].items():
        if drawer is svg_text.draw_text:
            package.TAGS[tag] = original
    package.text = original
    try:
        yield
    finally:
        package.TAGS.update(saved[0])
        package.text = saved[1]


def drawn_text(svg: str) -> list[tuple[str, tuple[float, ...]]]:
    """Each piece of text the PDF shows, with the matrices it is drawn with."""
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    pdf = HTML(string=f'<img alt="chart" style="width: 400px" src="{uri}">').write_pdf()
    found: list[tuple[str, tuple[float, ...]]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            found.append((text, tuple(round(v, 1) for v in (*cm, *tm))))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return found


def test_the_drawer_is_used_with_the_weasyprint_it_was_written_for() -> None:
    assert svg_text.install() is True
    package = importlib.import_module("weasyprint.svg")
    assert package.TAGS["text"] is svg_text.draw_text is package.text


def test_chart_text_is_drawn_with_the_same_words_in_the_same_places(
    caplog: pytest.LogCaptureFixture,
) -> None:
    svg_text.install()
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        fast = drawn_text(CHART)
    with weasyprint_drawer():
        reference = drawn_text(CHART)
    assert caplog.records == []
    words = " ".join(text for text, _ in fast)
    for label in ("Left label", "Centred label", "Right", "Turned", "Mandate and", "strategy"):
        assert label in words
    assert fast == reference
