"""Validating and loading a single definition file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from questionnaires.building import build_questionnaire
from questionnaires.languages import StrPath, languages_file, read_languages
from questionnaires.model import Questionnaire
from questionnaires.problems import DefinitionError, Problem
from questionnaires.reading import read_document
from questionnaires.semantics import check_semantics
from questionnaires.structure import check_structure

__all__ = ["StrPath", "inspect_file", "load_definition", "validate_file"]


def inspect_file(
    path: StrPath, languages: Sequence[str] | None = None
) -> tuple[Questionnaire | None, list[Problem]]:
    """Read and validate one file: the questionnaire and no problems, or None and all of them.

    Texts are checked against ``languages``; by default, against the languages declared
    for the definitions folder the file is in (``<folder>/<id>/<version>.yaml``). Structural
    problems come first; when there are any, the semantic layer is skipped because its
    cross-references would only repeat them.
    """
    file = Path(path)
    name = str(file)
    if languages is None:
        languages, problems = read_languages(languages_file(file.absolute().parent.parent))
        if problems:
            return None, problems
    data, problems = read_document(file)
    if data is None:
        return None, problems
    problems = check_structure(data, name)
    if problems:
        return None, problems
    problems = [
        Problem(name, location, message)
        for location, message in check_semantics(data, file, languages)
    ]
    if problems:
        return None, problems
    return build_questionnaire(data, languages), []


def validate_file(path: StrPath, languages: Sequence[str] | None = None) -> list[Problem]:
    """Return every problem of the definition file at ``path`` (empty when valid).

    Checks the file on its own: whether its previous_version exists is checked by
    :func:`questionnaires.load_library`, which sees every version. ``languages`` as for
    :func:`inspect_file`.
    """
    return inspect_file(path, languages)[1]


def load_definition(path: StrPath, languages: Sequence[str] | None = None) -> Questionnaire:
    """Load the definition file at ``path``; raise DefinitionError listing its problems."""
    questionnaire, problems = inspect_file(path, languages)
    if questionnaire is None:
        raise DefinitionError(problems)
    return questionnaire
