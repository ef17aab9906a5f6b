"""What a benchmark table is computed from: per cell, counts and the sorted scores.

Every figure of a table depends on its organisations only through a few counts (how
many, from which countries, at which level) and the sorted scores of each measure. This
module gathers them once per cell, from records or from tallies a database computed
with one GROUP BY, and builds each margin and the total by merging the cells below it
instead of going through the organisations again.

A ``Tally`` counts the organisations of one group and country that share one score and
level of one measure. Tallies can stand for records only when every organisation is in
exactly one cell, that is when the table is broken down by organisation fields alone:
by period or questionnaire version, an organisation may count in several cells, and the
margins above them must hold it once, which counts cannot tell.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from scoring.benchmark.records import BenchmarkError, BenchmarkRecord, check_level, check_score
from scoring.benchmark.suppression import Key

# A tally as a plain tuple: group, country, measure, score, level, organisations.
TallyRow = tuple[Key, str, str | None, float | None, int | None, int]


class Tally(NamedTuple):
    """How many organisations of one group and country share a score and level of a measure.

    ``group`` holds the organisations' values of the table's grouping fields, in the
    table's order. ``measure`` is a dimension id, or None for the overall score. Every
    organisation is counted exactly once under the overall score, with a score or
    without one (those tallies say who is in which cell); under a dimension it is
    counted only when it has a score for it.

    A named tuple rather than a dataclass: a table is counted from tens of thousands of
    tallies, and ``check_tallies`` validates them all at once.
    """

    group: tuple[str, ...]
    country: str
    measure: str | None
    score: float | None
    level: int | None
    organisations: int


def check_tallies(tallies: Sequence[Tally], width: int) -> None:
    """Raise BenchmarkError unless every tally is usable in a table grouped by ``width`` fields.

    Each distinct value is checked once, which keeps a large set of tallies quick.
    """
    if not all(issubclass(kind, tuple) for kind in {type(t.group) for t in tallies}):
        raise BenchmarkError(f"every tally needs one value per grouping field ({width})")
    try:
        groups = {t.group for t in tallies}
        texts = {v for g in groups for v in g} | {t.country for t in tallies}
        measures = {t.measure for t in tallies}
        # Typed pairs, so that True is not taken for 1 when the values are made distinct.
        counts = {(type(t.organisations), t.organisations) for t in tallies}
        scores = {t.score for t in tallies}
        levels = {(type(t.level), t.level) for t in tallies}
        unscored = {t.measure for t in tallies if t.score is None}
    except TypeError as error:  # a value that cannot even be compared
        raise BenchmarkError(f"tallies: a value of an unusable kind ({error})") from error
    if any(len(g) != width for g in groups):
        raise BenchmarkError(f"every tally needs one value per grouping field ({width})")
    if not all(isinstance(v, str) and v for v in texts):
        raise BenchmarkError("tallies: group values and countries must be non-empty texts")
    if not all(m is None or (isinstance(m, str) and m) for m in measures):
        raise BenchmarkError("tallies: a measure is a dimension id, or None for the overall score")
    if not all(kind is int and count >= 1 for kind, count in counts):
        raise BenchmarkError("tallies: organisations must be a whole number from 1")
    if unscored - {None}:
        raise BenchmarkError("tallies: a dimension is tallied only with a score")
    for score in scores:
        check_score(score, "tally")
    for _, level in levels:
        check_level(level, "tally")


@dataclass
class MeasureCounts:
    """One measure in one cell: the sorted scores, and who has a score and a level.

    Counts are plain dictionaries (organisations per country, per level), every count
    above zero. ``levelled_countries`` and ``levels`` count the organisations with a
    score that also have a level, the ones a distribution of levels is made of.
    """

    scores: list[float] = field(default_factory=list)
    scored_countries: dict[str, int] = field(default_factory=dict)
    levelled_countries: dict[str, int] = field(default_factory=dict)
    levels: dict[int, int] = field(default_factory=dict)


@dataclass
class CellCounts:
    """Everything a cell's figures are computed from: its organisations and measures."""

    organisations: int = 0
    countries: dict[str, int] = field(default_factory=dict)
    measures: dict[str | None, MeasureCounts] = field(default_factory=dict)

    def measure(self, measure: str | None) -> MeasureCounts:
        """The counts of one measure (empty when no organisation here has a score)."""
        return self.measures.get(measure) or MeasureCounts()


