"""URL parameters that the database can hold, so that an impossible id is a plain 404.

A whole number past the database's integer range (2^31 - 1 for PostgreSQL's
``integer``) used to reach the query and fail there with a server error. The ``int``
converter of every route now refuses it, as it refuses a word, before any view runs.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

LARGEST_ID = 2**31 - 1


class DatabaseInteger(IntegerConverter):
    """Werkzeug's ``int`` converter, bounded by what an integer column can hold."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(url_map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Make ``<int:…>`` in every route the bounded converter (before routes are added)."""
    app.url_map.converters["int"] = DatabaseInteger
