"""The report's URL fetcher: data: URIs and our own static files, nothing else.

The second half drives WeasyPrint itself with hostile HTML, to show that the fetcher
is what stands between markup and the network or the server's files.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from weasyprint.urls import URLFetcher

from assessment.reports.fetcher import STATIC_ROOT, RefusedURL, StaticFileFetcher
from assessment.reports.render import html_to_pdf


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def listening() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request made to it."""
    _Recorder.hits = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _Recorder.hits
    server.shutdown()
    server.server_close()


def test_the_fetcher_is_a_weasyprint_url_fetcher() -> None:
    assert isinstance(StaticFileFetcher(), URLFetcher)


def test_data_uris_are_served() -> None:
    fetcher = StaticFileFetcher()
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
    response = fetcher.fetch("data:image/svg+xml;base64," + base64.b64encode(svg).decode())
    assert response.read() == svg
    assert response.content_type == "image/svg+xml"
    plain = fetcher.fetch("data:text/plain;charset=utf-8,caf%C3%A9")
    assert plain.read().decode(plain.charset) == "café"


def test_our_static_files_are_served() -> None:
    response = StaticFileFetcher().fetch("report-static:report.css")
    assert response.read() == (STATIC_ROOT / "report.css").read_bytes()
    assert response.content_type == "text/css"


def test_images_handed_to_the_fetcher_are_served_to_its_document_only() -> None:
    fetcher = StaticFileFetcher()
    url = fetcher.add_image(b"\xff\xd8 a chart", "image/jpeg")
    assert url.startswith("report-image:") and len(url) == len("report-image:") + 64
    response = fetcher.fetch(url)
    assert response.read() == b"\xff\xd8 a chart" and response.content_type == "image/jpeg"
    # Another document's fetcher, or a name never handed over, gets nothing.
    for other, asked in ((StaticFileFetcher(), url), (fetcher, "report-image:" + "0" * 64)):
        with pytest.raises(RefusedURL):
            other.fetch(asked)
        assert other.refused == [asked]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        f"file://{STATIC_ROOT}/report.css",  # even our own folder, when asked by path
        "http://127.0.0.1:9/x",
        "https://example.org/x.png",
        "ftp://example.org/x",
        "//example.org/x",
        "javascript:alert(1)",
        "report-static:../fetcher.py",
        "report-static:../../../../etc/passwd",
        "report-static:%2e%2e/fetcher.py",
        "report-static:/etc/passwd",
        "report-static:nested/../../fetcher.py",
        "report-static:missing.css",
        "REPORT-STATIC:report.css",
        "data-uri:text/plain,x",
    ],
)
def test_everything_else_is_refused_and_remembered(url: str) -> None:
    fetcher = StaticFileFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert fetcher.served == []


def test_a_symlink_out_of_the_static_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.css").write_text("secret")
    root = tmp_path / "static"
    root.mkdir()
    (root / "link.css").symlink_to(tmp_path / "outside.css")
    with pytest.raises(RefusedURL):
        StaticFileFetcher(root).fetch("report-static:link.css")


def test_weasyprint_fetches_nothing_that_hostile_markup_asks_for(
    listening: tuple[str, list[str]],
) -> None:
    base, hits = listening
    html = f"""<!DOCTYPE html><html lang="en"><head><title>Hostile</title>
      <link rel="stylesheet" href="{base}/style.css">
      <link rel="stylesheet" href="file:///etc/passwd">
      <style>@import url("{base}/import.css");
        body {{ background: url("{base}/background.png") }}</style></head>
      <body><h1>Hostile</h1>
      <img src="{base}/image.png" alt="remote">
      <img src="file:///etc/passwd" alt="local">
      <object data="{base}/object"></object><iframe src="{base}/frame"></iframe>
      <svg xmlns="http://www.w3.org/2000/svg"><image href="{base}/in-svg.png"/></svg>
      </body></html>"""
    fetcher = StaticFileFetcher()
    pdf = html_to_pdf(html, "en", fetcher)
    assert pdf.startswith(b"%PDF")
    assert hits == []
    assert b"root:" not in pdf
    assert fetcher.served == []
    assert {f"{base}/image.png", "file:///etc/passwd", f"{base}/style.css"} <= set(fetcher.refused)
