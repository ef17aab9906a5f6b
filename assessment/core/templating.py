"""Fragment caching for templates: render a block once per key, reuse it afterwards.

    {% cache "answer-legend", lang, definition.id, definition.version, item.id %}
      …markup that depends only on the values in the key…
    {% endcache %}

The question page is the page respondents load most, and most of it (a question's
wording, its hint, the comment field's and the timeout dialog's texts) is the same for
everyone who reads it in one language; rendering those parts through macros and
translations on every request was a good share of the page's cost. A block's output
is kept per key in memory, in each worker, for as long as the app runs.

Everything a cached block shows must be in its key: values per person or per request
(answers, errors, tokens, URLs with a link in them) stay outside the block. Keys must
come from bounded sets (languages, questionnaire items, positions), never from what a
request sends; the cache is capped anyway. When templates reload on change (debug),
nothing is cached, so an edited template shows at once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, cast

from flask import Flask, has_request_context, request
from jinja2 import Environment, nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup

MAX_FRAGMENTS = 4096
MAX_STATIC_URLS = 256


class FragmentCache(Extension):
    """The ``{% cache key, … %}…{% endcache %}`` tag."""

    tags = {"cache"}

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        self.fragments: dict[tuple[Hashable, ...], Markup | str] = {}

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        key = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            key.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        render_once = self.call_method("_render_once", [nodes.Tuple(key, "load")])
        return nodes.CallBlock(render_once, [], [], body).set_lineno(lineno)

    def _render_once(
        self, key: tuple[Hashable, ...], caller: Callable[[], Markup | str]
    ) -> Markup | str:
        if self.environment.auto_reload:
            return caller()
        found = self.fragments.get(key)
        if found is None:
            found = caller()
            if len(self.fragments) >= MAX_FRAGMENTS:
                # Drop the oldest: the cache only ever holds what pages keep asking for.
                del self.fragments[next(iter(self.fragments))]
            self.fragments[key] = found
        return found


def fragment_cache(environment: Environment) -> FragmentCache:
    """The fragment cache installed in ``environment`` (for tests and operators)."""
    return cast(FragmentCache, environment.extensions[FragmentCache.identifier])


def remember_static_urls(app: Flask) -> None:
    """Make templates' ``url_for("static", filename=…)`` build each URL once.

    Every page links the same stylesheet and scripts, and building a URL through the
    routing map costs as much as a translation lookup. A static file's relative URL
    depends only on the file and on the path the app is mounted at.
    """
    urls: dict[tuple[str, str], str] = {}

    def url_for(endpoint: str, **values: Any) -> str:
        if endpoint != "static" or values.keys() != {"filename"} or not has_request_context():
            return app.url_for(endpoint, **values)
        key = (request.script_root, values["filename"])
        url = urls.get(key)
        if url is None:
            url = app.url_for(endpoint, **values)
            if len(urls) < MAX_STATIC_URLS:
                urls[key] = url
        return url

    app.jinja_env.globals["url_for"] = url_for
