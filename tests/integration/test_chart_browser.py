"""The chart browser: a Chromium page that keeps plotly.js loaded between figures."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import plotly.graph_objects as go
import pytest

from assessment.reports.plotly_page import FigureError, PlotlyPage
from assessment.tasks.priority import descendants

# The subject does not depend on the database: SQLite alone (tests/fixtures/database.py).
pytestmark = pytest.mark.sqlite_only


@pytest.fixture(scope="module")
def page() -> Iterator[PlotlyPage]:
    browser = PlotlyPage()
    yield browser
    browser.close()


def bars(*values: float, label: str = "Définir 50 %") -> str:
    return go.Figure(go.Bar(x=[label, "B", "C"][: len(values)], y=list(values))).to_json()


def test_figures_are_drawn_at_their_size_with_their_text(page: PlotlyPage) -> None:
    first = page.svg(bars(3, 1, 2), 600, 400).decode()
    second = page.svg(bars(1, 2), 320, 200).decode()
    assert first.startswith("<svg") and 'width="600" height="400"' in first
    assert second.startswith("<svg") and 'width="320" height="200"' in second
    # The text comes back decoded, "%" and accents included.
    assert "Définir 50 %" in first
    # One figure leaves nothing behind for the next: the second has two bars, not five.
    assert second.count('class="point"') == 2


def test_a_raster_has_its_size_times_the_scale_and_becomes_a_sharp_jpeg(page: PlotlyPage) -> None:
    import io

    from PIL import Image

    from assessment.reports.charts import _jpeg

    png = page.png(bars(3, 1, 2), 600, 400, 2)
    with Image.open(io.BytesIO(png)) as image:
        assert (image.format, image.size) == ("PNG", (1200, 800))
    jpeg = _jpeg(png)
    with Image.open(io.BytesIO(jpeg)) as image:
        assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (1200, 800))
        # No chroma subsampling: 4:4:4, every pixel keeps its own colour.
        assert image.layer == [(1, 1, 1, 0), (2, 1, 1, 1), (3, 1, 1, 1)]


def test_a_figure_that_cannot_be_drawn_is_an_error_and_the_next_one_is_drawn(
    page: PlotlyPage,
) -> None:
    with pytest.raises(FigureError, match="could not be drawn: SyntaxError"):
        page.svg('{"data": [', 600, 400)
    assert page.svg(bars(2, 3), 600, 400).startswith(b"<svg")


def test_a_browser_that_died_is_replaced_at_the_next_figure() -> None:
    # Only the browser's processes: the session's servers (Redis) are children too.
    before = set(descendants(os.getpid()))
    page = PlotlyPage()
    assert page.svg(bars(1, 2), 600, 400).startswith(b"<svg")
    started = [pid for pid in descendants(os.getpid()) if pid not in before]
    assert started, "the page runs in a browser this process started"
    for pid in started:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    with pytest.raises(Exception):  # noqa: B017 - how the dead browser fails is its own business
        page.svg(bars(3, 1), 600, 400)
    assert page.svg(bars(3, 1), 600, 400).startswith(b"<svg")
    page.close()
