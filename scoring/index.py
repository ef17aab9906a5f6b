"""Lookup tables built once per questionnaire.

Scoring thousands of organisations against one questionnaire should not walk the
definition again for each of them: every table the engine needs (which items a role is
asked, which raw values each item accepts, which items form each dimension, principle
and tag cell) is built here once and cached for the questionnaire object.

Each item's decoder turns a raw answer into a small int code: 1-5 a level, 0 "I do not
know", -1 "Not applicable", -2 no answer, -3 not asked of the respondent's role, 101-104
a facet choice (``scoring.decoding`` turns the codes into per-item counts).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any, cast

from questionnaires.model import (
    DONT_KNOW,
    FACET_CHOICE,
    INTENT_KIND,
    MATURITY_KIND,
    NOT_APPLICABLE,
    ORIENTATION_KIND,
    Dimension,
    Item,
    Questionnaire,
)
from questionnaires.vocabulary import FACETS, PRINCIPLES, ROLES, TAG_VOCABULARIES
from scoring.results import MatrixCell

if TYPE_CHECKING:  # the codec is built by the decoding module, which imports this one
    from scoring.decoding import Codec

DK = 0
NA = -1
MISSING = -2
UNASKED = -3
FACET_BASE = 100
FACET_CODES: tuple[str, ...] = tuple(FACETS)

# Tag pairs shown as matrices when a questionnaire has items carrying both tags.
MATRIX_TAGS: tuple[tuple[str, str], ...] = (("stage", "skill"), ("partner", "stage"))

# The decoder of an item a role is not asked: only "no answer" is valid.
NOT_ASKED_DECODER: dict[object, int] = {None: UNASKED}


def picker(positions: tuple[int, ...]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """Return a function giving a sequence's entries at ``positions``, as a tuple."""
    # itemgetter does it in C, but returns a bare value for a single position.
    if len(positions) > 1:
        return itemgetter(*positions)
    if positions:
        (position,) = positions
        return lambda row: (row[position],)
    return lambda row: ()


class ItemGroup:
    """Item positions and weights of one dimension or principle."""

    __slots__ = ("positions", "weights", "pick", "uniform")

    def __init__(self, positions: tuple[int, ...], items: Sequence[Item]):
        self.positions = positions
        self.weights = tuple(items[p].weight for p in positions)
        self.pick = picker(positions)
        # With equal weights a weighted mean is a plain mean: cheaper, and exact.
        self.uniform = len(set(self.weights)) <= 1


class MatrixIndex:
    """The cells of a tag x tag matrix, in vocabulary order.

    Most cells hold no item: ``empty`` is the whole matrix of empty cells (shared,
    immutable), and ``filled`` lists (slot, row, column, pick of the item positions) of
    the others; ``pick`` picks the positions of all of them.
    """

    __slots__ = ("row_tag", "column_tag", "rows", "columns", "empty", "filled", "pick")

    def __init__(self, row_tag: str, column_tag: str, items: Sequence[tuple[int, Item]]):
        self.row_tag = row_tag
        self.column_tag = column_tag
        self.rows = tuple(TAG_VOCABULARIES[row_tag])
        self.columns = tuple(TAG_VOCABULARIES[column_tag])
        cells = [(row, column) for row in self.rows for column in self.columns]
        self.empty = tuple(MatrixCell(row, column, None, 0, 0) for row, column in cells)
        filled = [
            (slot, row, column, positions)
            for slot, (row, column) in enumerate(cells)
            if (
                positions := tuple(
                    p
                    for p, item in items
                    if item.tags.get(row_tag) == row and item.tags.get(column_tag) == column
                )
            )
        ]
        self.filled = tuple((slot, row, col, picker(where)) for slot, row, col, where in filled)
        self.pick = picker(tuple(p for _, _, _, where in filled for p in where))


