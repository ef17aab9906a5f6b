"""Item-level aggregation: from each item's answer counts to its organisation value.

An item's organisation value is the median of the values respondents gave; "I do not
know" and "Not applicable" are counted apart and never enter it. The statistics of one
item depend only on how many respondents gave each code (one int, see
``scoring.decoding``), and with five levels and a handful of respondents the same counts
recur constantly across organisations, so they are computed once and remembered (a pure
cache: results are the same with or without it).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from scoring.decoding import Codec
from scoring.index import DK, FACET_BASE, MISSING, NA, UNASKED
from scoring.results import AnswerShares, PrincipleResult, RoleGroupView, TagMatrix
from scoring.rules import ScoringRules

if TYPE_CHECKING:  # the grade type lives with the code that computes it
    from scoring.core import DimensionGrade

VALUED = "valued"
UNANSWERED = "unanswered"
ITEM_NOT_APPLICABLE = "not_applicable"
ITEM_NOT_ASKED = "not_asked"

# Respondents asked, median, level, don't know, not applicable, status, outcome code (of
# the median, or of the status without one: all a grade depends on, see
# ``outcome_code``), number of values; then the counts dimensions sum, packed in digits
# of the codec's ``pack`` bits: slots asked, values, don't know, not applicable, and for
# the agreement 1 and the number of values when there are two or more (0 otherwise);
# then the sample variance and interquartile range of those values (0.0 with fewer than
# two, which leaves a plain sum unchanged).
ItemStats = tuple[
    int,
    float | None,
    int | None,
    int,
    int,
    str,
    int,
    int,
    int,
    float,
    float,
]
NUMBER_OF_FIELDS = 11
# An item group (a dimension's or a principle's) and the outcome codes of its items.
GradeKey = tuple[object, tuple[int, ...]]


class Memos:
    """Remembered results of pure computations for one set of rules.

    ``items``: an item's counts -> its statistics; ``shares``: the packed counts of
    several items -> their answer shares (both per encoding, see ``scoring.decoding``).
    ``grades``: (a dimension's item group, its items' outcome codes) -> grade, group
    view and result fields (``scoring.core``); ``principles``: the same for a
    principle's items -> its result (``scoring.principles``); ``groups``: (roles,
    respondents per role) -> which role-group views are shown (``scoring.groups``);
    ``matrices``: (tag matrix, its items' values and answers) -> the matrix. All
    state spaces are small (five levels, a handful of respondents, a handful of items),
    so bulk scoring mostly hits.
    """

    __slots__ = ("items", "shares", "grades", "principles", "groups", "matrices")

    def __init__(self) -> None:
        self.items: dict[int, dict[int, ItemStats]] = {}
        self.shares: dict[int, dict[int, AnswerShares]] = {}
        self.grades: dict[GradeKey, DimensionGrade] = {}
        self.principles: dict[GradeKey, PrincipleResult] = {}
        self.groups: dict[tuple[object, ...], tuple[tuple[str, RoleGroupView | None], ...]] = {}
        self.matrices: dict[tuple[object, ...], TagMatrix] = {}

    def size(self) -> int:
        """Number of remembered results."""
        return (
            sum(map(len, self.items.values()))
            + sum(map(len, self.shares.values()))
            + len(self.grades)
            + len(self.principles)
            + len(self.groups)
            + len(self.matrices)
        )


# Per set of rules: about 30 MB of remembered results at most (some 500 bytes each).
_MEMO_LIMIT = 64_000
_MEMOS: dict[ScoringRules, Memos] = {}


def memos_for(rules: ScoringRules) -> Memos:
    """Return the memos of ``rules``, starting afresh when they have grown large."""
    memos = _MEMOS.get(rules)
    if memos is None or memos.size() > _MEMO_LIMIT:
        if len(_MEMOS) > 16:
            _MEMOS.clear()
        memos = _MEMOS[rules] = Memos()
    return memos


class Columns:
    """Per-item aggregates of a set of respondents, in definition order.

    Made from each item's answer counts (see ``scoring.decoding``): ``stats`` holds each
    item's statistics (``ItemStats``) and ``outcome`` each item's outcome code. The
    other fields are the statistics split per field, made at once when ``split`` (a
    whole organisation needs them all) or on first use (role-group views only need the
    outcomes), and ``keys`` the counts themselves.
    """

    __slots__ = ("keys", "codec", "memos", "stats", "outcome", "known_shares", "_fields")

    def __init__(
        self,
        keys: Sequence[int],
        codec: Codec,
        memos: Memos,
        rules: ScoringRules,
        split: bool = False,
    ):
        self.keys = keys
        self.codec = codec
        self.memos = memos
        encoding = codec.encoding
        memo = memos.items.get(encoding)
        if memo is None:
            memo = memos.items[encoding] = {}
            memos.shares[encoding] = {}
        # Packed counts (of the four answer-share digits) -> answer shares.
        self.known_shares = memos.shares[encoding]
        try:
            stats = list(map(memo.__getitem__, keys))
        except KeyError:
            stats = []
            for key in keys:
                found = memo.get(key)
                if found is None:
                    found = memo[key] = item_stats(codec.ordered(key), codec.pack, rules)
                stats.append(found)
        self.stats = stats
        self._fields: tuple[tuple[Any, ...], ...] | None = None
        self.outcome: tuple[int, ...]
        if split:
            self.outcome = self.fields[6]
        else:
            self.outcome = tuple(map(_OUTCOME, stats))

    def shares(self, packed: int) -> AnswerShares:
        """The answer shares of the items whose packed counts sum to ``packed``."""
        packed &= self.codec.shares_mask
        found = self.known_shares.get(packed)
        if found is None:
            found = self.known_shares[packed] = self.codec.shares(packed)
        return found

    @property
    def fields(self) -> tuple[tuple[Any, ...], ...]:
        """The statistics split per field: one tuple per ``ItemStats`` field."""
        if self._fields is None:
            self._fields = tuple(zip(*self.stats, strict=True)) or ((),) * NUMBER_OF_FIELDS
        return self._fields

    @property
    def value(self) -> tuple[float | None, ...]:
        """Each item's median level, None without one."""
        return self.fields[1]

    @property
    def level(self) -> tuple[int | None, ...]:
        """Each item's level (the band of its median), None without one."""
        return self.fields[2]

    @property
    def status(self) -> tuple[str, ...]:
        """Each item's status: valued, not_applicable, unanswered or not_asked."""
        return self.fields[5]

    @property
    def answered(self) -> tuple[int, ...]:
        """Answers that carry a value, per item."""
        return self.fields[7]


_OUTCOME = itemgetter(6)


# Each distinct outcome (a median, or a status without one) gets a small int code, so
# that memo keys made of outcomes are tuples of small ints: quick to hash and compare.
_OUTCOME_CODES: dict[float | str, int] = {}


def outcome_code(outcome: float | str) -> int:
    """Return the code of ``outcome`` (the same for equal outcomes)."""
    return _OUTCOME_CODES.setdefault(outcome, len(_OUTCOME_CODES))


def item_stats(ordered: tuple[int, ...], pack: int, rules: ScoringRules) -> ItemStats:
    """Statistics of one item from the sorted codes of every respondent."""
    # Codes sort as not asked (-3) < no answer (-2) < not applicable (-1)
    # < don't know (0) < values (1-5, 101-104).
    unasked = bisect_right(ordered, UNASKED)
    blank = bisect_right(ordered, MISSING, unasked)
    not_applicable = bisect_right(ordered, NA, blank) - blank
    first = bisect_right(ordered, DK, blank)
    given = ordered[first:]
    count = len(given)
    value = level = None
    spread_counts, variance, spread = 0, 0.0, 0.0
    if count:
        status = VALUED
        if given[0] < FACET_BASE:
            middle = count // 2
            value = float(given[middle]) if count % 2 else (given[middle - 1] + given[middle]) / 2
            level = rules.band(value)
            if count > 1:
                # Integer sums: exact, so the order of respondents cannot matter.
                total = sum(given)
                squares = sum(v * v for v in given)
                variance = (count * squares - total * total) / (count * (count - 1))
                spread = _quantile(given, 0.75) - _quantile(given, 0.25)
                spread_counts = 1 | (count << pack)
    elif unasked == len(ordered):
        status = ITEM_NOT_ASKED
    elif not_applicable:
        status = ITEM_NOT_APPLICABLE
    else:
        status = UNANSWERED
    dont_know = first - blank - not_applicable
    asked = len(ordered) - unasked
    outcome = outcome_code(status if value is None else value)
    counts = (
        asked
        | (count << pack)
        | (dont_know << 2 * pack)
        | (not_applicable << 3 * pack)
        | (spread_counts << 4 * pack)
    )
    return (
        asked,
        value,
        level,
        dont_know,
        not_applicable,
        status,
        outcome,
        count,
        counts,
        variance,
        spread,
    )


def _quantile(ordered: Sequence[int], fraction: float) -> float:
    # The "inclusive" method of statistics.quantiles (and PostgreSQL percentile_cont).
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
