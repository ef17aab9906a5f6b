"""Chart text in a report is real text: WeasyPrint draws every label Plotly writes."""

from __future__ import annotations

import base64
import io
import logging

import pytest
from pypdf import PdfReader

from assessment.reports.fetcher import StaticFileFetcher
from assessment.reports.render import html_to_pdf

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
LABELS = ("Left label", "Centred label", "Right", "Turned", "Mandate and", "strategy")


def test_every_label_of_a_chart_is_printed_as_text_a_reader_can_find(
    caplog: pytest.LogCaptureFixture,
) -> None:
    uri = "data:image/svg+xml;base64," + base64.b64encode(CHART.encode()).decode()
    html = (
        "<!DOCTYPE html><html lang='en'><head><title>Chart</title></head><body>"
        f'<img alt="A chart" style="width: 400px" src="{uri}"></body></html>'
    )
    fetcher = StaticFileFetcher()
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        pdf = html_to_pdf(html, "en", fetcher)
    assert caplog.records == []
    assert fetcher.refused == []
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for label in LABELS:
        assert label in text
