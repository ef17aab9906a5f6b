"""Turning a validated definition into the frozen dataclasses of the model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from questionnaires.model import Dimension, Item, Option, Questionnaire, Text


def build_questionnaire(data: dict[str, Any], languages: Sequence[str]) -> Questionnaire:
    """Build a :class:`Questionnaire` from a definition that passed validation.

    Every text is ordered as ``languages`` (the declared languages, default first).
    """
    texts = _Texts(tuple(languages))
    return Questionnaire(
        id=data["id"],
        version=data["version"],
        title=texts(data["title"]),
        description=texts(data["description"]),
        minutes=data["minutes"],
        sources=tuple(data["sources"]),
        dimensions=tuple(_dimension(dimension, texts) for dimension in data["dimensions"]),
        items=tuple(_item(item, texts) for item in data["items"]),
        previous_version=data.get("previous_version"),
        crosswalk=MappingProxyType(dict(data.get("crosswalk") or {})),
    )


@dataclass(frozen=True)
class _Texts:
    languages: tuple[str, ...]

    def __call__(self, value: dict[str, str]) -> Text:
        # Folded YAML scalars (>) end with a newline that no page should show.
        return Text((code, value[code].strip()) for code in self.languages)


def _dimension(data: dict[str, Any], texts: _Texts) -> Dimension:
    return Dimension(
        id=data["id"],
        kind=data["kind"],
        title=texts(data["title"]),
        description=texts(data["description"]),
        weight=float(data.get("weight", 1)),
    )


def _item(data: dict[str, Any], texts: _Texts) -> Item:
    return Item(
        id=data["id"],
        dimension=data["dimension"],
        answer_type=data["type"],
        prompt=texts(data["prompt"]),
        options=tuple(_option(option, texts) for option in data["options"]),
        roles=frozenset(data["roles"]),
        principles=tuple(data["principles"]),
        tags=MappingProxyType(dict(data.get("tags", {}))),
        help=texts(data["help"]) if "help" in data else None,
        weight=float(data.get("weight", 1)),
        allow_not_applicable=data.get("not_applicable", False),
    )


def _option(data: dict[str, Any], texts: _Texts) -> Option:
    return Option(
        code=data["code"],
        label=texts(data["label"]),
        level=data.get("level"),
        facet=data.get("facet"),
    )
