"""Chart styles become presentation attributes, and the chart is drawn exactly the same."""

from __future__ import annotations

import base64
import io

from pypdf import PdfReader

from assessment.reports.render import html_to_pdf
from assessment.reports.svg_styles import declarations, presentation_attributes

# Shaped like Plotly's output: quoted font names inside style, an attribute that a
# declaration overrides, an important declaration, a vendor one, text and a pattern.
CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="160" style=""'
    ' viewBox="0 0 300 160">'
    '<defs><pattern id="p" width="8" height="8" patternUnits="userSpaceOnUse">'
    '<path d="M0,8L8,0" style="stroke: rgb(255, 255, 255); stroke-width: 2px;"/></pattern>'
    "</defs>"
    '<rect x="0" y="0" width="300" height="160" style="fill: rgb(250, 250, 250);'
    ' fill-opacity: 1;"/>'
    '<rect x="20" y="40" width="120" height="30" fill="red" style="fill: rgb(0, 114, 178)'
    ' !important; stroke: rgb(11, 12, 12); stroke-width: 1px; -webkit-fill: red;"/>'
    '<rect x="150" y="40" width="120" height="30" style="fill: url(&quot;#p&quot;);"/>'
    '<text x="20" y="110" text-anchor="start" style="font-family: &quot;DejaVu Sans&quot;,'
    ' Arial, sans-serif; font-size: 14px; fill: rgb(11, 12, 12); white-space: pre;">'
    "Leaders &amp; staff</text>"
    "</svg>"
)


def page_drawing(svg: str) -> bytes:
    image = base64.b64encode(svg.encode()).decode()
    html = (
        "<!DOCTYPE html><html lang='en'><head><title>Chart</title></head><body>"
        f"<img src='data:image/svg+xml;base64,{image}' alt='A chart'></body></html>"
    )
    reader = PdfReader(io.BytesIO(html_to_pdf(html, "en")))
    contents = reader.pages[0].get_contents()
    assert contents is not None
    return contents.get_data()


def test_declarations_come_as_weasyprint_applies_them_important_last_vendor_ones_left_out():
    found = declarations("fill: red !important; stroke: blue; -webkit-x: 1; FONT-SIZE: 12px")
    assert found == [("stroke", "blue"), ("font-size", "12px"), ("fill", "red")]


def test_every_style_becomes_attributes_that_override_the_ones_it_replaces():
    rewritten = presentation_attributes(CHART.encode()).decode()
    assert "style=" not in rewritten
    assert rewritten.count(' fill="rgb(0, 114, 178)"') == 1 and 'fill="red"' not in rewritten
    assert 'font-family="&quot;DejaVu Sans&quot;, Arial, sans-serif"' in rewritten
    assert 'fill="url(&quot;#p&quot;)"' in rewritten
    assert ">Leaders &amp; staff</text>" in rewritten


def test_a_tag_it_cannot_read_is_left_as_it_is():
    odd = "<svg><rect style='fill: red' x=\"1\"/></svg>"
    assert presentation_attributes(odd.encode()).decode() == odd


def test_the_chart_is_drawn_exactly_as_before():
    assert page_drawing(presentation_attributes(CHART.encode()).decode()) == page_drawing(CHART)
