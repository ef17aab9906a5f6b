"""Report content to HTML (Jinja, escaping everything) to a tagged PDF (WeasyPrint).

The report has its own Jinja environment rather than the app's: it needs no request
and no signed-in user, and autoescaping is forced on for every template it loads. Its
``_()`` and ``ngettext()`` are Flask-Babel's, and a report is rendered inside
``flask_babel.force_locale`` of its own language, whatever the language of the page
that asked for it (Flask-Babel keeps the forced language on ``flask.g``, so an app
context is enough: the report worker and the CLI have one, no request is needed).
WeasyPrint gets the HTML as a string, the stylesheet as a parsed object (never a URL)
and :class:`StaticFileFetcher` for anything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from flask_babel import force_locale, gettext, ngettext
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from assessment.reports.fetcher import STATIC_ROOT, StaticFileFetcher
from assessment.reports.tagging import finish_tagged_pdf

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates" / "reports"
_COUNTERS = ("%(page)s", "%(pages)s")
_COUNTER = re.compile(r"(%\(pages?\)s)")
TEMPLATE = "capability.html"
# PDF/UA-1: a tagged PDF with the document's language and title, for screen readers.
PDF_VARIANT = "pdf/ua-1"


def _field_of(path: str, record: Any) -> Any:
    value = record
    for part in path.split("."):
        value = value[part] if isinstance(value, dict) else getattr(value, part)
    return value


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The report templates' environment: autoescaped, strict about missing values."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Looked up in the language in force when called: render_html forces the report's.
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["field_of"] = _field_of
    return env


def render_html(
    content: dict[str, Any], template: str = TEMPLATE, words: Callable[..., str] | None = None
) -> str:
    """The report ``template`` as an HTML document, in ``content["lang"]``.

    ``words``: a report's own wording, ``words(key, lang, **values)``, offered to the
    template as ``w`` (the benchmark report's); every template has ``_()``.
    """
    page = environment().get_template(template)
    lang = content["lang"]
    extra = {} if words is None else {"w": partial(words, lang=lang)}
    with force_locale(lang):
        return page.render(**content, **extra)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: every character that could end it is escaped."""
    return '"' + "".join(c if c.isalnum() or c in " .,-–" else f"\\{ord(c):x} " for c in text) + '"'


def page_css(lang: str, running_head: str | None = None) -> str:
    """Running head and "Page n of N" in ``lang`` (our own words, never user text).

    Page furniture is drawn from fixed strings: taking it from the document
    (``string-set``) cost WeasyPrint a tenth more layout work.
    """
    with force_locale(lang):
        title = css_string(running_head or gettext("Innovation capability report"))
        # Translators: the foot of every PDF page; keep both placeholders.
        numbering = gettext("Page %(page)s of %(pages)s")
    # The translation's words around CSS counters, in the translation's own order.
    parts = [
        f"counter({part[2:-2]})" if part in _COUNTERS else css_string(part)
        for part in _COUNTER.split(numbering)
        if part
    ]
    small = "font-size: 7.5pt; color: #505a5f;"
    return (
        f"@page {{ @top-right {{ content: {title}; {small} }}"
        f" @bottom-right {{ content: {' '.join(parts)}; {small} }} }}"
        " @page :first { @top-right { content: none; } }"
    )


@lru_cache(maxsize=8)
def stylesheets(lang: str, running_head: str | None = None) -> tuple[Any, ...]:
    """The report's parsed stylesheets (parsed once per process and language)."""
    from weasyprint import CSS

    fetcher = StaticFileFetcher()
    return (
        CSS(string=(STATIC_ROOT / "report.css").read_text(), url_fetcher=fetcher),
        CSS(string=page_css(lang, running_head), url_fetcher=fetcher),
    )


# WeasyPrint's parsed images by URL, kept between reports: chart images are data: URIs,
# named by their content, so a hit is always the same image (saves a tenth of a render).
# Each entry keeps the layout context it was first drawn with: keep few.
_images: dict[str, Any] = {}
_IMAGES_KEPT = 32


def forget_images() -> None:
    """Empty the image cache (the next render fetches every image again)."""
    _images.clear()


def html_to_pdf(
    html: str,
    lang: str,
    fetcher: StaticFileFetcher | None = None,
    running_head: str | None = None,
    *,
    title: str = "",
    figure_alts: Sequence[str] = (),
) -> bytes:
    """Render ``html`` to a PDF/UA-1 document; nothing is fetched but through ``fetcher``.

    ``running_head``: the title at the top of every page but the first (default: the
    capability report's). The tags WeasyPrint leaves out are added afterwards
    (``tagging.finish_tagged_pdf``, with ``title`` and ``figure_alts`` as fallbacks).
    """
    from weasyprint import HTML

    if len(_images) > _IMAGES_KEPT:
        forget_images()
    document = HTML(string=html, base_url=None, url_fetcher=fetcher or StaticFileFetcher())
    pdf = document.write_pdf(
        stylesheets=list(stylesheets(lang, running_head)), pdf_variant=PDF_VARIANT, cache=_images
    )
    assert pdf is not None  # write_pdf returns the bytes when given no target
    return finish_tagged_pdf(pdf, language=lang, title=title, figure_alts=figure_alts)


def render_pdf(content: dict[str, Any], fetcher: StaticFileFetcher | None = None) -> bytes:
    """The capability report as PDF bytes (its chart images served by ``fetcher``)."""
    fetcher = fetcher or StaticFileFetcher()
    alts = [entry.chart.alt for entry in _printed_charts(content) if entry.chart is not None]
    html = render_html({**content, "image_fetcher": fetcher})
    return html_to_pdf(html, content["lang"], fetcher, figure_alts=alts)


def _printed_charts(content: dict[str, Any]) -> list[Any]:
    # In the order the template draws them: each questionnaire's, then the whole result's.
    return [e for i in content["instruments"] for e in i.charts] + list(content["charts"])
