"""A pseudo-locale, built at test time, that shows at a glance any text left untranslated.

Every msgid of the French catalogue (which holds every string the code and templates
use: tests/unit/test_ui_translations.py) and every English text of the questionnaire
definitions is transformed: each ASCII letter becomes an accented look-alike, and the
text is bracketed and lengthened by about a third, as translations often are. Placeholders
(%(name)s, %%{count}, {name}), markup and entities are kept as they are. So on a page
rendered in the pseudo-locale, a word still made of plain ASCII letters was never
translated (or was built from data, a code or Babel's locale data, which the checks
below leave aside).

The code is Esperanto's, ``eo``, as Open edX's dummy locale: the locale must be one
Babel knows, since the app formats numbers, dates and plurals through Babel in every
language it offers (an unknown code such as ``xx`` could not be parsed). The platform
will never offer Esperanto, so the catalogue cannot be mistaken for a real one.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from questionnaires import load_languages
from questionnaires.languages import LANGUAGES_FILE

PSEUDO = "eo"
PROJECT = Path(__file__).resolve().parents[2]
FRENCH_CATALOGUE = PROJECT / "assessment/translations/fr/LC_MESSAGES/messages.po"

_LOWER = "áƀçďéƒğĥíĵķĺṁñöþǫŕšťüṽŵẋýž"
_UPPER = "ÅƁÇĎÉƑĞĤÍĴĶĹṀÑÖÞǪŔŠŤÜṼŴẊÝŽ"
_LETTERS = str.maketrans("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", _LOWER + _UPPER)
PADDING = "·"

# What must come through unchanged: printf placeholders (%(name)s, %d, %%), the
# character count's %%{count}, str.format fields, tags and entities.
_KEPT = re.compile(
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]"
    r"|%%\{[^}]*\}|%%|%[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]"
    r"|\{[^{}]*\}"
    r"|<[^<>]*>"
    r"|&#?\w+;"
)


def pseudo(text: str) -> str:
    """The pseudo-translation of ``text``: bracketed, accented and a third longer."""
    parts: list[str] = []
    position = 0
    letters = 0
    for kept in _KEPT.finditer(text):
        plain = text[position : kept.start()]
        parts.extend((plain.translate(_LETTERS), kept.group()))
        letters += sum(character.isalpha() for character in plain)
        position = kept.end()
    plain = text[position:]
    parts.append(plain.translate(_LETTERS))
    letters += sum(character.isalpha() for character in plain)
    padding = PADDING * max(1, round(letters * 0.35))
    return f"[{''.join(parts)} {padding}]"


# ---------------------------------------------------------------- the catalogue


def build_catalogue(translations: Path, source: Path = FRENCH_CATALOGUE) -> Path:
    """Write the pseudo catalogue of every msgid of ``source`` into ``translations``.

    ``translations`` is a Flask-Babel translations folder: the compiled catalogue goes
    to ``<translations>/eo/LC_MESSAGES/messages.mo`` (Babel's public API, as
    ``pybabel compile`` does). Returns the path of the .mo file.
    """
    with source.open("rb") as handle:
        messages = [message for message in read_po(handle) if message.id]
    catalogue = Catalog(locale=PSEUDO, domain="messages")
    for message in messages:
        if isinstance(message.id, tuple):
            forms = tuple(pseudo(form) for form in message.id)
            strings = (forms[0], *(forms[1],) * (catalogue.num_plurals - 1))
            catalogue.add(message.id, strings, flags=message.flags)
        else:
            catalogue.add(message.id, pseudo(message.id), flags=message.flags)
    folder = translations / PSEUDO / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    compiled = folder / "messages.mo"
    with compiled.open("wb") as handle:
        write_mo(handle, catalogue)
    return compiled


# ---------------------------------------------------------------- the definitions


def build_definitions(target: Path, source: Path) -> Path:
    """Copy the definitions of ``source`` to ``target``, with a pseudo text in every text.

    The languages file of the copy declares the pseudo-locale after the others, so the
    validator checks that every text has one. Returns ``target``.
    """
    languages = load_languages(source)
    shutil.copytree(source, target)
    declaration = target / LANGUAGES_FILE
    declaration.write_text(yaml.safe_dump({"languages": [*languages, PSEUDO]}), encoding="utf-8")
    for definition in sorted(target.glob("*/*.yaml")):
        data = yaml.safe_load(definition.read_text(encoding="utf-8"))
        for text in _texts(data):
            text[PSEUDO] = pseudo(text[languages[0]].strip())
        definition.write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return target


def _texts(data: dict[str, Any]) -> Iterator[dict[str, str]]:
    yield data["title"]
    yield data["description"]
    for dimension in data["dimensions"]:
        yield dimension["title"]
        yield dimension["description"]
    for item in data["items"]:
        yield item["prompt"]
        if "help" in item:
            yield item["help"]
        for option in item["options"]:
            yield option["label"]


# ---------------------------------------------------------------- finding English left

# A run of plain ASCII letters: what a pseudo-translated text never holds.
_WORD = re.compile(r"(?<![\w@/.:-])[A-Za-z][A-Za-z'’]*[A-Za-z](?![\w@/-])")
_EMAIL = re.compile(r"\S+@\S+")
# Placeholders a script fills in (govuk-frontend's %{count}), kept by the transform.
_PLACEHOLDER = re.compile(r"%\{\w+\}")
_URL = re.compile(r"(?<!\S)(?:https?://|/)\S*")
# Codes as the interface shows them on purpose: with digits, underscores, slashes,
# hyphens or dots between lower-case words (l3, dont_know, Europe/Paris,
# leadership-mindsets, role.granted) and short capitals (CSV, OECD, CA).
_CODE = re.compile(r"\S*[\d_/]\S*|[a-z]+(?:[-.][a-z0-9]+)+|[A-Z]{2,5}s?")


def babel_words(code: str = PSEUDO) -> set[str]:
    """Words that Babel's own locale data writes in ``code``: month and day names,
    eras, periods, territory and language names. They are translated by Babel, not
    by us, and are allowed."""
    locale = Locale.parse(code)
    names: set[str] = set()
    for kind in (locale.months, locale.days, locale.quarters):
        for context in kind.values():
            for width in context.values():
                names.update(str(value) for value in width.values())
    for width in locale.eras.values():
        names.update(width.values())
    for context in locale.day_periods.values():
        for width in context.values():
            names.update(width.values())
    names.update(locale.territories.values())
    names.update(locale.languages.values())
    # Whole words only: "Toĝolando" must not allow "To".
    words = {word for name in names for word in re.findall(r"[^\W\d_]+", name)}
    return {word for word in words if word.isascii()}


def untranslated(text: str, data: Iterable[str] = (), allowed: Iterable[str] = ()) -> list[str]:
    """The English words of ``text``: ASCII words that no pseudo-translation holds.

    ``data`` are whole strings the platform stores or was given (organisation names,
    round titles, e-mail addresses, comments, citations), removed first; ``allowed``
    are single words allowed anywhere (Babel's locale data, proper names).
    """
    for value in sorted(set(data), key=len, reverse=True):
        if value:
            text = text.replace(value, " ")
    text = _PLACEHOLDER.sub(" ", text)
    text = _EMAIL.sub(" ", text)
    text = _URL.sub(" ", text)
    allowed_words = set(allowed)
    found = []
    for token in text.split():
        if _CODE.fullmatch(token.strip(".,;:!?()[]«»\"'“”")):
            continue
        found.extend(word for word in _WORD.findall(token) if word not in allowed_words)
    return found
