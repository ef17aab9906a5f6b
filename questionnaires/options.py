"""Rules for the answer options of each answer type.

A maturity item anchors one option at each level of the five-level scale; an emphasis
item offers a 1-5 scale of intended emphasis; a facet-choice item offers one statement
per innovation facet. Scoring relies on these shapes, so they are checked strictly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from questionnaires import messages
from questionnaires.model import EMPHASIS, FACET_CHOICE, MATURITY, RESERVED_CODES
from questionnaires.problems import at
from questionnaires.translations import check_text
from questionnaires.vocabulary import FACETS

Finding = tuple[str, str]
ElementPath = tuple[str | int, ...]

SCALE_LEVELS = (1, 2, 3, 4, 5)
# Scale options are coded by level (l1..l5, e1..e5) so stored answers read the same
# across items and versions.
SCALE_CODE_PREFIX = {MATURITY: "l", EMPHASIS: "e"}


def check_options(
    item: dict[str, Any], base: ElementPath, languages: Sequence[str]
) -> Iterator[Finding]:
    """Check the options of one item (structurally valid) located at ``base``.

    Their labels must exist in each of ``languages``.
    """
    options: list[dict[str, Any]] = item["options"]
    first_use: dict[str, int] = {}
    for index, option in enumerate(options):
        where = (*base, "options", index)
        code = option["code"]
        if code in RESERVED_CODES:
            yield at(*where, "code"), messages.RESERVED_CODE.format(code=code)
        first = first_use.setdefault(code, index)
        if first != index:
            yield at(*where, "code"), messages.DUPLICATE_CODE.format(code=code, first=first)
        owner = f"item '{item['id']}', option '{code}'"
        yield from check_text(option["label"], languages, *where, "label", owner=owner)
    yield from _RULES[item["type"]](item["type"], options, base)


def _check_scale(
    answer_type: str, options: list[dict[str, Any]], base: ElementPath
) -> Iterator[Finding]:
    if len(options) != len(SCALE_LEVELS):
        yield (
            at(*base, "options"),
            messages.WRONG_OPTION_COUNT.format(
                type=answer_type, expected=len(SCALE_LEVELS), found=len(options)
            ),
        )
    levels: list[int] = []
    for index, option in enumerate(options):
        where = (*base, "options", index)
        if "facet" in option:
            yield at(*where, "facet"), messages.FACET_ON_SCALE_OPTION
        level = option.get("level")
        if level is None:
            yield at(*where, "level"), messages.MISSING_LEVEL.format(type=answer_type)
            continue
        levels.append(level)
        expected_code = f"{SCALE_CODE_PREFIX[answer_type]}{level}"
        if level in SCALE_LEVELS and option["code"] != expected_code:
            yield (
                at(*where, "code"),
                messages.CODE_FOR_LEVEL.format(level=level, expected=expected_code),
            )
    # Only meaningful once every option has a level and the count is right; otherwise
    # the problems above already say what to fix.
    if len(levels) == len(SCALE_LEVELS) and tuple(sorted(levels)) != SCALE_LEVELS:
        found = ", ".join(str(level) for level in levels)
        yield at(*base, "options"), messages.LEVELS_NOT_A_SCALE.format(found=found)


def _check_facets(
    answer_type: str, options: list[dict[str, Any]], base: ElementPath
) -> Iterator[Finding]:
    if len(options) != len(FACETS):
        yield (
            at(*base, "options"),
            messages.WRONG_OPTION_COUNT.format(
                type=answer_type, expected=len(FACETS), found=len(options)
            ),
        )
    first_use: dict[str, int] = {}
    for index, option in enumerate(options):
        where = (*base, "options", index)
        if "level" in option:
            yield at(*where, "level"), messages.LEVEL_ON_FACET_OPTION
        facet = option.get("facet")
        if facet is None:
            yield at(*where, "facet"), messages.MISSING_FACET
            continue
        if facet not in FACETS:
            known = ", ".join(FACETS)
            yield at(*where, "facet"), messages.UNKNOWN_FACET.format(facet=facet, known=known)
            continue
        first = first_use.setdefault(facet, index)
        if first != index:
            yield at(*where, "facet"), messages.DUPLICATE_FACET.format(facet=facet, first=first)
        if option["code"] != facet:
            yield at(*where, "code"), messages.CODE_NOT_FACET.format(facet=facet)


_RULES: dict[str, Callable[[str, list[dict[str, Any]], ElementPath], Iterator[Finding]]] = {
    MATURITY: _check_scale,
    EMPHASIS: _check_scale,
    FACET_CHOICE: _check_facets,
}