def count_rows(rows: Iterable[TallyRow], measures: Sequence[str | None]) -> dict[Key, CellCounts]:
    """Gather tally rows into one CellCounts per group (measures not listed are ignored).

    Raises BenchmarkError when a group has more organisations with a dimension score, in
    some country, than it has organisations there.
    """
    cells: dict[Key, CellCounts] = {}
    for group, country, measure, score, level, count in rows:
        cell = cells.get(group)
        if cell is None:
            cell = cells[group] = CellCounts(measures={m: MeasureCounts() for m in measures})
        if measure is None:
            cell.organisations += count
            cell.countries[country] = cell.countries.get(country, 0) + count
        counts = cell.measures.get(measure)
        if counts is None or score is None:
            continue
        if count == 1:
            counts.scores.append(score)
        else:
            counts.scores.extend(itertools.repeat(score, count))
        scored = counts.scored_countries
        scored[country] = scored.get(country, 0) + count
        if level is not None:
            levelled = counts.levelled_countries
            levelled[country] = levelled.get(country, 0) + count
            counts.levels[level] = counts.levels.get(level, 0) + count
    for group, cell in cells.items():
        for counts in cell.measures.values():
            counts.scores.sort()
            if any(n > cell.countries.get(c, 0) for c, n in counts.scored_countries.items()):
                raise BenchmarkError(
                    f"tallies of {group!r}: more organisations with a score than in the cell"
                )
    return cells


def record_rows(
    records: Iterable[BenchmarkRecord], fields: Sequence[str], dimension_ids: Sequence[str]
) -> Iterable[TallyRow]:
    """Each record as tally rows of one organisation: its overall score and dimensions."""
    for record in records:
        group = tuple(record.value(name) for name in fields)
        country = record.country
        yield group, country, None, record.overall_score, record.overall_level, 1
        scores, levels = record.dimension_scores, record.dimension_levels
        for dimension_id in dimension_ids:
            score = scores.get(dimension_id)
            if score is not None:
                yield group, country, dimension_id, score, levels.get(dimension_id), 1


def with_margins(cells: Mapping[Key, CellCounts], width: int) -> dict[Key, CellCounts]:
    """The cells plus every margin and the total, each merged from the cells below it.

    Valid when every organisation is in exactly one cell. The total is listed even when
    there is no cell, so that a table always has one.
    """
    everything = dict(cells)
    below: dict[Key, list[CellCounts]] = {}
    for key, cell in cells.items():
        for mask in itertools.product((False, True), repeat=width):
            if any(mask):
                summed = tuple(None if s else v for v, s in zip(key, mask, strict=True))
                below.setdefault(summed, []).append(cell)
    for key, parts in below.items():
        everything[key] = merge(parts)
    everything.setdefault((None,) * width, CellCounts())
    return everything


def merge(parts: Sequence[CellCounts]) -> CellCounts:
    """The counts of a group made of ``parts`` (each organisation in one part only)."""
    merged = CellCounts()
    for part in parts:
        merged.organisations += part.organisations
        _add(merged.countries, part.countries)
        for measure, counts in part.measures.items():
            into = merged.measures.get(measure)
            if into is None:
                into = merged.measures[measure] = MeasureCounts()
            into.scores.extend(counts.scores)
            _add(into.scored_countries, counts.scored_countries)
            _add(into.levelled_countries, counts.levelled_countries)
            _add(into.levels, counts.levels)
    for counts in merged.measures.values():
        counts.scores.sort()  # runs already sorted: a merge, not a full sort
    return merged


def _add(into: dict[Any, int], counts: Mapping[Any, int]) -> None:
    for key, count in counts.items():
        into[key] = into.get(key, 0) + count
