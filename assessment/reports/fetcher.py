"""The only way WeasyPrint may load anything: ``data:`` URIs and the report's own files.

WeasyPrint's default fetcher opens any URL, follows redirects and reads local files, so
markup slipped into a report could make it call internal services or embed files from
the server. Everything a report shows is escaped text, and this fetcher is the second
wall: it answers ``data:`` URIs, ``report-static:<name>`` (a file in this package's
``static/`` folder) and ``report-image:<sha256>`` (an image the report handed to this
fetcher, named by its content), and refuses everything else, remembering what it refused.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote_to_bytes

from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_ROOT = Path(__file__).resolve().parent / "static"
STATIC_SCHEME = "report-static:"
IMAGE_SCHEME = "report-image:"
# Static names are plain relative paths: no scheme, no "..", no leading slash.
_STATIC_NAME = re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.[A-Za-z0-9]+$")
_DATA_URI = re.compile(r"^data:(?P<type>[^,;]*)(?P<params>(?:;[^,;]*)*),(?P<data>.*)$", re.S)


def _response(url: str, body: bytes, content_type: str, charset: str | None) -> URLFetcherResponse:
    """A response that states its type, as an HTTP server would in ``Content-Type``."""
    header = content_type if charset is None else f"{content_type}; charset={charset}"
    return URLFetcherResponse(url, body, headers={"Content-Type": header})


class RefusedURL(ValueError):
    """Raised for a URL this fetcher does not serve; WeasyPrint skips the resource."""


class StaticFileFetcher(URLFetcher):
    """Serve ``data:`` URIs and the report's static files; refuse anything else."""

    def __init__(self, static_root: Path = STATIC_ROOT) -> None:
        # No network handlers matter: fetch() below never hands a URL to urllib.
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self.static_root = static_root.resolve()
        self.images: dict[str, tuple[bytes, str]] = {}
        self.served: list[str] = []
        self.refused: list[str] = []

    def add_image(self, body: bytes, content_type: str) -> str:
        """Serve ``body`` to this fetcher's document; returns its ``report-image:`` URL.

        A large image in a ``data:`` URI is text the HTML parser reads character by
        character; this short URL, named by the content, costs nothing to parse.
        """
        url = IMAGE_SCHEME + hashlib.sha256(body).hexdigest()
        self.images[url] = (body, content_type)
        return url

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """Return the resource at ``url``, or raise :class:`RefusedURL`."""
        if url.lower().startswith("data:"):
            response = self._data(url)
        elif url.startswith(STATIC_SCHEME):
            response = self._static(url)
        elif url in self.images:
            body, content_type = self.images[url]
            response = _response(url, body, content_type, None)
        else:
            response = None
        if response is None:
            self.refused.append(url)
            raise RefusedURL(f"the report may not load {url[:80]!r}")
        self.served.append(url if not url.startswith("data:") else url[:40])
        return response

    def _data(self, url: str) -> URLFetcherResponse | None:
        match = _DATA_URI.match(url)
        if match is None:
            return None
        params = [p.strip().lower() for p in match["params"].split(";") if p.strip()]
        try:
            if "base64" in params:
                body = base64.b64decode(match["data"], validate=False)
            else:
                body = unquote_to_bytes(match["data"])
        except ValueError:
            return None
        charset = next((p[8:] for p in params if p.startswith("charset=")), None)
        return _response(url, body, match["type"].strip().lower() or "text/plain", charset)

    def _static(self, url: str) -> URLFetcherResponse | None:
        name = url[len(STATIC_SCHEME) :]
        if not _STATIC_NAME.match(name):
            return None
        path = (self.static_root / name).resolve()
        if not path.is_relative_to(self.static_root) or not path.is_file():
            return None
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return _response(
            url,
            path.read_bytes(),
            content_type,
            "utf-8" if content_type.startswith("text/") else None,
        )
