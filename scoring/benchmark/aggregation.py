"""Benchmark tables: consented records (or tallies of them) in, a disclosure-controlled table out.

The counts every figure depends on are gathered once per cell (``scoring.benchmark.tallies``)
and the table is published from them (``scoring.benchmark.publication``, which describes
what a table shows and withholds). Records and tallies of the same organisations give the
same table.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence

from scoring.benchmark.disclosure import DEFAULT_DISCLOSURE, DisclosureRules
from scoring.benchmark.publication import (
    CELL,
    MARGIN,
    QUANTILE_METHOD,
    TOTAL,
    BenchmarkTable,
    Cell,
    MeasureSummary,
    publish,
)
from scoring.benchmark.records import (
    MAX_GROUP_FIELDS,
    ROUND_FIELDS,
    BenchmarkError,
    BenchmarkRecord,
    check_fields,
    latest_records,
)
from scoring.benchmark.suppression import Key
from scoring.benchmark.tallies import (
    CellCounts,
    Tally,
    check_tallies,
    count_rows,
    record_rows,
    with_margins,
)

# Re-exported: the table's types have always been importable from here.
__all__ = [
    "CELL",
    "MARGIN",
    "QUANTILE_METHOD",
    "TOTAL",
    "BenchmarkTable",
    "Cell",
    "MeasureSummary",
    "aggregate",
    "aggregate_tallies",
]


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
    apart = [name for name in fields if name in ROUND_FIELDS]
    counted = latest_records(given, apart)
    measures = (None, *dimensions)
    if apart:
        # An organisation may be in several cells (one per period or version), and a
        # margin across them holds it once, with its latest record: each position is
        # counted from its own members, as one group.
        cells = {
            key: count_rows(record_rows(members, (), dimensions), measures).get((), CellCounts())
            for key, members in _members(counted, fields).items()
        }
    else:
        rows = record_rows(counted, fields, dimensions)
        cells = with_margins(count_rows(rows, measures), len(fields))
    return publish(
        cells,
        fields,
        dimensions,
        rules,
        questionnaire_id=instruments[0] if instruments else None,
        questionnaire_versions=tuple(sorted({r.questionnaire_version for r in counted})),
        periods=tuple(sorted({r.period for r in counted})),
    )


def aggregate_tallies(
    tallies: Iterable[Tally],
    group_by: Sequence[str] = (),
    dimension_ids: Sequence[str] = (),
    rules: DisclosureRules = DEFAULT_DISCLOSURE,
    *,
    questionnaire_id: str | None = None,
    questionnaire_versions: Sequence[str] = (),
    periods: Sequence[str] = (),
) -> BenchmarkTable:
    """Build the same table as ``aggregate`` from tallies of each organisation's latest record.

    For a database that counts the records with one GROUP BY instead of handing over
    every record: ``tallies`` count, per group (its values of ``group_by``, which may
    name organisation fields only), country, measure, score and level, the organisations
    whose latest record has them (see ``Tally``). The instrument, questionnaire versions
    and periods of those records are given, since tallies do not carry them; a table
    without tallies has no instrument, as in ``aggregate``. Raises BenchmarkError.
    """
    fields = check_fields(group_by, limit=MAX_GROUP_FIELDS)
    if any(name in ROUND_FIELDS for name in fields):
        raise BenchmarkError(
            "tallies count each organisation in one cell: a table by period or"
            " questionnaire version needs the records"
        )
    dimensions = _check_dimensions(dimension_ids)
    given = tuple(tallies)
    check_tallies(given, len(fields))
    cells = count_rows(given, (None, *dimensions))
    return publish(
        with_margins(cells, len(fields)),
        fields,
        dimensions,
        rules,
        questionnaire_id=questionnaire_id if cells else None,
        questionnaire_versions=tuple(sorted(set(questionnaire_versions))),
        periods=tuple(sorted(set(periods))),
    )


def _check_dimensions(dimension_ids: Sequence[str]) -> tuple[str, ...]:
    chosen = tuple(dimension_ids)
    if not all(isinstance(d, str) and d for d in chosen):
        raise BenchmarkError("dimension ids must be non-empty texts")
    if len(set(chosen)) != len(chosen):
        raise BenchmarkError("a dimension id is given twice")
    return chosen


def _members(
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
