"""Turning a validated definition into the frozen dataclasses of the model."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from questionnaires.model import Dimension, Item, Option, Questionnaire, Text


def build_questionnaire(data: dict[str, Any]) -> Questionnaire:
    """Build a :class:`Questionnaire` from a definition that passed validation."""
    return Questionnaire(
        id=data["id"],
        version=data["version"],
        title=_text(data["title"]),
        description=_text(data["description"]),
        minutes=data["minutes"],
        sources=tuple(data["sources"]),
        dimensions=tuple(_dimension(dimension) for dimension in data["dimensions"]),
        items=tuple(_item(item) for item in data["items"]),
        previous_version=data.get("previous_version"),
        crosswalk=MappingProxyType(dict(data.get("crosswalk") or {})),
    )


def _text(value: dict[str, str]) -> Text:
    # Folded YAML scalars (>) end with a newline that no page should show.
    return Text(en=value["en"].strip(), fr=value["fr"].strip())


def _dimension(data: dict[str, Any]) -> Dimension:
    return Dimension(
        id=data["id"],
        kind=data["kind"],
        title=_text(data["title"]),
        description=_text(data["description"]),
        weight=float(data.get("weight", 1)),
    )


def _item(data: dict[str, Any]) -> Item:
    return Item(
        id=data["id"],
        dimension=data["dimension"],
        answer_type=data["type"],
        prompt=_text(data["prompt"]),
        options=tuple(_option(option) for option in data["options"]),
        roles=frozenset(data["roles"]),
        principles=tuple(data["principles"]),
        tags=MappingProxyType(dict(data.get("tags", {}))),
        help=_text(data["help"]) if "help" in data else None,
        weight=float(data.get("weight", 1)),
        allow_not_applicable=data.get("not_applicable", False),
    )


def _option(data: dict[str, Any]) -> Option:
    return Option(
        code=data["code"],
        label=_text(data["label"]),
        level=data.get("level"),
        facet=data.get("facet"),
    )
