"""What a benchmark table is computed from: per cell, counts and the sorted scores.

Every figure of a table depends on its organisations only through a few counts (how
many, from which countries, how many of them named, at which level) and the sorted
scores of each measure. This module gathers them once per cell from tally rows (each
record gives one row per measure), and builds each margin and the total by merging the
cells below it instead of going through the organisations again.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from scoring.benchmark.records import BenchmarkError, BenchmarkRecord
from scoring.benchmark.suppression import Key

# A tally as a plain tuple: group, country, measure, score, level, organisations, named.
TallyRow = tuple[Key, str, str | None, float | None, int | None, int, bool]


@dataclass
class MeasureCounts:
    """One measure in one cell: the sorted scores, and who has a score and a level.

    Counts are plain dictionaries (organisations per country, per level), every count
    above zero. ``levelled_countries`` and ``levels`` count the organisations with a
    score that also have a level, the ones a distribution of levels is made of. The
    ``*_named`` counts are those of the same organisations that chose to be named.
    """

    scores: list[float] = field(default_factory=list)
    scored_countries: dict[str, int] = field(default_factory=dict)
    levelled_countries: dict[str, int] = field(default_factory=dict)
    levels: dict[int, int] = field(default_factory=dict)
    scored_named: dict[str, int] = field(default_factory=dict)
    levelled_named: dict[str, int] = field(default_factory=dict)


@dataclass
class CellCounts:
    """Everything a cell's figures are computed from: its organisations and measures.

    ``named`` counts, per country, the organisations among ``countries`` that chose to
    be named.
    """

    organisations: int = 0
    countries: dict[str, int] = field(default_factory=dict)
    measures: dict[str | None, MeasureCounts] = field(default_factory=dict)
    named: dict[str, int] = field(default_factory=dict)

    def measure(self, measure: str | None) -> MeasureCounts:
        """The counts of one measure (empty when no organisation here has a score)."""
        return self.measures.get(measure) or MeasureCounts()


def count_rows(rows: Iterable[TallyRow], measures: Sequence[str | None]) -> dict[Key, CellCounts]:
    """Gather tally rows into one CellCounts per group (measures not listed are ignored).

    Raises BenchmarkError when a group has more organisations with a dimension score, in
    some country, than it has organisations there.
    """
    cells: dict[Key, CellCounts] = {}
    for group, country, measure, score, level, count, named in rows:
        cell = cells.get(group)
        if cell is None:
            cell = cells[group] = CellCounts(measures={m: MeasureCounts() for m in measures})
        if measure is None:
            cell.organisations += count
            cell.countries[country] = cell.countries.get(country, 0) + count
            if named:
                cell.named[country] = cell.named.get(country, 0) + count
        counts = cell.measures.get(measure)
        if counts is None or score is None:
            continue
        if count == 1:
            counts.scores.append(score)
        else:
            counts.scores.extend(itertools.repeat(score, count))
        scored = counts.scored_countries
        scored[country] = scored.get(country, 0) + count
        if named:
            counts.scored_named[country] = counts.scored_named.get(country, 0) + count
        if level is not None:
            levelled = counts.levelled_countries
            levelled[country] = levelled.get(country, 0) + count
            counts.levels[level] = counts.levels.get(level, 0) + count
            if named:
                counts.levelled_named[country] = counts.levelled_named.get(country, 0) + count
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
        country, named = record.country, record.named
        yield group, country, None, record.overall_score, record.overall_level, 1, named
        scores, levels = record.dimension_scores, record.dimension_levels
        for dimension_id in dimension_ids:
            score = scores.get(dimension_id)
            if score is not None:
                yield group, country, dimension_id, score, levels.get(dimension_id), 1, named


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
        _add(merged.named, part.named)
        for measure, counts in part.measures.items():
            into = merged.measures.get(measure)
            if into is None:
                into = merged.measures[measure] = MeasureCounts()
            into.scores.extend(counts.scores)
            _add(into.scored_countries, counts.scored_countries)
            _add(into.levelled_countries, counts.levelled_countries)
            _add(into.levels, counts.levels)
            _add(into.scored_named, counts.scored_named)
            _add(into.levelled_named, counts.levelled_named)
    for counts in merged.measures.values():
        counts.scores.sort()  # runs already sorted: a merge, not a full sort
    return merged


def _add(into: dict[Any, int], counts: Mapping[Any, int]) -> None:
    for key, count in counts.items():
        into[key] = into.get(key, 0) + count
