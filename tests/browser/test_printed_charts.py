"""Charts as the capability report prints them: every label inside, none on another.

The report draws each chart of the results page at its print size, with the print font
(``reports.charts.exporter``), as an image: its words cannot be read back from the PDF.
So the same drawings, exported as SVG, are laid out in Chromium and measured with the
results page's checks (``test_phone_charts.chart_check``): no text outside the drawing,
none too small, no value on a value, and none within 3 px of a spoke's name. The demo
agency's closed round, in English and French.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale

from assessment.charting import Chart
from assessment.reports.charts import exporter
from assessment.results.charts import chart_plan
from tests.browser.test_phone_charts import chart_check
from tests.fixtures.browser import seed_demo
from tests.fixtures.demo import reported_data

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

# Printed small, a value touching a spoke's name reads as one word: keep them apart.
PRINTED_CHART_PROBLEMS = chart_check(gap_px=3)


@pytest.fixture()
def demo(app: Flask) -> Iterator[None]:
    seed_demo(app, "--organisations", "1")
    with app.app_context():
        yield


def printed_svgs(lang: str) -> dict[str, str]:
    """The report's charts of the demo agency's closed round as printed, by chart id."""
    data = reported_data(lang)
    with force_locale(lang):
        charts = [p.entry for p in chart_plan(data) if isinstance(p.entry, Chart)]
        return {chart.id: exporter.svg(chart.figure, None).decode() for chart in charts}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_printed_charts_keep_every_label_clear(
    demo: None, open_page: Callable[..., Any], lang: str
) -> None:
    svgs = printed_svgs(lang)
    assert any(chart.startswith("radar-") for chart in svgs)
    page = open_page(viewport={"width": 1400, "height": 900})
    page.set_content(
        "<!DOCTYPE html><html><body>"
        + "".join(f'<div id="{chart}">{svg}</div>' for chart, svg in svgs.items())
        + "</body></html>"
    )
    problems = {
        chart: found
        for chart in svgs
        if (found := page.locator(f'[id="{chart}"]').evaluate(PRINTED_CHART_PROBLEMS))
    }
    assert problems == {}
