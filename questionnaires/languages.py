"""The languages the platform is offered in, declared once, as data, in ``languages.yaml``.

The file sits at the top of a definitions folder and lists language codes in order; the
first is the default, the one a text falls back to. Every text of every definition in
that folder must exist in each declared language, and the web application offers
exactly these languages (each needs a catalogue too: docs/translating.md). A folder
without its own file (a test fixture, an author's scratch folder) follows the bundled
declaration.

Codes must be locales Babel knows, because the application formats numbers, dates and
plurals through Babel in every language it offers.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from questionnaires import messages
from questionnaires.problems import DefinitionError, Problem, at
from questionnaires.reading import read_document
from questionnaires.structure import load_schema

StrPath = str | os.PathLike[str]

LANGUAGES_FILE = "languages.yaml"
"""The name of the languages file at the top of a definitions folder."""

BUNDLED_LANGUAGES_FILE = Path(__file__).parent / "definitions" / LANGUAGES_FILE
"""The declaration of the bundled definitions, which is the platform's."""

# A Babel locale identifier (en, pt_BR), as the schema writes it for the keys of texts.
LANGUAGE_CODE = re.compile(load_schema()["$defs"]["languageCode"]["pattern"])

_FIELD = "languages"


def languages_file(directory: StrPath | None = None) -> Path:
    """The languages file that governs the definitions under ``directory``.

    The folder's own ``languages.yaml`` when it has one, else the bundled declaration
    (also when ``directory`` is None).
    """
    if directory is not None:
        own = Path(directory) / LANGUAGES_FILE
        if own.is_file():
            return own
    return BUNDLED_LANGUAGES_FILE


def read_languages(path: StrPath) -> tuple[tuple[str, ...], list[Problem]]:
    """Read and check a languages file: its codes and no problems, or () and every problem."""
    file = Path(path)
    data, problems = read_document(file)
    if data is None:
        return (), problems
    found = [Problem(str(file), location, message) for location, message in _check(data)]
    if found:
        return (), found
    return tuple(data[_FIELD]), []


def load_languages(directory: StrPath | None = None) -> tuple[str, ...]:
    """The languages declared for the definitions under ``directory``, default first.

    Raises DefinitionError listing the problems of a malformed languages file.
    """
    languages, problems = read_languages(languages_file(directory))
    if problems:
        raise DefinitionError(problems)
    return languages


@lru_cache(maxsize=1)
def bundled_languages() -> tuple[str, ...]:
    """The platform's languages, read once from the bundled declaration."""
    return load_languages()


def language_name(code: str) -> str:
    """The English name of a language, for messages to authors: "French" for ``fr``."""
    name = Locale.parse(code).get_display_name("en")
    return name or code


def _check(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for key in data:
        if key != _FIELD:
            yield at(str(key)), messages.UNKNOWN_FIELD
    codes = data.get(_FIELD)
    if codes is None:
        yield at(_FIELD), messages.REQUIRED_FIELD
        return
    if not isinstance(codes, list) or not codes:
        yield at(_FIELD), messages.NO_LANGUAGES
        return
    seen: dict[str, int] = {}
    for index, code in enumerate(codes):
        where = at(_FIELD, index)
        if not isinstance(code, str) or LANGUAGE_CODE.fullmatch(code) is None:
            yield where, messages.NOT_A_LANGUAGE_CODE.format(value=code)
            continue
        if not _babel_knows(code):
            yield where, messages.UNKNOWN_LOCALE.format(code=code)
        first = seen.setdefault(code, index)
        if first != index:
            yield where, messages.DUPLICATE_LANGUAGE.format(code=code, first=first)


def _babel_knows(code: str) -> bool:
    try:
        Locale.parse(code)
    except UnknownLocaleError:
        return False
    return True
