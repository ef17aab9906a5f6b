"""Validating and loading a single definition file."""

from __future__ import annotations

import os
from pathlib import Path

from questionnaires.building import build_questionnaire
from questionnaires.model import Questionnaire
from questionnaires.problems import DefinitionError, Problem
from questionnaires.reading import read_document
from questionnaires.semantics import check_semantics
from questionnaires.structure import check_structure

StrPath = str | os.PathLike[str]


def inspect_file(path: StrPath) -> tuple[Questionnaire | None, list[Problem]]:
    """Read and validate one file: the questionnaire and no problems, or None and all of them.

    Structural problems come first; when there are any, the semantic layer is skipped
    because its cross-references would only repeat them.
    """
    file = Path(path)
    name = str(file)
    data, problems = read_document(file)
    if data is None:
        return None, problems
    problems = check_structure(data, name)
    if problems:
        return None, problems
    problems = [
        Problem(name, location, message) for location, message in check_semantics(data, file)
    ]
    if problems:
        return None, problems
    return build_questionnaire(data), []


def validate_file(path: StrPath) -> list[Problem]:
    """Return every problem of the definition file at ``path`` (empty when valid).

    Checks the file on its own: whether its previous_version exists is checked by
    :func:`questionnaires.load_library`, which sees every version.
    """
    return inspect_file(path)[1]


def load_definition(path: StrPath) -> Questionnaire:
    """Load the definition file at ``path``; raise DefinitionError listing its problems."""
    questionnaire, problems = inspect_file(path)
    if questionnaire is None:
        raise DefinitionError(problems)
    return questionnaire
