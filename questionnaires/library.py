"""The set of questionnaire definitions, every version of each, validated together."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from questionnaires import messages
from questionnaires.languages import (
    LANGUAGES_FILE,
    bundled_languages,
    languages_file,
    read_languages,
)
from questionnaires.loading import StrPath, inspect_file
from questionnaires.model import Questionnaire
from questionnaires.problems import WHOLE_DIRECTORY, WHOLE_FILE, DefinitionError, Problem, at
from questionnaires.versions import version_key

DEFINITIONS_DIR = Path(__file__).parent / "definitions"
"""Where the bundled definitions live: ``<id>/<version>.yaml``."""


class UnknownQuestionnaireError(LookupError):
    """Raised when a library has no questionnaire with the requested id or version."""


class Library:
    """Questionnaires by id and version; iterating gives the latest version of each.

    ``languages`` are the languages its texts exist in, default first (by default, the
    bundled declaration).
    """

    def __init__(
        self, questionnaires: Iterable[Questionnaire], languages: Sequence[str] | None = None
    ) -> None:
        self.languages: tuple[str, ...] = tuple(
            bundled_languages() if languages is None else languages
        )
        by_id: dict[str, dict[str, Questionnaire]] = {}
        for questionnaire in questionnaires:
            versions = by_id.setdefault(questionnaire.id, {})
            if questionnaire.version in versions:
                raise ValueError(
                    f"questionnaire '{questionnaire.id}' version {questionnaire.version} "
                    "is given twice"
                )
            versions[questionnaire.version] = questionnaire
        # Oldest first, so the last version of each id is the latest.
        self._versions: dict[str, tuple[Questionnaire, ...]] = {
            questionnaire_id: tuple(sorted(versions.values(), key=_precedence))
            for questionnaire_id, versions in sorted(by_id.items())
        }

    def get(self, questionnaire_id: str, version: str | None = None) -> Questionnaire:
        """Return one version of a questionnaire, the latest when ``version`` is None.

        Raises UnknownQuestionnaireError naming the id or version that does not exist.
        """
        versions = self._versions_of(questionnaire_id)
        if version is None:
            return versions[-1]
        for questionnaire in versions:
            if questionnaire.version == version:
                return questionnaire
        available = ", ".join(q.version for q in versions)
        raise UnknownQuestionnaireError(
            f"questionnaire '{questionnaire_id}' has no version {version} (available: {available})"
        )

    def ids(self) -> tuple[str, ...]:
        """Return the questionnaire ids, sorted."""
        return tuple(self._versions)

    def versions(self, questionnaire_id: str) -> tuple[str, ...]:
        """Return the versions of one questionnaire, oldest first."""
        return tuple(q.version for q in self._versions_of(questionnaire_id))

    def all_versions(self) -> Iterator[Questionnaire]:
        """Iterate over every version of every questionnaire, by id then version."""
        for versions in self._versions.values():
            yield from versions

    def __iter__(self) -> Iterator[Questionnaire]:
        """Iterate over the latest version of each questionnaire, by id."""
        return (versions[-1] for versions in self._versions.values())

    def __len__(self) -> int:
        """Return the number of questionnaires (not of versions)."""
        return len(self._versions)

    def __contains__(self, questionnaire_id: object) -> bool:
        """Tell whether the library has a questionnaire with this id."""
        return questionnaire_id in self._versions

    def _versions_of(self, questionnaire_id: str) -> tuple[Questionnaire, ...]:
        versions = self._versions.get(questionnaire_id)
        if versions is None:
            known = ", ".join(self._versions) or "none"
            raise UnknownQuestionnaireError(
                f"unknown questionnaire '{questionnaire_id}' (known: {known})"
            )
        return versions


def _precedence(questionnaire: Questionnaire) -> tuple[int, int, int]:
    return version_key(questionnaire.version)


def load_library(directory: StrPath | None = None) -> Library:
    """Load and validate every definition under ``directory`` (default: the bundled ones).

    Files must be laid out as ``<id>/<version>.yaml``, next to an optional
    ``languages.yaml`` declaring the languages every text must exist in (the bundled
    declaration otherwise). Besides each file's own checks, every previous_version must
    exist and every crosswalk source must be an item of it. Raises DefinitionError
    listing every problem of every file.
    """
    root = DEFINITIONS_DIR if directory is None else Path(directory)
    if not root.is_dir():
        raise DefinitionError([Problem(str(root), WHOLE_DIRECTORY, messages.NO_SUCH_DIRECTORY)])
    # Every file would fail against a broken declaration: report the declaration alone.
    languages, problems = read_languages(languages_file(root))
    if problems:
        raise DefinitionError(problems)

    loaded: list[tuple[Path, Questionnaire]] = []
    named: set[tuple[str, str]] = set()
    for file in sorted([*root.rglob("*.yaml"), *root.rglob("*.yml")]):
        if file == root / LANGUAGES_FILE:
            continue
        if file.suffix != ".yaml" or len(file.relative_to(root).parts) != 2:
            message = messages.MISPLACED_FILE.format(directory=root)
            problems.append(Problem(str(file), WHOLE_FILE, message))
            continue
        named.add((file.parent.name, file.stem))
        questionnaire, file_problems = inspect_file(file, languages)
        problems.extend(file_problems)
        if questionnaire is not None:
            loaded.append((file, questionnaire))
    problems.extend(_check_lineage(loaded, named))
    if problems:
        # Group by file, keeping each file's own problems before the cross-file ones.
        raise DefinitionError(sorted(problems, key=lambda problem: problem.path))
    return Library((questionnaire for _, questionnaire in loaded), languages)


def _check_lineage(
    loaded: list[tuple[Path, Questionnaire]], named: set[tuple[str, str]]
) -> Iterator[Problem]:
    by_key = {(q.id, q.version): q for _, q in loaded}
    for file, questionnaire in loaded:
        if questionnaire.previous_version is None:
            continue
        key = (questionnaire.id, questionnaire.previous_version)
        previous = by_key.get(key)
        if previous is None:
            # A previous version that exists but is invalid has its own problems already.
            if key not in named:
                message = messages.PREVIOUS_NOT_IN_LIBRARY.format(
                    previous=questionnaire.previous_version, id=questionnaire.id
                )
                yield Problem(str(file), "previous_version", message)
            continue
        for source in questionnaire.crosswalk:
            if previous.item(source) is None:
                message = messages.CROSSWALK_SOURCE_UNKNOWN.format(
                    source=source, previous=previous.version
                )
                yield Problem(str(file), at("crosswalk", source), message)


@lru_cache(maxsize=1)
def bundled_library() -> Library:
    """Return the bundled definitions, loaded and validated once per process."""
    return load_library()
