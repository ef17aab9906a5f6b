"""Questionnaire definitions: versioned YAML files, validated and loaded as frozen data.

Public API::

    load_definition(path) -> Questionnaire        # raises DefinitionError
    validate_file(path) -> list[Problem]
    load_library(directory=None) -> Library         # raises DefinitionError
    bundled_library() -> Library                     # cached load_library()
    Library.get(questionnaire_id, version=None) -> Questionnaire
                                                     # raises UnknownQuestionnaireError
    Library.languages -> tuple[str, ...]             # declared languages, default first
    load_languages(directory=None) -> tuple[str, ...]  # raises DefinitionError
    bundled_languages() -> tuple[str, ...]           # the platform's, read once
    Text.get(lang) -> str                            # falls back to the default language

The package is pure: it imports no web, database or rendering library and does no I/O
beyond reading definition files. See docs/questionnaires.md.
"""

from questionnaires.languages import bundled_languages, load_languages
from questionnaires.library import (
    DEFINITIONS_DIR,
    Library,
    UnknownQuestionnaireError,
    bundled_library,
    load_library,
)
from questionnaires.loading import load_definition, validate_file
from questionnaires.model import Dimension, Item, Option, Questionnaire, Text
from questionnaires.problems import DefinitionError, Problem

__all__ = [
    "DEFINITIONS_DIR",
    "DefinitionError",
    "Dimension",
    "Item",
    "Library",
    "Option",
    "Problem",
    "Questionnaire",
    "Text",
    "UnknownQuestionnaireError",
    "bundled_languages",
    "bundled_library",
    "load_definition",
    "load_languages",
    "load_library",
    "validate_file",
]
