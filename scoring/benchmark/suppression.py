"""Complementary (secondary) suppression over the cells, margins and total of a table.

A table position is a key: one value per grouping field, None standing for "all" (a
margin, or the total when every value is None). Each margin or total is published as
the sum of a line of cells, so a single withheld cell in a line could be recovered by
subtraction. ``protect`` adds complementary suppressions until

1. every line whose total is published has no withheld member or at least two, and
   every line whose total is withheld has at least one withheld member;
2. in a ``bounded`` layer, reading any one line leaves each withheld count free to take
   every value its published note allows (a cell "with fewer than 5" could still hold
   anything from its floor to 4), so the "complementary" note, which tells a reader the
   cell had at least the threshold, cannot be used to pin a small cell down;
3. no withheld figure is an exact linear combination of published ones across all the
   lines together (checked by Gaussian elimination, which catches patterns that satisfy
   rule 1 line by line but not as a whole).

The method is described for readers in docs/benchmarks.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from scoring.benchmark.disclosure import COMPLEMENTARY

Key = tuple[str | None, ...]


@dataclass(frozen=True)
class Line:
    """A published sum: ``total`` adds up ``members`` (a row, a column or the margins)."""

    total: Key
    members: tuple[Key, ...]


@dataclass(frozen=True)
class Suppression:
    """Why a figure is withheld, and what its note tells the public about its count.

    A reader knows the hidden count lies between ``low`` and ``high`` (None: no upper
    bound known).
    """

    reason: str
    low: int
    high: int | None


def key_order(key: Key) -> tuple[tuple[bool, str], ...]:
    """Sort key for table positions: by value, each margin ("all") after its values."""
    return tuple((value is None, value or "") for value in key)


def table_lines(keys: Iterable[Key]) -> tuple[Line, ...]:
    """Return every line (sum relation) between the given table positions.

    A position with a value in field i belongs to the line whose total has None in
    field i and the same values elsewhere; that total must be among ``keys``.
    """
    known = set(keys)
    grouped: dict[tuple[Key, int], list[Key]] = defaultdict(list)
    for key in known:
        for position, value in enumerate(key):
            if value is not None:
                parent = key[:position] + (None,) + key[position + 1 :]
                grouped[(parent, position)].append(key)
    lines = [
        Line(parent, tuple(sorted(members, key=key_order)))
        for (parent, _), members in grouped.items()
        if parent in known
    ]
    return tuple(
        sorted(lines, key=lambda line: (key_order(line.total), key_order(line.members[0])))
    )


def protect(
    lines: Sequence[Line],
    sizes: Mapping[Key, int],
    primary: Mapping[Key, Suppression],
    *,
    complement_low: int,
    bounded: bool,
    equations: Sequence[Line] | None = None,
    rounding: int = 0,
) -> dict[Key, Suppression]:
    """Return the primary suppressions plus the complementary ones that protect them.

    ``sizes`` gives each position's true count (used to pick complements, never
    published here); ``complement_low`` is what a complementary note tells a reader
    about the count (it met the threshold). ``bounded`` switches on rule 2 of the
    module docstring. ``equations`` are the lines that are exact sums, for rule 3
    (default: every line); a line that is not one (a margin across periods, which
    holds each organisation once) still takes part in rules 1 and 2, which only makes
    them more cautious. ``rounding`` is the most a published count can differ from the
    true one (2 for counts rounded to 5): rule 2 then reads the withheld members' sum
    as uncertain by that much for the total and for each published member. Deterministic:
    the result depends only on the inputs' contents.
    """
    hidden = dict(primary)
    complement = Suppression(COMPLEMENTARY, complement_low, None)
    # Broad lines first (those adding up to the total, then to one-field margins): a
    # complement chosen there often protects the narrower lines below as well, where
    # choosing first would withhold more.
    ordered = sorted(
        lines,
        key=lambda line: (
            sum(value is not None for value in line.total),
            key_order(line.total),
            key_order(line.members[0]),
        ),
    )
    while True:
        exposed = next(
            (line for line in ordered if _exposed(line, sizes, hidden, bounded, rounding)), None
        )
        if exposed is not None:
            key = _complement_for(exposed, sizes, hidden, bounded, complement, rounding)
            hidden[key] = complement
            continue
        found = recoverable(lines if equations is None else equations, hidden)
        breaker = _breaker_for(found[0], lines, sizes, hidden) if found else None
        if breaker is None:  # nothing exposed, or nothing left that could be withheld
            return hidden
        hidden[breaker] = complement


def _exposed(
    line: Line,
    sizes: Mapping[Key, int],
    hidden: Mapping[Key, Suppression],
    bounded: bool,
    rounding: int,
) -> bool:
    withheld = [key for key in line.members if key in hidden]
    if line.total in hidden:
        # A withheld total is the sum of its members: if all of them were published, it
        # would be too (in a cube of tables, a group often has a single member, which
        # is the same organisations under another name).
        return not withheld
    if not withheld:
        return False
    if len(withheld) == 1:
        return True
    uncertainty = rounding * (1 + len(line.members) - len(withheld))
    return bounded and not _bounds_hold(withheld, sizes, hidden, uncertainty)


def _bounds_hold(
    withheld: Sequence[Key],
    sizes: Mapping[Key, int],
    hidden: Mapping[Key, Suppression],
    uncertainty: int,
) -> bool:
    # A reader knows the withheld members' sum (published total minus published
    # members), give or take ``uncertainty`` when counts are rounded, and each member's
    # published bounds; from these alone, each member with an upper bound must still be
    # free to take its lowest and its highest value.
    total = sum(sizes[key] for key in withheld)
    for key in withheld:
        own = hidden[key]
        if own.high is None:
            continue
        others = [hidden[other] for other in withheld if other != key]
        if total + uncertainty - sum(other.low for other in others) < own.high:
            return False
        highs = [other.high for other in others]
        if all(high is not None for high in highs):
            least = total - uncertainty - sum(high for high in highs if high is not None)
            if least > own.low:
                return False
    return True


def _complement_for(
    line: Line,
    sizes: Mapping[Key, int],
    hidden: Mapping[Key, Suppression],
    bounded: bool,
    complement: Suppression,
    rounding: int,
) -> Key:
    candidates = sorted(
        (key for key in line.members if key not in hidden),
        key=lambda key: (sizes[key], key_order(key)),
    )
    if not candidates:
        return line.total
    if not bounded:
        return candidates[0]
    withheld = [key for key in line.members if key in hidden]
    uncertainty = rounding * (len(line.members) - len(withheld))  # the total, the rest
    for key in candidates:
        if _bounds_hold([*withheld, key], sizes, {**hidden, key: complement}, uncertainty):
            return key
    # No single cell is large enough: take the largest and let the loop add more.
    return candidates[-1]


def recoverable(lines: Sequence[Line], hidden: Mapping[Key, Suppression]) -> tuple[Key, ...]:
    """Return the withheld positions whose value follows exactly from published ones.

    Each line is an equation (total minus members equals zero). Moving published values
    to the right-hand side leaves a system in the withheld values; a withheld value is
    determined exactly when its unit vector lies in the row space, which shows in the
    reduced row echelon form as a row with a single non-zero entry.
    """
    pivots: dict[Key, dict[Key, Fraction]] = {}
    for line in lines:
        row: dict[Key, Fraction] = {}
        for key, sign in ((line.total, 1), *((member, -1) for member in line.members)):
            if key in hidden:
                row[key] = Fraction(sign)
        for pivot, pivot_row in pivots.items():
            factor = row.get(pivot)
            if factor:
                _subtract(row, pivot_row, factor)
        if not row:
            continue
        pivot = min(row, key=key_order)
        lead = row[pivot]
        row = {key: value / lead for key, value in row.items()}
        for other in pivots.values():
            factor = other.get(pivot)
            if factor:
                _subtract(other, row, factor)
        pivots[pivot] = row
    return tuple(sorted((p for p, row in pivots.items() if len(row) == 1), key=key_order))


def _subtract(row: dict[Key, Fraction], other: Mapping[Key, Fraction], factor: Fraction) -> None:
    for key, value in other.items():
        updated = row.get(key, Fraction(0)) - factor * value
        if updated:
            row[key] = updated
        else:
            row.pop(key, None)


def _breaker_for(
    target: Key, lines: Sequence[Line], sizes: Mapping[Key, int], hidden: Mapping[Key, Suppression]
) -> Key | None:
    # Withhold the smallest published position that shares a line with the exposed
    # value; the line rule then completes the pattern around it. When every position
    # is withheld already, the value "determined" is one that holds no organisation (a
    # measure nobody in a group has), which tells nothing: there is nothing to do.
    near = {key for line in lines if target in (line.total, *line.members) for key in _keys(line)}
    candidates = [key for key in near if key not in hidden]
    if not candidates:
        everywhere = {key for line in lines for key in _keys(line)}
        candidates = [key for key in everywhere if key not in hidden]
    if not candidates:
        return None
    return min(candidates, key=lambda key: (sizes[key], key_order(key)))


def _keys(line: Line) -> tuple[Key, ...]:
    return (line.total, *line.members)
