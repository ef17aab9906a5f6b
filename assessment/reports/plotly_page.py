"""Plotly figures drawn as SVG or PNG by one page of a headless Chromium that stays loaded.

kaleido, Plotly's own exporter, reloads its page after every figure so that each
starts from a clean state: plotly.js (3.5 MB) is parsed again each time, which cost
about 0.4 s of the browser's CPU per chart, several seconds per report, and made one
report worker keep more than one core busy. Here the page loads plotly.js once and
every figure is drawn with ``Plotly.toImage``, which builds a detached plot of its
own and removes it, so no state carries from one figure to the next (0.03 s each).
Only public interfaces are used: choreographer's browser and tabs (the library kaleido
itself drives Chromium with), the DevTools protocol's ``Runtime.evaluate`` and
plotly.js's ``toImage``.

The browser runs on an event loop of its own, in a daemon thread, so that callers
stay synchronous; a browser that dies or stops answering is replaced at the next call.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import tempfile
import threading
import urllib.parse
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

import plotly

log = logging.getLogger(__name__)

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
_SVG_PREFIX = "data:image/svg+xml,"
_PNG_PREFIX = "data:image/png;base64,"
# The first figure waits for Chromium to start and plotly.js to load.
START_SECONDS = 60.0
FIGURE_SECONDS = 60.0

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Charts</title>
<script src="{plotly}"></script>
<script>
function draw(figure, format, width, height, scale) {{
  return Plotly.toImage(
    {{data: figure.data || [], layout: figure.layout || {{}}, config: figure.config || {{}}}},
    {{format: format, width: width, height: height, scale: scale}}
  );
}}
</script></head><body></body></html>
"""


class ChartBrowserError(RuntimeError):
    """The browser could not draw a figure (it did not start, answer or draw)."""


class FigureError(ChartBrowserError):
    """plotly.js refused the figure; the page itself is fine."""


class PlotlyPage:
    """A headless Chromium tab with plotly.js loaded once, drawing figures on demand."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._browser: Any = None
        self._tab: Any = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None

    def svg(self, figure_json: str, width: int, height: int) -> bytes:
        """The figure (Plotly's JSON) drawn as an SVG document of ``width`` × ``height``."""
        return self._guarded(figure_json, "svg", width, height, 1)

    def png(self, figure_json: str, width: int, height: int, scale: int) -> bytes:
        """The figure drawn as a PNG of ``width`` × ``height`` times ``scale`` pixels."""
        return self._guarded(figure_json, "png", width, height, scale)

    def _guarded(self, figure_json: str, fmt: str, width: int, height: int, scale: int) -> bytes:
        with self._lock:
            try:
                if self._tab is None:
                    self._run(self._open(), START_SECONDS)
                drawing = self._draw(figure_json, fmt, width, height, scale)
                return bytes(self._run(drawing, FIGURE_SECONDS))
            except FigureError:
                raise
            except Exception:
                # Whatever went wrong, the next figure gets a fresh browser.
                self._close_quietly()
                raise

    def close(self) -> None:
        """Stop the browser (it starts again at the next figure)."""
        with self._lock:
            self._close_quietly()

    def _run(self, coroutine: Any, timeout: float) -> Any:
        if self._loop is None or self._loop.is_closed():
            self._loop = asyncio.new_event_loop()
            threading.Thread(
                target=self._loop.run_forever, name="chart-browser", daemon=True
            ).start()
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except FutureTimeout as error:
            future.cancel()
            message = f"the chart browser did not answer in {timeout:.0f} s"
            raise ChartBrowserError(message) from error

    async def _open(self) -> None:
        import choreographer

        self._folder = tempfile.TemporaryDirectory(prefix="charts-")
        page = Path(self._folder.name) / "index.html"
        page.write_text(_PAGE.format(plotly=PLOTLY_JS.as_uri()), encoding="utf-8")
        self._browser = await choreographer.Browser(headless=True)
        self._tab = await self._browser.create_tab(page.as_uri())
        while not await self._evaluate("typeof Plotly === 'object'"):
            await asyncio.sleep(0.02)

    async def _draw(self, figure_json: str, fmt: str, width: int, height: int, scale: int) -> bytes:
        # JSON is valid JavaScript: the figure goes in as a literal, not as code.
        size = f"{int(width)}, {int(height)}, {int(scale)}"
        url = await self._evaluate(f"draw({figure_json}, {json.dumps(fmt)}, {size})")
        if isinstance(url, str) and url.startswith(_SVG_PREFIX):
            return urllib.parse.unquote(url[len(_SVG_PREFIX) :]).encode("utf-8")
        if isinstance(url, str) and url.startswith(_PNG_PREFIX):
            return base64.b64decode(url[len(_PNG_PREFIX) :])
        raise FigureError(f"the figure could not be drawn: {str(url)[:200]}")

    async def _evaluate(self, expression: str) -> Any:
        response = await self._tab.send_command(
            "Runtime.evaluate",
            params={"expression": expression, "awaitPromise": True, "returnByValue": True},
        )
        if "error" in response:
            raise ChartBrowserError(json.dumps(response["error"])[:300])
        result = response["result"]
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            message = details.get("exception", {}).get("description") or details.get("text")
            raise FigureError(f"the figure could not be drawn: {str(message)[:300]}")
        return result["result"].get("value")

    def _close_quietly(self) -> None:
        browser, self._browser, self._tab = self._browser, None, None
        if browser is not None and self._loop is not None and not self._loop.is_closed():
            try:
                asyncio.run_coroutine_threadsafe(browser.close(), self._loop).result(10)
            except Exception:  # a browser already gone: nothing left to stop
                log.debug("the chart browser did not close cleanly", exc_info=True)
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
