"""Checking that every user-visible text exists in every declared language, and in no other."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from questionnaires import messages
from questionnaires.languages import LANGUAGES_FILE, language_name
from questionnaires.problems import at


def check_text(
    text: dict[str, Any], languages: Sequence[str], *path: str | int, owner: str = ""
) -> Iterator[tuple[str, str]]:
    """Report each undeclared language of ``text``, then each missing or blank one.

    Problems are located at ``path`` followed by the language code. Declared languages
    are ``languages``.
    ``owner`` names what the text belongs to (e.g. "item 'lm-mandate', option 'l3'") so a
    problem can be found by id as well as by position.
    """
    prefix = f"{owner}: " if owner else ""
    for code in text:
        if code not in languages:
            yield (
                at(*path, str(code)),
                prefix
                + messages.UNDECLARED_LANGUAGE.format(
                    code=code, declared=", ".join(languages), file=LANGUAGES_FILE
                ),
            )
    for code in languages:
        value = text.get(code) or ""
        if not value.strip():
            message = messages.MISSING_TRANSLATION.format(language=language_name(code), code=code)
            yield at(*path, code), prefix + message
