"""Reading a definition file into plain data, turning every failure into a Problem.

Malformed files are an authoring mistake, not a crash: unreadable files, bytes that are
not UTF-8, YAML syntax errors, duplicate keys and documents that are not a mapping are
all reported with a location the author can act on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode
from yaml.reader import ReaderError

try:
    from yaml import CSafeLoader as LibyamlSafeLoader
except ImportError:  # pragma: no cover - a PyYAML built without libyaml: still correct
    from yaml import SafeLoader as LibyamlSafeLoader  # type: ignore[assignment]

from questionnaires import messages
from questionnaires.problems import WHOLE_FILE, Problem


class _RecordsDuplicateKeys(SafeConstructor):
    """Records the keys typed twice in one mapping instead of silently keeping the last."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.duplicates: list[tuple[str, str]] = []

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        # Keys are compared as written (with their resolved tag): that catches the real
        # mistake, a field or an id typed twice, without constructing anything.
        seen: set[tuple[str, str]] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, ScalarNode):
                continue  # complex keys are rejected by the constructor itself
            identity = (key_node.tag, key_node.value)
            if identity in seen:
                self.duplicates.append((_line_and_column(key_node.start_mark), key_node.value))
            seen.add(identity)
        return super().construct_mapping(node, deep=deep)


class _StrictLoader(_RecordsDuplicateKeys, yaml.SafeLoader):
    """PyYAML's safe loader in Python: its errors say where the problem is."""


class _QuickLoader(_RecordsDuplicateKeys, LibyamlSafeLoader):
    """The same safe loader on libyaml's parser, several times faster (see read_document)."""


_NOT_READ = object()


def _read_quickly(text: str) -> Any:
    """The document as libyaml reads it, or ``_NOT_READ`` if anything is amiss."""
    loader = _QuickLoader(text)
    try:
        data = loader.get_single_data()
    except (yaml.YAMLError, ValueError):
        return _NOT_READ
    finally:
        loader.dispose()
    return _NOT_READ if loader.duplicates else data


def _line_and_column(mark: yaml.Mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _position_in(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return f"line {line}, column {column}"


def read_document(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Parse the YAML file at ``path``.

    Returns the top-level mapping and no problems, or None and the problems that stop
    the file from being read.
    """
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return None, [Problem(name, WHOLE_FILE, messages.UNREADABLE_FILE.format(reason=reason))]
    try:
        # utf-8-sig: a byte order mark left by some editors is harmless, so accept it.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = messages.NOT_UTF8.format(position=error.start)
        return None, [Problem(name, WHOLE_FILE, message)]

    # Every web worker and command reads the bundled definitions when it starts, where
    # the pure-Python parser took about half a second. libyaml reads a sound file the
    # same way; a file it cannot read is read again by the pure-Python parser, whose
    # errors say where the problem is.
    data = _read_quickly(text)
    if data is _NOT_READ:
        data, problems = _read_carefully(name, text)
        if problems:
            return None, problems
    if data is None:
        return None, [Problem(name, WHOLE_FILE, messages.EMPTY_FILE)]
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else "a single value"
        return None, [Problem(name, WHOLE_FILE, messages.NOT_A_MAPPING.format(found=found))]
    return data, []


def _read_carefully(name: str, text: str) -> tuple[Any, list[Problem]]:
    try:
        # A string is checked for unprintable characters as soon as the loader is made.
        loader = _StrictLoader(text)
    except ReaderError as error:
        reason = f"{error.reason} (character #x{error.character:04x})"
        location = _position_in(text, error.position)
        return None, [Problem(name, location, messages.YAML_SYNTAX.format(problem=reason))]
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        location = WHOLE_FILE if mark is None else _line_and_column(mark)
        what = error.problem or error.context
        return None, [Problem(name, location, messages.YAML_SYNTAX.format(problem=what))]
    except (yaml.YAMLError, ValueError) as error:
        # e.g. an impossible date such as 2024-13-01, which YAML tries to construct
        return None, [Problem(name, WHOLE_FILE, messages.YAML_SYNTAX.format(problem=error))]
    finally:
        loader.dispose()

    if loader.duplicates:
        return None, [
            Problem(name, location, messages.DUPLICATE_KEY.format(key=key))
            for location, key in loader.duplicates
        ]
    return data, []
