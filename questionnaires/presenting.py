"""Plain-data and plain-text views of questionnaires, for the command line.

Labels are shown in one language; codes, ids and tag values are shown as stored, since
the people reading this output are authors and analysts who work with the codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from questionnaires.model import DONT_KNOW, NOT_APPLICABLE, Item, Option, Questionnaire

# The command line speaks English, as its options, help and the validator's messages do:
# it is a tool for authors and analysts, who read codes. Only the questionnaire's own
# texts are shown in the language asked for.
_DONT_KNOW_LABEL = "I do not know (always offered)"
_NOT_APPLICABLE_LABEL = "Not applicable"


def summary(questionnaire: Questionnaire) -> dict[str, Any]:
    """Return the short description of a questionnaire used by ``list --json``."""
    return {
        "id": questionnaire.id,
        "version": questionnaire.version,
        "title": dict(questionnaire.title),
        "dimensions": [dimension.id for dimension in questionnaire.dimensions],
        "item_count": len(questionnaire.items),
    }


def definition_data(questionnaire: Questionnaire, lang: str) -> dict[str, Any]:
    """Return the whole definition as JSON-ready data, with texts in ``lang``."""
    return {
        "id": questionnaire.id,
        "version": questionnaire.version,
        "previous_version": questionnaire.previous_version,
        "crosswalk": dict(questionnaire.crosswalk),
        "title": questionnaire.title.get(lang),
        "description": questionnaire.description.get(lang),
        "minutes": questionnaire.minutes,
        "sources": list(questionnaire.sources),
        "dimensions": [
            {
                "id": dimension.id,
                "kind": dimension.kind,
                "title": dimension.title.get(lang),
                "description": dimension.description.get(lang),
                "weight": dimension.weight,
            }
            for dimension in questionnaire.dimensions
        ],
        "items": [_item_data(item, lang) for item in questionnaire.items],
    }


def _item_data(item: Item, lang: str) -> dict[str, Any]:
    return {
        "id": item.id,
        "dimension": item.dimension,
        "type": item.answer_type,
        "prompt": item.prompt.get(lang),
        "help": None if item.help is None else item.help.get(lang),
        "roles": sorted(item.roles),
        "principles": list(item.principles),
        "tags": dict(item.tags),
        "weight": item.weight,
        "not_applicable": item.allow_not_applicable,
        "options": [_option_data(option, lang) for option in item.options],
    }


def _option_data(option: Option, lang: str) -> dict[str, Any]:
    return {
        "code": option.code,
        "level": option.level,
        "facet": option.facet,
        "label": option.label.get(lang),
    }


def library_table(questionnaires: Iterable[Questionnaire], lang: str) -> str:
    """Return a fixed-width table of id, version, item count and title."""
    rows = [("ID", "VERSION", "ITEMS", "TITLE")]
    rows.extend((q.id, q.version, str(len(q.items)), q.title.get(lang)) for q in questionnaires)
    id_width = max(len(row[0]) for row in rows)
    version_width = max(len(row[1]) for row in rows)
    return "\n".join(
        f"{qid:<{id_width}}  {version:<{version_width}}  {items:>5}  {title}"
        for qid, version, items, title in rows
    )


def definition_text(questionnaire: Questionnaire, lang: str) -> str:
    """Return the whole definition as readable text, its own texts in ``lang``."""
    lines = [
        f"{questionnaire.title.get(lang)} — {questionnaire.id} {questionnaire.version}",
        questionnaire.description.get(lang),
    ]
    facts = [f"About {questionnaire.minutes} minutes"]
    if questionnaire.previous_version is not None:
        facts.append(f"replaces version {questionnaire.previous_version}")
    lines.append(" · ".join(facts))
    lines.append("Sources:")
    lines.extend(f"  - {source}" for source in questionnaire.sources)
    if questionnaire.crosswalk:
        lines.append(f"Crosswalk from version {questionnaire.previous_version}:")
        lines.extend(f"  {old} -> {new}" for old, new in questionnaire.crosswalk.items())
    for number, dimension in enumerate(questionnaire.dimensions, start=1):
        lines.append("")
        lines.append(f"{number}. {dimension.title.get(lang)} [{dimension.id}, {dimension.kind}]")
        lines.append(f"   {dimension.description.get(lang)}")
        for item in questionnaire.items_in(dimension.id):
            lines.extend(_item_lines(item, lang))
    return "\n".join(lines)


def _item_lines(item: Item, lang: str) -> list[str]:
    principles = ", ".join(str(principle) for principle in item.principles)
    facts = [item.answer_type, ", ".join(sorted(item.roles)), f"principles {principles}"]
    facts.extend(f"{key}={value}" for key, value in item.tags.items())
    lines = ["", f"   {item.id}  ({'; '.join(facts)})", f"   {item.prompt.get(lang)}"]
    if item.help is not None:
        lines.append(f"   Help: {item.help.get(lang)}")
    lines.extend(f"     {option.code:<14} {option.label.get(lang)}" for option in item.options)
    lines.append(f"     {DONT_KNOW:<14} {_DONT_KNOW_LABEL}")
    if item.allow_not_applicable:
        lines.append(f"     {NOT_APPLICABLE:<14} {_NOT_APPLICABLE_LABEL}")
    return lines