class QuestionnaireIndex:
    """Everything the engine looks up about one questionnaire, precomputed."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        items = questionnaire.items
        self.items = items
        self.position = {item.id: p for p, item in enumerate(items)}
        self.item_ids = tuple(item.id for item in items)
        self.item_dimensions = tuple(item.dimension for item in items)
        self.answer_types = tuple(item.answer_type for item in items)
        self.item_weights = tuple(item.weight for item in items)
        self.item_principles = tuple(item.principles for item in items)
        decoders = [item_decoder(item) for item in items]
        # Per role, one decoder per item: the item's own when the role is asked it.
        self.role_decoders = {
            role: tuple(
                d if role in i.roles else NOT_ASKED_DECODER
                for i, d in zip(items, decoders, strict=True)
            )
            for role in ROLES
        }
        # Every code an answer can decode to, in increasing order.
        self.codes = tuple(sorted({UNASKED, *(c for d in decoders for c in d.values())}))
        # Count encodings of the codes, by digit widths (see scoring.decoding).
        self.codecs: dict[tuple[int, int], Codec] = {}
        self.roles = tuple(role for role in ROLES if any(role in item.roles for item in items))
        self.maturity = self._dimensions(questionnaire, MATURITY_KIND)
        self.orientation = self._dimensions(questionnaire, ORIENTATION_KIND)
        self.intent = self._dimensions(questionnaire, INTENT_KIND)
        self.maturity_dimensions = tuple(dimension for dimension, _ in self.maturity)
        self.maturity_groups = tuple(group for _, group in self.maturity)
        self.maturity_picks = tuple(group.pick for group in self.maturity_groups)
        self.maturity_weights = tuple(dimension.weight for dimension in self.maturity_dimensions)
        self.maturity_weight = math.fsum(self.maturity_weights)
        self.facet_positions = tuple(
            p for p, item in enumerate(items) if item.answer_type == FACET_CHOICE
        )
        self.maturity_positions = tuple(p for _, group in self.maturity for p in group.positions)
        self.emphasis = tuple(
            (p, items[p].tags["facet"])
            for _, group in self.intent
            for p in group.positions
            if "facet" in items[p].tags
        )
        self.principles = tuple(
            (
                principle,
                ItemGroup(
                    tuple(p for p in self.maturity_positions if principle in items[p].principles),
                    items,
                ),
            )
            for principle in PRINCIPLES
        )
        self.principle_groups = tuple(group for _, group in self.principles)
        self.principle_picks = tuple(group.pick for group in self.principle_groups)
        self.matrices = tuple(
            MatrixIndex(row_tag, column_tag, [(p, items[p]) for p in self.maturity_positions])
            for row_tag, column_tag in MATRIX_TAGS
            if any(
                row_tag in items[p].tags and column_tag in items[p].tags
                for p in self.maturity_positions
            )
        )

    def _dimensions(
        self, questionnaire: Questionnaire, kind: str
    ) -> tuple[tuple[Dimension, ItemGroup], ...]:
        return tuple(
            (
                dimension,
                ItemGroup(
                    tuple(p for p, item in enumerate(self.items) if item.dimension == dimension.id),
                    self.items,
                ),
            )
            for dimension in questionnaire.dimensions
            if dimension.kind == kind
        )


def item_decoder(item: Item) -> dict[object, int]:
    """Map every valid raw answer to ``item`` (and None, no answer) to its code."""
    decoder: dict[object, int] = {None: MISSING, DONT_KNOW: DK}
    if item.allow_not_applicable:
        decoder[NOT_APPLICABLE] = NA
    for option in item.options:
        if item.answer_type == FACET_CHOICE:
            decoder[option.code] = FACET_BASE + 1 + FACET_CODES.index(str(option.facet))
        else:
            # Maturity and emphasis options always carry their level (the validator's rule).
            level = cast(int, option.level)
            decoder[option.code] = level
            decoder[level] = level
    return decoder


_CACHE: dict[int, QuestionnaireIndex] = {}
_CACHE_SIZE = 64


def index_for(questionnaire: Questionnaire) -> QuestionnaireIndex:
    """Return the (cached) index of ``questionnaire``.

    Keyed by object identity: the cached index holds the questionnaire, so its id
    cannot be reused by another object while the entry lives.
    """
    index = _CACHE.get(id(questionnaire))
    if index is None:
        index = QuestionnaireIndex(questionnaire)
        if len(_CACHE) >= _CACHE_SIZE:
            del _CACHE[next(iter(_CACHE))]
        _CACHE[id(questionnaire)] = index
    return index
