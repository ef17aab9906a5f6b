"""Checking that every user-visible text exists in every supported language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from questionnaires.messages import MISSING_TRANSLATION
from questionnaires.model import LANGUAGES
from questionnaires.problems import at

LANGUAGE_NAMES = {"en": "English", "fr": "French"}


def check_text(text: dict[str, Any], *path: str | int) -> Iterator[tuple[str, str]]:
    """Report each language of ``text`` that is missing or blank, located at ``path``."""
    for language in LANGUAGES:
        value = text.get(language) or ""
        if not value.strip():
            language_name = LANGUAGE_NAMES[language]
            yield at(*path, language), MISSING_TRANSLATION.format(language=language_name)
