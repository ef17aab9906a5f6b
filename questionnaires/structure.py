"""First validation layer: the structure of a definition, checked against a JSON Schema.

The schema (``schema/questionnaire.schema.json``) says which fields exist, which are
required and what type each has. Its errors are rewritten into short messages located
at the offending element, in document order, so they read like the semantic ones.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators

from questionnaires import messages
from questionnaires.problems import Problem, at

SCHEMA_PATH = Path(__file__).parent / "schema" / "questionnaire.schema.json"

_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}

Finding = tuple[str, str]


def _is_strict_integer(_checker: object, instance: object) -> bool:
    # JSON Schema counts 3.0 as an integer; a level or a principle written as 3.0 is a
    # typo we want to report, not a value to round.
    return isinstance(instance, int) and not isinstance(instance, bool)


# validators.extend is untyped in jsonschema's stubs.
_StrictValidator = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_strict_integer),
)


@dataclass(frozen=True)
class _Reported:
    """The parts of a jsonschema error that the messages need."""

    keyword: str  # the schema keyword that failed, e.g. "required"
    value: Any  # that keyword's value in the schema
    instance: Any  # the offending element
    schema: Any  # the schema (sub)object holding the keyword
    message: str  # jsonschema's own wording


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """Return the questionnaire JSON Schema."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


@lru_cache(maxsize=1)
def _validator() -> Any:
    return _StrictValidator(load_schema())


@lru_cache(maxsize=1)
def _pattern_messages() -> dict[str, str]:
    # Read the patterns from the schema so the two can never drift apart.
    definitions = load_schema()["$defs"]
    return {
        definitions["kebabId"]["pattern"]: messages.NOT_KEBAB_CASE,
        definitions["option"]["properties"]["code"]["pattern"]: messages.NOT_AN_OPTION_CODE,
        definitions["languageCode"]["pattern"]: messages.NOT_A_LANGUAGE_CODE,
    }


def check_structure(data: dict[str, Any], name: str) -> list[Problem]:
    """Check ``data`` against the schema and return its problems in document order."""
    located: list[tuple[list[int], Finding]] = []
    for error in _validator().iter_errors(data):
        order, path = _walk(data, list(error.absolute_path))
        located.extend((order, finding) for finding in _describe(error, path))
    located.sort(key=lambda entry: entry[0])
    findings = dict.fromkeys(finding for _, finding in located)  # drop repeats, keep order
    return [Problem(name, location, message) for location, message in findings]


def _walk(data: Any, path: list[Any]) -> tuple[list[int], list[str | int]]:
    """Follow an error's path through the data.

    Returns the position of each step (for sorting in document order) and the path with
    list indexes as integers and mapping keys as text, whatever type YAML gave a key.
    Each step exists, because jsonschema only reports on elements that are present.
    """
    order: list[int] = []
    parts: list[str | int] = []
    node = data
    for part in path:
        if isinstance(node, list):
            order.append(part)
            parts.append(part)
        else:
            order.append(list(node).index(part))
            parts.append(str(part))
        node = node[part]
    return order, parts


def _describe(error: ValidationError, path: list[str | int]) -> Iterator[Finding]:
    if "propertyNames" in error.absolute_schema_path:
        # jsonschema reports a bad key at its mapping; point at the key itself.
        path = [*path, str(error.instance)]
    reported = _Reported(
        keyword=str(error.validator),
        value=error.validator_value,
        instance=error.instance,
        schema=error.schema,
        message=error.message,
    )
    describe = _DESCRIBERS.get(reported.keyword, _as_reported)
    yield from describe(reported, path)


def _missing_fields(error: _Reported, path: list[str | int]) -> Iterator[Finding]:
    # jsonschema reports each missing field separately but names it only in prose, so
    # list them all from the instance; the caller drops the repeats.
    for field in error.value:
        if field not in error.instance:
            yield at(*path, field), messages.REQUIRED_FIELD


def _unknown_fields(error: _Reported, path: list[str | int]) -> Iterator[Finding]:
    known = error.schema.get("properties", {})
    for field in error.instance:
        if field not in known:
            yield at(*path, str(field)), messages.UNKNOWN_FIELD


def _wrong_type(error: _Reported, path: list[str | int]) -> Iterator[Finding]:
    names = [error.value] if isinstance(error.value, str) else list(error.value)
    expected = " or ".join(_TYPE_NAMES[name] for name in names)
    yield at(*path), messages.WRONG_TYPE.format(expected=expected)


def _not_one_of(error: _Reported, path: list[str | int]) -> Iterator[Finding]:
    yield at(*path), messages.NOT_ONE_OF.format(allowed=", ".join(error.value))


def _bad_pattern(error: _Reported, path: list[str | int]) -> Iterator[Finding]:
    template = _pattern_messages().get(error.value, messages.NO_MATCH)
    yield at(*path), template.format(value=error.instance, pattern=error.value)


def _too_small(error: _Reported, path: list[str | int]) -> Iterator[Finding]:
    yield at(*path), messages.TOO_SMALL.format(limit=error.value)


def _not_positive(error: _Reported, path: list[str | int]) -> Iterator[Finding]:
    yield at(*path), messages.NOT_POSITIVE.format(limit=error.value)


def _too_few_entries(error: _Reported, path: list[str | int]) -> Iterator[Finding]:
    plural = "y" if error.value == 1 else "ies"
    yield at(*path), messages.TOO_FEW_ENTRIES.format(limit=error.value, plural=plural)


def _blank_text(error: _Reported, path: list[str | int]) -> Iterator[Finding]:
    yield at(*path), messages.BLANK_TEXT


def _repeated_entries(error: _Reported, path: list[str | int]) -> Iterator[Finding]:
    yield at(*path), messages.REPEATED_ENTRIES


def _as_reported(error: _Reported, path: list[str | int]) -> Iterator[Finding]:
    # A keyword added to the schema without a describer still gives a located problem.
    yield at(*path), error.message


_DESCRIBERS: dict[str, Callable[[_Reported, list[str | int]], Iterator[Finding]]] = {
    "required": _missing_fields,
    "additionalProperties": _unknown_fields,
    "type": _wrong_type,
    "enum": _not_one_of,
    "pattern": _bad_pattern,
    "minimum": _too_small,
    "exclusiveMinimum": _not_positive,
    "minItems": _too_few_entries,
    "minLength": _blank_text,
    "uniqueItems": _repeated_entries,
}
