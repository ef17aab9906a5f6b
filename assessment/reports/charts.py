"""The results page's charts as static SVG for the PDF: one definition, two outputs.

Figures are drawn by plotly.js in a headless Chromium (Debian's, found on PATH) that
keeps its page loaded (``plotly_page``). Only report workers and the ``report``
command call this, never a web worker: the browser holds hundreds of megabytes and
its start takes seconds. One browser is started per process; exported SVGs are cached
by the figure's content, in memory and in a folder shared by every worker process.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from assessment.reports.plotly_page import PlotlyPage
from assessment.reports.svg_styles import presentation_attributes

# The PDF draws chart text with its own fonts: name the ones installed on the server.
PRINT_FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
DEFAULT_SIZE = (760, 420)
_SVG_SIZE = re.compile(rb'<svg[^>]*?\bwidth="(?P<width>[\d.]+)"[^>]*?\bheight="(?P<height>[\d.]+)"')
_MEMORY_LIMIT = 256


@dataclass(frozen=True)
class StaticChart:
    """A chart ready for print: its texts, its data table and the SVG image."""

    id: str
    title: str
    caption: str
    summary: str
    table_headers: tuple[str, ...]
    table_rows: tuple[tuple[str, ...], ...]
    svg: bytes

    @property
    def aspect(self) -> float:
        """Height over width of the drawing (from the SVG's own size)."""
        found = _SVG_SIZE.search(self.svg[:400])
        return float(found["height"]) / float(found["width"]) if found else 0.6

    def printed_table(self, values_header: str) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
        """The data table as the PDF prints it: headers and rows.

        A table of more than two value columns becomes two columns, each row's values
        labelled by their headers ("Discover: 3.1 · Define: 2.8"): WeasyPrint's cost
        grows with the number of cells, and the labels keep every number readable
        with its meaning.
        """
        headers, rows = self.table_headers, self.table_rows
        if len(headers) <= 3:
            return headers, list(rows)
        flattened = [
            (row[0], labelled(list(zip(headers[1:], row[1:], strict=True)))) for row in rows
        ]
        return (headers[0], values_header), flattened

    @property
    def alt(self) -> str:
        """The chart's text alternative: its title and its finding, in the report's language."""
        return f"{self.title}. {self.summary}"

    @property
    def data_uri(self) -> str:
        """The SVG as a ``data:`` URI, the only kind of image the PDF fetcher serves."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii")


class _Exporter:
    """One chart browser per process, and the SVG cache in front of it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._page: PlotlyPage | None = None
        self._memory: OrderedDict[str, bytes] = OrderedDict()
        self.exports = 0  # how many SVGs the browser drew (the rest came from the cache)

    def _browser(self) -> PlotlyPage:
        if self._page is None:
            self._page = PlotlyPage()
            atexit.register(self._page.close)
        return self._page

    def svg(self, figure: go.Figure, cache_dir: Path | None) -> bytes:
        width = figure.layout.width or DEFAULT_SIZE[0]
        height = figure.layout.height or DEFAULT_SIZE[1]
        # Keyed by the figure as defined, and by what printing changes (named here, so
        # that a change gives new keys): a figure found in the cache is never copied.
        spec = (
            figure.to_json()
            + f"|print font {PRINT_FONT}, no title|svg|{width}x{height}|presentation-attributes"
        )
        key = hashlib.sha256(spec.encode()).hexdigest()
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return self._memory[key]
            cached = cache_dir / f"{key}.svg" if cache_dir else None
            if cached is not None and cached.is_file():
                svg = cached.read_bytes()
            else:
                svg = self._export(_printable(figure), width, height)
                if cached is not None:
                    _write_atomically(cached, svg)
            self._memory[key] = svg
            if len(self._memory) > _MEMORY_LIMIT:
                self._memory.popitem(last=False)
            return svg

    def _export(self, figure: go.Figure, width: int, height: int) -> bytes:
        svg = self._browser().svg(figure.to_json(), width, height)
        self.exports += 1
        return presentation_attributes(svg)


def _printable(figure: go.Figure) -> go.Figure:
    printable = go.Figure(figure)
    # The PDF prints the title as real text in the figure's caption.
    printable.update_layout(font_family=PRINT_FONT, title_text="")
    return printable


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)


exporter = _Exporter()


def labelled(pairs: Sequence[tuple[str, object]]) -> str:
    """``[("1", 0), ("2", 4)]`` as "1: 0 · 2: 4": each value says what it counts.

    The PDF prints such a cell rather than a column per value: a screen reader reads
    each number with its label, and WeasyPrint lays tables out cell by cell (a column
    per answer made the appendix the slowest part of the report).
    """
    return " · ".join(f"{label}: {value}" for label, value in pairs)


@dataclass(frozen=True)
class PrintedEntry:
    """A chart of the results page as the PDF prints it: drawn, or its omission note."""

    questionnaire: str | None  # None: a chart of the whole result (the trend)
    chart: StaticChart | None
    omission: Any = None  # an ``assessment.results.charts.Omission`` when there is no chart


def printed_plan(plan: Sequence[Any], cache_dir: Path | None = None) -> list[PrintedEntry]:
    """Every entry of ``results.charts.chart_plan``, charts exported to SVG, in page order.

    The PDF draws every chart the results page draws, and states every omission (with
    its reason) where the page does.
    """
    charts = [p.entry for p in plan if hasattr(p.entry, "figure")]
    images = iter(static_charts(charts, cache_dir))
    return [
        PrintedEntry(p.questionnaire, next(images), None)
        if hasattr(p.entry, "figure")
        else PrintedEntry(p.questionnaire, None, p.entry)
        for p in plan
    ]


def static_charts(charts: Sequence[Any], cache_dir: Path | None = None) -> list[StaticChart]:
    """Export each chart (an ``assessment.results.charts.Chart``) to SVG, cached by content."""
    return [
        StaticChart(
            id=chart.id,
            title=chart.title,
            caption=chart.caption,
            summary=chart.summary,
            table_headers=tuple(chart.table_headers),
            table_rows=tuple(tuple(row) for row in chart.table_rows),
            svg=exporter.svg(chart.figure, cache_dir),
        )
        for chart in charts
    ]
