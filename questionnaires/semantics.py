"""Second validation layer: the rules a JSON Schema cannot express.

Runs on a definition that passed the structural layer, so every field has the right
type and required fields are present. Checks identity and versions against the file
name, cross-references (dimensions, crosswalk), vocabularies (roles, principles, tags),
the option rules of each answer type and the completeness of translations.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from questionnaires import messages
from questionnaires.model import ANSWER_TYPE_BY_KIND, EMPHASIS
from questionnaires.options import ElementPath, Finding, check_options
from questionnaires.problems import at
from questionnaires.translations import check_text
from questionnaires.versions import is_semver, version_key
from questionnaires.vocabulary import PRINCIPLES, ROLES, TAG_VOCABULARIES

_FACET_TAG = "facet"


def check_semantics(
    data: dict[str, Any], file: Path, languages: Sequence[str]
) -> Iterator[Finding]:
    """Yield ``(location, message)`` for every semantic problem, in document order.

    ``file`` is where the definition was read from: its folder must be the id and its
    name the version. Every text must exist in each of ``languages``, and in no other.
    """
    yield from _check_identity(data, file)
    yield from check_text(data["title"], languages, "title")
    yield from check_text(data["description"], languages, "description")
    yield from _check_required_tags(data["required_tags"])
    yield from _check_previous_version(data)
    yield from _check_crosswalk(data)
    yield from _check_dimensions(data, languages)
    required_tags = [key for key in data["required_tags"] if key in TAG_VOCABULARIES]
    kinds = {dimension["id"]: dimension["kind"] for dimension in data["dimensions"]}
    first_use: dict[str, int] = {}
    for index, item in enumerate(data["items"]):
        base = ("items", index)
        first = first_use.setdefault(item["id"], index)
        if first != index:
            yield at(*base, "id"), messages.DUPLICATE_ITEM_ID.format(id=item["id"], first=first)
        yield from _check_item(item, base, kinds, required_tags, languages)


def _check_identity(data: dict[str, Any], file: Path) -> Iterator[Finding]:
    folder = file.absolute().parent.name
    if data["id"] != folder:
        yield "id", messages.ID_NOT_FOLDER.format(id=data["id"], folder=folder)
    version = data["version"]
    if not is_semver(version):
        yield "version", messages.VERSION_NOT_SEMVER.format(version=version)
    if version != file.stem:
        yield "version", messages.VERSION_NOT_FILE_NAME.format(version=version, stem=file.stem)


def _check_required_tags(required_tags: list[str]) -> Iterator[Finding]:
    known = ", ".join(TAG_VOCABULARIES)
    for index, key in enumerate(required_tags):
        if key not in TAG_VOCABULARIES:
            yield at("required_tags", index), messages.UNKNOWN_TAG_KEY.format(key=key, known=known)


def _check_previous_version(data: dict[str, Any]) -> Iterator[Finding]:
    previous = data.get("previous_version")
    version = data["version"]
    if previous is None:
        return
    if not is_semver(previous):
        yield "previous_version", messages.PREVIOUS_NOT_SEMVER.format(version=previous)
    elif is_semver(version) and version_key(previous) >= version_key(version):
        message = messages.PREVIOUS_NOT_OLDER.format(previous=previous, version=version)
        yield "previous_version", message


def _check_crosswalk(data: dict[str, Any]) -> Iterator[Finding]:
    crosswalk: dict[str, str] = data.get("crosswalk") or {}
    if crosswalk and data.get("previous_version") is None:
        yield "crosswalk", messages.CROSSWALK_WITHOUT_PREVIOUS
    item_ids = {item["id"] for item in data["items"]}
    for source, target in crosswalk.items():
        if source in item_ids:
            yield (
                at("crosswalk", source),
                messages.CROSSWALK_SOURCE_STILL_USED.format(source=source),
            )
        if target not in item_ids:
            yield at("crosswalk", source), messages.CROSSWALK_TARGET_UNKNOWN.format(target=target)


def _check_dimensions(data: dict[str, Any], languages: Sequence[str]) -> Iterator[Finding]:
    used = {item["dimension"] for item in data["items"]}
    first_use: dict[str, int] = {}
    for index, dimension in enumerate(data["dimensions"]):
        base = ("dimensions", index)
        dimension_id = dimension["id"]
        first = first_use.setdefault(dimension_id, index)
        if first != index:
            message = messages.DUPLICATE_DIMENSION_ID.format(id=dimension_id, first=first)
            yield at(*base, "id"), message
        elif dimension_id not in used:
            yield at(*base), messages.EMPTY_DIMENSION.format(id=dimension_id)
        owner = f"dimension '{dimension_id}'"
        yield from check_text(dimension["title"], languages, *base, "title", owner=owner)
        yield from check_text(
            dimension["description"], languages, *base, "description", owner=owner
        )


def _check_item(
    item: dict[str, Any],
    base: ElementPath,
    kinds: dict[str, str],
    required_tags: list[str],
    languages: Sequence[str],
) -> Iterator[Finding]:
    kind = kinds.get(item["dimension"])
    if kind is None:
        message = messages.UNKNOWN_DIMENSION.format(dimension=item["dimension"])
        yield at(*base, "dimension"), message
    elif ANSWER_TYPE_BY_KIND[kind] != item["type"]:
        yield (
            at(*base, "type"),
            messages.TYPE_DOES_NOT_FIT_KIND.format(
                type=item["type"],
                dimension=item["dimension"],
                kind=kind,
                expected=ANSWER_TYPE_BY_KIND[kind],
            ),
        )
    yield from _check_roles_and_principles(item, base)
    yield from _check_tags(item, base, required_tags)
    owner = f"item '{item['id']}'"
    yield from check_text(item["prompt"], languages, *base, "prompt", owner=owner)
    if "help" in item:
        yield from check_text(item["help"], languages, *base, "help", owner=owner)
    yield from check_options(item, base, languages)


def _check_roles_and_principles(item: dict[str, Any], base: ElementPath) -> Iterator[Finding]:
    for index, role in enumerate(item["roles"]):
        if role not in ROLES:
            message = messages.UNKNOWN_ROLE.format(role=role, known=", ".join(ROLES))
            yield at(*base, "roles", index), message
    for index, principle in enumerate(item["principles"]):
        if principle not in PRINCIPLES:
            known = ", ".join(str(number) for number in sorted(PRINCIPLES))
            message = messages.UNKNOWN_PRINCIPLE.format(principle=principle, known=known)
            yield at(*base, "principles", index), message


def _check_tags(
    item: dict[str, Any], base: ElementPath, required_tags: list[str]
) -> Iterator[Finding]:
    tags: dict[str, str] = item.get("tags", {})
    for key, value in tags.items():
        vocabulary = TAG_VOCABULARIES.get(key)
        if vocabulary is None:
            known = ", ".join(TAG_VOCABULARIES)
            yield at(*base, "tags", key), messages.UNKNOWN_TAG_KEY.format(key=key, known=known)
        elif value not in vocabulary:
            known = ", ".join(vocabulary)
            message = messages.UNKNOWN_TAG_VALUE.format(value=value, key=key, known=known)
            yield at(*base, "tags", key), message
    for key in required_tags:
        if key not in tags:
            yield at(*base, "tags"), messages.MISSING_REQUIRED_TAG.format(key=key)
    # When required_tags already asks for a facet, the message above says it.
    if item["type"] == EMPHASIS and _FACET_TAG not in tags and _FACET_TAG not in required_tags:
        yield at(*base, "tags"), messages.EMPHASIS_WITHOUT_FACET
