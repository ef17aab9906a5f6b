"""Benchmark tables: consented records in, a disclosure-controlled table out.

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
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from scoring.benchmark.disclosure import (
    COMPLEMENTARY,
    DEFAULT_DISCLOSURE,
    TOO_FEW_FOR_DISTRIBUTION,
    TOO_FEW_ORGANISATIONS,
    DisclosureRules,
    primary_reason,
)
from scoring.benchmark.records import (
    LEVELS,
    MAX_GROUP_FIELDS,
    ROUND_FIELDS,
    BenchmarkError,
    BenchmarkRecord,
    check_fields,
    latest_records,
)
from scoring.benchmark.suppression import (
    Key,
    Line,
    Suppression,
    key_order,
    protect,
    table_lines,
)

# Kinds of table position.
CELL = "cell"
MARGIN = "margin"
TOTAL = "total"


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


def aggregate(
    records: Iterable[BenchmarkRecord],
    group_by: Sequence[str] = (),
    dimension_ids: Sequence[str] = (),
    rules: DisclosureRules = DEFAULT_DISCLOSURE,
) -> BenchmarkTable:
    """Build the benchmark table of ``records`` grouped by up to two fields.

    ``group_by`` names 0-2 of GROUP_FIELDS; ``dimension_ids`` the dimensions to
    summarise besides the overall score. Every record must come from one instrument
    (``questionnaire_id``). An organisation counts once per cell, with its latest
    record; when grouping by period or questionnaire version, its latest record in each
    period or version. The result does not depend on the order of ``records``. Raises
    BenchmarkError on bad input.
    """
    fields = check_fields(group_by, limit=MAX_GROUP_FIELDS)
    dimensions = _check_dimensions(dimension_ids)
    given = tuple(records)
    instruments = sorted({record.questionnaire_id for record in given})
    if len(instruments) > 1:
        raise BenchmarkError(f"records of several instruments: {', '.join(instruments)}")
    counted = latest_records(given, [name for name in fields if name in ROUND_FIELDS])
    groups = _groups(counted, fields)
    keys = tuple(sorted(groups, key=key_order))
    lines = table_lines(keys)
    hidden = protect(
        lines,
        {key: len(groups[key]) for key in keys},
        _cell_primary(groups, rules),
        complement_low=rules.organisation_threshold,
        bounded=True,
    )
    measures = [_measure_layer(d, groups, lines, hidden, rules) for d in (None, *dimensions)]
    cells = tuple(
        _cell(key, groups[key], hidden.get(key), [layer[key] for layer in measures], rules)
        for key in keys
    )
    return BenchmarkTable(
        questionnaire_id=instruments[0] if instruments else None,
        group_by=fields,
        dimension_ids=dimensions,
        rules=rules,
        questionnaire_versions=tuple(sorted({r.questionnaire_version for r in counted})),
        periods=tuple(sorted({r.period for r in counted})),
        cells=cells,
    )


def _check_dimensions(dimension_ids: Sequence[str]) -> tuple[str, ...]:
    chosen = tuple(dimension_ids)
    if not all(isinstance(d, str) and d for d in chosen):
        raise BenchmarkError("dimension ids must be non-empty texts")
    if len(set(chosen)) != len(chosen):
        raise BenchmarkError("a dimension id is given twice")
    return chosen


def _groups(
    records: Sequence[BenchmarkRecord], fields: Sequence[str]
) -> dict[Key, tuple[BenchmarkRecord, ...]]:
    # Each record belongs to its own cell and to every margin above it; the total is
    # listed even when there is no record, so a table always has one.
    total: Key = (None,) * len(fields)
    collected: dict[Key, list[BenchmarkRecord]] = defaultdict(list, {total: []})
    for record in records:
        values = tuple(record.value(name) for name in fields)
        for mask in itertools.product((False, True), repeat=len(fields)):
            key = tuple(None if summed else v for v, summed in zip(values, mask, strict=True))
            collected[key].append(record)
    return {key: latest_records(members) for key, members in collected.items()}


def _cell_primary(
    groups: Mapping[Key, Sequence[BenchmarkRecord]], rules: DisclosureRules
) -> dict[Key, Suppression]:
    # Every listed cell holds at least one organisation, so a "fewer than 5" cell is
    # known to hold 1 to 4; a cell withheld for its countries holds at least 5.
    threshold = rules.organisation_threshold
    primary: dict[Key, Suppression] = {}
    for key, members in groups.items():
        reason = primary_reason([r.country for r in members], threshold, rules)
        if reason == TOO_FEW_ORGANISATIONS:
            primary[key] = Suppression(reason, 1, threshold - 1)
        elif reason is not None:
            primary[key] = Suppression(reason, threshold, None)
    return primary


def _measure_layer(
    dimension_id: str | None,
    groups: Mapping[Key, Sequence[BenchmarkRecord]],
    lines: Sequence[Line],
    cells_hidden: Mapping[Key, Suppression],
    rules: DisclosureRules,
) -> dict[Key, MeasureSummary | None]:
    threshold = rules.organisation_threshold
    scored = {
        key: [r for r in members if r.score(dimension_id) is not None]
        for key, members in groups.items()
    }
    primary: dict[Key, Suppression] = {}
    for key, members in scored.items():
        inherited = cells_hidden.get(key)
        if inherited is not None:
            # Any number of a withheld cell's organisations may have this score.
            few = inherited.reason == TOO_FEW_ORGANISATIONS
            primary[key] = Suppression(inherited.reason, 0, threshold - 1 if few else None)
            continue
        reason = primary_reason([r.country for r in members], threshold, rules)
        if reason == TOO_FEW_ORGANISATIONS:
            primary[key] = Suppression(reason, 0, threshold - 1)
        elif reason is not None:
            primary[key] = Suppression(reason, threshold, None)
    hidden = protect(
        lines,
        {key: len(members) for key, members in scored.items()},
        primary,
        complement_low=threshold,
        bounded=True,
    )
    levelled = {
        key: [r for r in members if r.level(dimension_id) is not None]
        for key, members in scored.items()
    }
    distribution_primary: dict[Key, Suppression] = {}
    for key, members in levelled.items():
        reason = primary_reason([r.country for r in members], rules.distribution_threshold, rules)
        if key in hidden:
            distribution_primary[key] = hidden[key]
        elif reason is not None:
            code = TOO_FEW_FOR_DISTRIBUTION if reason == TOO_FEW_ORGANISATIONS else reason
            distribution_primary[key] = Suppression(code, 0, None)
    distribution_hidden = protect(
        lines,
        {key: len(members) for key, members in levelled.items()},
        distribution_primary,
        complement_low=rules.distribution_threshold,
        bounded=False,
    )
    return {
        key: None
        if key in cells_hidden
        else _summary(
            dimension_id,
            scored[key],
            levelled[key],
            hidden.get(key),
            distribution_hidden.get(key),
            rules,
        )
        for key in groups
    }


def _summary(
    dimension_id: str | None,
    scored: Sequence[BenchmarkRecord],
    levelled: Sequence[BenchmarkRecord],
    hidden: Suppression | None,
    distribution_hidden: Suppression | None,
    rules: DisclosureRules,
) -> MeasureSummary:
    if hidden is not None:
        return MeasureSummary(dimension_id, True, hidden.reason)
    # Sorted before summing so that the float result never depends on record order.
    scores = sorted(s for r in scored if (s := r.score(dimension_id)) is not None)
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
    # "inclusive" is PostgreSQL's percentile_cont, so SQL and Python figures agree.
    low, _, high = statistics.quantiles(scores, n=4, method="inclusive")
    per_level = Counter(r.level(dimension_id) for r in levelled)
    return MeasureSummary(
        dimension_id,
        False,
        None,
        n=rules.round_count(len(scores)),
        mean=rules.round_score(mean),
        median=rules.round_score(median),
        p25=rules.round_score(low),
        p75=rules.round_score(high),
        levels=tuple(rules.round_count(per_level[level]) for level in LEVELS),
    )


def _cell(
    key: Key,
    members: Sequence[BenchmarkRecord],
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
        n_organisations=rules.round_count(len(members)),
        n_countries=len({r.country for r in members}),
        overall=overall,
        dimensions=tuple(d for d in dimensions if d is not None),
    )
