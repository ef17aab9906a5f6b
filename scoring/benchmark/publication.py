"""What a benchmark table publishes, and the disclosure control that decides it.

A table has one cell per combination of the grouping values that occurs, the margins of
each grouping field (when grouped by two), and the total. Each published cell carries
its organisation count (rounded), and for the overall score and each chosen dimension a
rounded mean and median, plus quartiles and the distribution of levels (as rounded
shares) when enough organisations contribute. Withheld cells and statistics carry no
number at all, only the code of the reason (see ``scoring.benchmark.disclosure``).

Suppression runs in layers, each over the same cells and sums: the cells themselves
(organisation counts), then for each measure its summary (count, mean, median), then
its distribution (quartiles, levels). A figure withheld in one layer is withheld in the
layers below it, and each layer gets its own complementary suppression, since every
layer's figures add up along the same margins.

Every threshold is applied to the organisations a reader does not already know: with
``DisclosureRules.named_known``, the named ones are subtracted first. The statistics
themselves are computed over every organisation of the cell.

Everything here works from the counts of ``scoring.benchmark.tallies``, however they
were gathered; ``scoring.benchmark.aggregation`` gathers them.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from scoring.benchmark.disclosure import (
    COMPLEMENTARY,
    TOO_FEW_FOR_DISTRIBUTION,
    TOO_FEW_ORGANISATIONS,
    DisclosureRules,
    country_reason,
    unknown_organisations,
)
from scoring.benchmark.records import LEVELS, ROUND_FIELDS
from scoring.benchmark.suppression import Key, Line, Suppression, key_order, protect, table_lines
from scoring.benchmark.tallies import CellCounts, MeasureCounts

# Kinds of table position.
CELL = "cell"
MARGIN = "margin"
TOTAL = "total"

# How quartiles are computed: statistics.quantiles' method, the same as PostgreSQL's
# percentile_cont, so that SQL and Python figures agree.
QUANTILE_METHOD: Final = "inclusive"


@dataclass(frozen=True)
class MeasureSummary:
    """Published statistics of one measure in one cell.

    ``dimension_id`` is None for the overall score. When ``suppressed`` every number is
    None. Otherwise ``n`` organisations have a score (a rounded count); ``mean`` and
    ``median`` are rounded scores; ``p25``, ``p75`` (inclusive quartiles) and
    ``level_shares`` (the percentage of the organisations with a level at each level
    1-5, each rounded to ``share_base`` points, so they need not add up to 100) are None
    when the distribution is withheld, ``distribution_reason`` then saying why.
    """

    dimension_id: str | None
    suppressed: bool
    suppression_reason: str | None
    n: int | None = None
    mean: float | None = None
    median: float | None = None
    p25: float | None = None
    p75: float | None = None
    level_shares: tuple[float, ...] | None = None
    distribution_reason: str | None = None


@dataclass(frozen=True)
class Cell:
    """One position of a benchmark table: a group, a margin or the total.

    ``values`` follow the table's ``group_by``; None stands for "all". A suppressed cell
    has no count, no country count and no statistics, only ``suppression_reason``.
    """

    values: tuple[str | None, ...]
    suppressed: bool
    suppression_reason: str | None
    n_organisations: int | None = None
    n_countries: int | None = None
    overall: MeasureSummary | None = None
    dimensions: tuple[MeasureSummary, ...] = ()

    @property
    def kind(self) -> str:
        """CELL for a group, MARGIN for a subtotal over one field, TOTAL for everything."""
        if all(value is None for value in self.values):
            return TOTAL
        return MARGIN if None in self.values else CELL

    def dimension(self, dimension_id: str) -> MeasureSummary | None:
        """Return the summary of a dimension (None when the cell is suppressed)."""
        return next((d for d in self.dimensions if d.dimension_id == dimension_id), None)


@dataclass(frozen=True)
class BenchmarkTable:
    """A disclosure-controlled benchmark table and the method metadata behind it.

    ``cells`` are sorted by their values, each margin after the values it sums, so the
    total comes last. ``questionnaire_versions`` and ``periods`` are those of the
    records that count in the table (each organisation's latest, see
    ``latest_records``); ``questionnaire_id`` is None for a table without records.
    """

    questionnaire_id: str | None
    group_by: tuple[str, ...]
    dimension_ids: tuple[str, ...]
    rules: DisclosureRules
    questionnaire_versions: tuple[str, ...]
    periods: tuple[str, ...]
    cells: tuple[Cell, ...]

    @property
    def total(self) -> Cell:
        """The cell over every organisation in the table."""
        return self.cells[-1]

    def cell(self, *values: str | None) -> Cell | None:
        """Return the cell with these grouping values (None for "all"), if listed."""
        return next((c for c in self.cells if c.values == values), None)

    @property
    def suppressed_cells(self) -> int:
        """How many cells (including margins and total) are withheld for any reason."""
        return sum(1 for c in self.cells if c.suppressed)

    @property
    def complementary_cells(self) -> int:
        """How many cells are withheld only to protect other withheld cells."""
        return sum(1 for c in self.cells if c.suppression_reason == COMPLEMENTARY)


def publish(
    cells: Mapping[Key, CellCounts],
    fields: tuple[str, ...],
    dimensions: tuple[str, ...],
    rules: DisclosureRules,
    *,
    questionnaire_id: str | None,
    questionnaire_versions: tuple[str, ...],
    periods: tuple[str, ...],
    aliases: Sequence[Sequence[Key]] = (),
) -> BenchmarkTable:
    """The disclosure-controlled table of ``cells`` (every position, margins and total).

    ``cells`` maps each position to the counts of its organisations; a margin's counts
    must be those of its own organisations (each counted once). ``aliases`` lists
    groups of positions that hold exactly the same organisations (the same figures
    under different names): each group is published or withheld as one. The metadata
    is passed through to the table.
    """
    keys = tuple(sorted(cells, key=key_order))
    lines = _lines(keys, fields, aliases)
    hidden = _protect(
        lines,
        {key: _unknown_total(cells[key].countries, cells[key].named, rules) for key in keys},
        _cell_primary(cells, rules),
        rules,
        complement_low=rules.organisation_threshold,
        bounded=True,
    )
    measures = [_measure_layer(d, cells, lines, hidden, rules) for d in (None, *dimensions)]
    return BenchmarkTable(
        questionnaire_id=questionnaire_id,
        group_by=fields,
        dimension_ids=dimensions,
        rules=rules,
        questionnaire_versions=questionnaire_versions,
        periods=periods,
        cells=tuple(
            _cell(key, cells[key], hidden.get(key), [layer[key] for layer in measures], rules)
            for key in keys
        ),
    )


@dataclass(frozen=True)
class _Lines:
    """The sum relations of a table: all of them, and those that are exact sums."""

    all: tuple[Line, ...]
    exact: tuple[Line, ...]


def _lines(keys: Sequence[Key], fields: Sequence[str], aliases: Sequence[Sequence[Key]]) -> _Lines:
    # A line summing over a period or a version is not an exact sum (its total holds
    # each organisation once, with its latest record); two aliases are equal, a sum of
    # one.
    known = set(keys)
    same = tuple(
        Line(first, (other,))
        for group in aliases
        for first, other in itertools.pairwise(
            sorted((k for k in group if k in known), key=key_order)
        )
    )
    lines = table_lines(keys)
    exact = tuple(line for line in lines if fields[_varying(line)] not in ROUND_FIELDS)
    return _Lines(lines + same, exact + same)


def _varying(line: Line) -> int:
    member = line.members[0]
    return next(i for i, value in enumerate(line.total) if value is None and member[i] is not None)


def _protect(
    lines: _Lines,
    sizes: Mapping[Key, int],
    primary: Mapping[Key, Suppression],
    rules: DisclosureRules,
    *,
    complement_low: int,
    bounded: bool,
) -> dict[Key, Suppression]:
    if not rules.complementary:  # only for showing what complementary suppression stops
        return dict(primary)
    return protect(
        lines.all,
        sizes,
        primary,
        complement_low=complement_low,
        bounded=bounded,
        equations=lines.exact,
        rounding=(rules.count_base - 1) // 2,
    )


def _unknown_total(
    per_country: Mapping[str, int], named: Mapping[str, int], rules: DisclosureRules
) -> int:
    return sum(unknown_organisations(per_country, named, rules).values())


def _cell_primary(
    cells: Mapping[Key, CellCounts], rules: DisclosureRules
) -> dict[Key, Suppression]:
    # Counts are of the organisations a reader does not know. A listed cell without a
    # named organisation holds at least one of them, so its "fewer than 5" note means 1
    # to 4; with a named one it may hold none. A cell withheld for its countries holds
    # at least 5.
    threshold = rules.organisation_threshold
    primary: dict[Key, Suppression] = {}
    for key, cell in cells.items():
        unknown = unknown_organisations(cell.countries, cell.named, rules)
        reason = country_reason(unknown, threshold, rules)
        if reason == TOO_FEW_ORGANISATIONS:
            floor = 0 if rules.named_known and cell.named else 1
            primary[key] = Suppression(reason, floor, threshold - 1)
        elif reason is not None:
            primary[key] = Suppression(reason, threshold, None)
    return primary


def _measure_layer(
    dimension_id: str | None,
    cells: Mapping[Key, CellCounts],
    lines: _Lines,
    cells_hidden: Mapping[Key, Suppression],
    rules: DisclosureRules,
) -> dict[Key, MeasureSummary | None]:
    threshold = rules.organisation_threshold
    counts = {key: cell.measure(dimension_id) for key, cell in cells.items()}
    primary: dict[Key, Suppression] = {}
    for key, measure in counts.items():
        inherited = cells_hidden.get(key)
        if inherited is not None:
            # Any number of a withheld cell's organisations may have this score.
            few = inherited.reason == TOO_FEW_ORGANISATIONS
            primary[key] = Suppression(inherited.reason, 0, threshold - 1 if few else None)
            continue
        scored = unknown_organisations(measure.scored_countries, measure.scored_named, rules)
        reason = country_reason(scored, threshold, rules)
        if reason == TOO_FEW_ORGANISATIONS:
            primary[key] = Suppression(reason, 0, threshold - 1)
        elif reason is not None:
            primary[key] = Suppression(reason, threshold, None)
    hidden = _protect(
        lines,
        {
            key: _unknown_total(measure.scored_countries, measure.scored_named, rules)
            for key, measure in counts.items()
        },
        primary,
        rules,
        complement_low=threshold,
        bounded=True,
    )
    distribution_primary: dict[Key, Suppression] = {}
    for key, measure in counts.items():
        levelled = unknown_organisations(measure.levelled_countries, measure.levelled_named, rules)
        reason = country_reason(levelled, rules.distribution_threshold, rules)
        if key in hidden:
            distribution_primary[key] = hidden[key]
        elif reason is not None:
            code = TOO_FEW_FOR_DISTRIBUTION if reason == TOO_FEW_ORGANISATIONS else reason
            distribution_primary[key] = Suppression(code, 0, None)
    distribution_hidden = _protect(
        lines,
        {
            key: _unknown_total(measure.levelled_countries, measure.levelled_named, rules)
            for key, measure in counts.items()
        },
        distribution_primary,
        rules,
        complement_low=rules.distribution_threshold,
        bounded=False,
    )
    return {
        key: None
        if key in cells_hidden
        else _summary(dimension_id, measure, hidden.get(key), distribution_hidden.get(key), rules)
        for key, measure in counts.items()
    }


def _summary(
    dimension_id: str | None,
    measure: MeasureCounts,
    hidden: Suppression | None,
    distribution_hidden: Suppression | None,
    rules: DisclosureRules,
) -> MeasureSummary:
    if hidden is not None:
        return MeasureSummary(dimension_id, True, hidden.reason)
    # Sorted before summing so that the float result never depends on record order.
    scores = measure.scores
    mean = math.fsum(scores) / len(scores)
    median = statistics.median(scores)
    if distribution_hidden is not None:
        return MeasureSummary(
            dimension_id,
            False,
            None,
            n=rules.round_count(len(scores)),
            mean=rules.round_score(mean),
            median=rules.round_score(median),
            distribution_reason=distribution_hidden.reason,
        )
    low, _, high = statistics.quantiles(scores, n=4, method=QUANTILE_METHOD)
    # Published only from distribution_threshold organisations with a level, so the
    # denominator is never zero here.
    levelled = sum(measure.levels.values())
    return MeasureSummary(
        dimension_id,
        False,
        None,
        n=rules.round_count(len(scores)),
        mean=rules.round_score(mean),
        median=rules.round_score(median),
        p25=rules.round_score(low),
        p75=rules.round_score(high),
        level_shares=tuple(
            rules.round_share(measure.levels.get(level, 0), levelled) for level in LEVELS
        ),
    )


def _cell(
    key: Key,
    cell: CellCounts,
    hidden: Suppression | None,
    measures: Sequence[MeasureSummary | None],
    rules: DisclosureRules,
) -> Cell:
    if hidden is not None:
        return Cell(key, True, hidden.reason)
    overall, *dimensions = measures
    return Cell(
        values=key,
        suppressed=False,
        suppression_reason=None,
        n_organisations=rules.round_count(cell.organisations),
        n_countries=len(cell.countries),
        overall=overall,
        dimensions=tuple(d for d in dimensions if d is not None),
    )
