"""Problems found in questionnaire definitions, and the errors that carry them.

Every check reports a :class:`Problem` that names the file, the offending element and
what is wrong, so an author can fix a whole file in one pass instead of one error at a
time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Locations used when a problem concerns no single element of the document.
WHOLE_FILE = "(file)"
WHOLE_DIRECTORY = "(directory)"
DOCUMENT_ROOT = "(root)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition file.

    ``location`` points at the offending element in the style ``items[3].options[2].
    label.fr`` (indexes count from 0), or is ``line L, column C`` for YAML syntax
    errors, or one of ``(file)``, ``(directory)`` and ``(root)``.
    """

    path: str
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.location}: {self.message}"


class DefinitionError(Exception):
    """Raised when one or more definitions are invalid; ``problems`` lists them all."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        count = len(self.problems)
        heading = f"{count} problem{'' if count == 1 else 's'} in questionnaire definitions"
        super().__init__("\n".join([heading, *(str(p) for p in self.problems)]))


def at(*parts: str | int | object) -> str:
    """Build a location such as ``items[3].options[2].label.fr`` from path parts.

    Integers become indexes; anything else becomes a dotted key. With no parts the
    location is the document root.
    """
    location = ""
    for part in parts:
        if isinstance(part, int) and not isinstance(part, bool):
            location += f"[{part}]"
        else:
            location += f".{part}" if location else str(part)
    return location or DOCUMENT_ROOT
