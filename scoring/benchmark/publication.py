"""What a benchmark table publishes, and the disclosure control that decides it.

A table has one cell per combination of the grouping values that occurs, the margins of
each grouping field (when grouped by two), and the total. Each published cell carries
its organisation count, and for the overall score and each chosen dimension a rounded
mean and median, plus quartiles and the distribution of levels when enough
organisations contribute. Withheld cells and statistics carry no number at all, only
the code of the reason (see ``scoring.benchmark.disclosure``).

Suppression runs in layers, each over the same cells and sums: the cells themselves
(organisation counts), then for each measure its summary (count, mean, median), then
its distribution (quartiles, levels). A figure withheld in one layer is withheld in the
layers below it, and each layer gets its own complementary suppression, since every
layer's figures add up along the same margins.

Everything here works from the counts of ``scoring.benchmark.tallies``, however they
were gathered; ``scoring.benchmark.aggregation`` gathers them.
"""

from __future__ import annotations

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
)
from scoring.benchmark.records import LEVELS
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
    None. Otherwise ``n`` organisations have a score; ``mean`` and ``median`` are
    rounded scores; ``p25``, ``p75`` (inclusive quartiles) and ``levels`` (organisations
    at levels 1-5) are None when the distribution is withheld, ``distribution_reason``
    then saying why.
    """

    dimension_id: str | None
    suppressed: bool
    suppression_reason: str | None
    n: int | None = None
    mean: float | None = None
    median: float | None = None
    p25: float | None = None
    p75: float | None = None
    levels: tuple[int, ...] | None = None
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
) -> BenchmarkTable:
    """The disclosure-controlled table of ``cells`` (every position, margins and total).

    ``cells`` maps each position to the counts of its organisations; a margin's counts
    must be those of its own organisations (each counted once). The metadata is passed
    through to the table.
    """
    keys = tuple(sorted(cells, key=key_order))
    lines = table_lines(keys)
    hidden = protect(
        lines,
        {key: cells[key].organisations for key in keys},
        _cell_primary(cells, rules),
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


def _cell_primary(
    cells: Mapping[Key, CellCounts], rules: DisclosureRules
) -> dict[Key, Suppression]:
    # Every listed cell holds at least one organisation, so a "fewer than 5" cell is
    # known to hold 1 to 4; a cell withheld for its countries holds at least 5.
    threshold = rules.organisation_threshold
    primary: dict[Key, Suppression] = {}
    for key, cell in cells.items():
        reason = country_reason(cell.countries, threshold, rules)
        if reason == TOO_FEW_ORGANISATIONS:
            primary[key] = Suppression(reason, 1, threshold - 1)
        elif reason is not None:
            primary[key] = Suppression(reason, threshold, None)
    return primary


def _measure_layer(
    dimension_id: str | None,
    cells: Mapping[Key, CellCounts],
    lines: Sequence[Line],
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
        reason = country_reason(measure.scored_countries, threshold, rules)
        if reason == TOO_FEW_ORGANISATIONS:
            primary[key] = Suppression(reason, 0, threshold - 1)
        elif reason is not None:
            primary[key] = Suppression(reason, threshold, None)
    hidden = protect(
        lines,
        {key: len(measure.scores) for key, measure in counts.items()},
        primary,
        complement_low=threshold,
        bounded=True,
    )
    distribution_primary: dict[Key, Suppression] = {}
    for key, measure in counts.items():
        reason = country_reason(measure.levelled_countries, rules.distribution_threshold, rules)
        if key in hidden:
            distribution_primary[key] = hidden[key]
        elif reason is not None:
            code = TOO_FEW_FOR_DISTRIBUTION if reason == TOO_FEW_ORGANISATIONS else reason
            distribution_primary[key] = Suppression(code, 0, None)
    distribution_hidden = protect(
        lines,
        {key: sum(measure.levels.values()) for key, measure in counts.items()},
        distribution_primary,
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
    return MeasureSummary(
        dimension_id,
        False,
        None,
        n=rules.round_count(len(scores)),
        mean=rules.round_score(mean),
        median=rules.round_score(median),
        p25=rules.round_score(low),
        p75=rules.round_score(high),
        levels=tuple(rules.round_count(measure.levels.get(level, 0)) for level in LEVELS),
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
