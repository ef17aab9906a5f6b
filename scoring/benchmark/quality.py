"""Measurement quality for analysts: reliability, ceiling and floor items, "don't know".

Input is respondent-level answers, one matrix per dimension (respondents x items), as
the app reads them from stored submissions. These statistics describe the instruments,
never an organisation, and are shown to analysts only.

- Cronbach's alpha per dimension, on the respondents who gave a scored answer (1-5) to
  every item of the dimension (listwise deletion). It is None with fewer than two items,
  fewer than ``alpha_respondents`` complete respondents, or when the complete
  respondents' totals do not vary (the formula divides by that variance).
- Ceiling and floor items: an item is flagged when more than ``extreme_share`` of its
  scored answers are at 5 (ceiling) or at 1 (floor).
- The shares of "I do not know" and "Not applicable" among the answer slots (respondent
  x item asked) of each dimension.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from questionnaires.model import DONT_KNOW, NOT_APPLICABLE
from scoring.benchmark.disclosure import round_half_up
from scoring.benchmark.records import LEVELS, BenchmarkError

# A matrix entry: a scored answer 1-5, DONT_KNOW, NOT_APPLICABLE, or None when the item
# was not asked of that respondent (their role does not see it).
Answer = int | str | None

# Why alpha is None.
TOO_FEW_ITEMS = "too_few_items"
TOO_FEW_COMPLETE = "too_few_complete_respondents"
NO_VARIANCE = "no_variance"

_PLACES = 3  # enough for the usual 0.70 / 0.80 reliability rules of thumb


@dataclass(frozen=True)
class QualityRules:
    """Adjustable parameters of the measurement-quality statistics.

    ``extreme_share``: share (0-1) of answers at 5 (or 1) above which an item is a
    ceiling (or floor) item. ``alpha_respondents``: complete respondents alpha needs.
    """

    extreme_share: float = 0.15
    alpha_respondents: int = 3

    def __post_init__(self) -> None:
        if not 0.0 < self.extreme_share < 1.0:
            raise BenchmarkError("extreme_share must be above 0 and below 1")
        if self.alpha_respondents < 2:
            raise BenchmarkError("alpha_respondents must be at least 2")


@dataclass(frozen=True)
class DimensionResponses:
    """The answers of several respondents to the items of one dimension.

    ``answers`` has one row per respondent and one entry per item of ``item_ids``.
    """

    dimension_id: str
    item_ids: tuple[str, ...]
    answers: tuple[tuple[Answer, ...], ...]

    def __post_init__(self) -> None:
        width = len(self.item_ids)
        for number, row in enumerate(self.answers, 1):
            if len(row) != width:
                raise BenchmarkError(
                    f"dimension {self.dimension_id!r}, respondent {number}: {len(row)}"
                    f" answers for {width} items"
                )
            for value in row:
                if not _valid(value):
                    raise BenchmarkError(
                        f"dimension {self.dimension_id!r}, respondent {number}: {value!r} is"
                        " not an answer 1-5, dont_know, not_applicable or None"
                    )


@dataclass(frozen=True)
class ItemQuality:
    """How one item's scored answers sit at the ends of the scale.

    Shares are 0-1, three decimals, None when the item has no scored answer.
    """

    item_id: str
    answered: int
    ceiling_share: float | None
    floor_share: float | None
    ceiling: bool
    floor: bool


@dataclass(frozen=True)
class DimensionQuality:
    """Measurement-quality statistics of one dimension.

    ``alpha`` is Cronbach's alpha (three decimals) or None, ``alpha_note`` then giving
    the reason code. ``slots`` counts respondent x item pairs asked; the shares (0-1,
    three decimals) are of those slots, None when there are none.
    """

    dimension_id: str
    items: int
    respondents: int
    complete_respondents: int
    alpha: float | None
    alpha_note: str | None
    slots: int
    dont_know_share: float | None
    not_applicable_share: float | None
    item_quality: tuple[ItemQuality, ...]


def measurement_quality(
    responses: Iterable[DimensionResponses], rules: QualityRules | None = None
) -> tuple[DimensionQuality, ...]:
    """Return the quality statistics of each dimension, in the order given."""
    chosen = rules or QualityRules()
    return tuple(_dimension(r, chosen) for r in responses)


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """Return Cronbach's alpha of complete rows (respondents x items), unrounded.

    alpha = k / (k - 1) x (1 - sum of item variances / variance of the row totals),
    with sample variances. None with fewer than two items or two rows, or when the
    totals do not vary. Raises BenchmarkError when rows differ in length.
    """
    widths = {len(row) for row in rows}
    if len(widths) > 1:
        raise BenchmarkError("every respondent needs one answer per item")
    if len(rows) < 2 or len(rows[0]) < 2:
        return None
    k = len(rows[0])
    totals = [sum(row) for row in rows]
    total_variance = statistics.variance(totals)
    if total_variance == 0:
        return None
    item_variance = sum(statistics.variance([row[i] for row in rows]) for i in range(k))
    return k / (k - 1) * (1 - item_variance / total_variance)


def _valid(value: Answer) -> bool:
    if value is None or value in (DONT_KNOW, NOT_APPLICABLE):
        return True
    return isinstance(value, int) and not isinstance(value, bool) and value in LEVELS


def _dimension(responses: DimensionResponses, rules: QualityRules) -> DimensionQuality:
    rows = responses.answers
    complete = [
        [float(v) for v in row if isinstance(v, int)]
        for row in rows
        if all(isinstance(v, int) for v in row)
    ]
    alpha: float | None = None
    note: str | None = None
    if len(responses.item_ids) < 2:
        note = TOO_FEW_ITEMS
    elif len(complete) < rules.alpha_respondents:
        note = TOO_FEW_COMPLETE
    else:
        alpha = cronbach_alpha(complete)
        note = NO_VARIANCE if alpha is None else None
    asked = [v for row in rows for v in row if v is not None]
    return DimensionQuality(
        dimension_id=responses.dimension_id,
        items=len(responses.item_ids),
        respondents=len(rows),
        complete_respondents=len(complete) if responses.item_ids else 0,
        alpha=None if alpha is None else round_half_up(alpha, _PLACES),
        alpha_note=note,
        slots=len(asked),
        dont_know_share=_share(sum(1 for v in asked if v == DONT_KNOW), len(asked)),
        not_applicable_share=_share(sum(1 for v in asked if v == NOT_APPLICABLE), len(asked)),
        item_quality=tuple(
            _item(item_id, [row[i] for row in rows], rules)
            for i, item_id in enumerate(responses.item_ids)
        ),
    )


def _item(item_id: str, column: Sequence[Answer], rules: QualityRules) -> ItemQuality:
    scored = [v for v in column if isinstance(v, int)]
    at_top = sum(1 for v in scored if v == LEVELS[-1])
    at_bottom = sum(1 for v in scored if v == LEVELS[0])
    # Flags compare counts, so rounding the published share cannot flip them; the
    # epsilon keeps "exactly 15 %" on the unflagged side despite binary fractions.
    limit = rules.extreme_share * len(scored) + 1e-9
    return ItemQuality(
        item_id=item_id,
        answered=len(scored),
        ceiling_share=_share(at_top, len(scored)),
        floor_share=_share(at_bottom, len(scored)),
        ceiling=at_top > limit,
        floor=at_bottom > limit,
    )


def _share(part: int, whole: int) -> float | None:
    return round_half_up(part / whole, _PLACES) if whole else None
