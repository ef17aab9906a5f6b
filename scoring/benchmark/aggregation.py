"""Benchmark tables: consented records in, a disclosure-controlled table out.

The counts every figure depends on are gathered once per cell (``scoring.benchmark.tallies``)
and the table is published from them (``scoring.benchmark.publication``, which describes
what a table shows and withholds).

``aggregate`` protects one table on its own. ``aggregate_cube`` protects every table of
up to two fields at once, as one "cube" of positions, so that a group (say, one
country) is published or withheld the same way in every table it appears in, and no
combination of tables works a withheld figure out; ``slice_table`` cuts any table out
of it.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from scoring.benchmark.disclosure import DEFAULT_DISCLOSURE, TOO_FEW_ORGANISATIONS, DisclosureRules
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
    GROUP_FIELDS,
    MAX_GROUP_FIELDS,
    ROUND_FIELDS,
    BenchmarkError,
    BenchmarkRecord,
    check_fields,
    latest_records,
)
from scoring.benchmark.suppression import Key, key_order
from scoring.benchmark.tallies import (
    CellCounts,
    count_rows,
    merge,
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
    "aggregate_cube",
    "slice_table",
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
    aliases: list[tuple[Key, ...]] = []
    if apart:
        # An organisation may be in several cells (one per period or version), and a
        # margin across them holds it once, with its latest record: each position is
        # counted from its own members, as one group.
        grouped = _members(counted, fields)
        cells = {
            key: count_rows(record_rows(members, (), dimensions), measures).get((), CellCounts())
            for key, members in grouped.items()
        }
        signatures = _Signatures()
        for key, members in grouped.items():
            signatures.add_all(key, members)
        aliases = signatures.aliases()
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
        aliases=aliases,
    )


def aggregate_cube(
    records: Iterable[BenchmarkRecord],
    dimension_ids: Sequence[str] = (),
    rules: DisclosureRules = DEFAULT_DISCLOSURE,
    fields: Sequence[str] = GROUP_FIELDS,
) -> BenchmarkTable:
    """Every table of up to two of ``fields``, disclosure-controlled as one table.

    The result is a table "grouped by" all ``fields`` whose positions give a value to at
    most two of them (None elsewhere): the total, every one-field group and every
    two-field group that occurs. Each position is one group of organisations, counted
    as ``aggregate`` counts it (latest record; latest in each period or version when the
    position names one), and every sum relation between positions, across all the
    tables, takes part in one complementary suppression. A group therefore carries the
    same figures, or the same reason, in every table that shows it; cut tables out with
    ``slice_table``. Raises BenchmarkError on bad input.
    """
    chosen = check_fields(fields, limit=None)
    dimensions = _check_dimensions(dimension_ids)
    given = tuple(records)
    instruments = sorted({record.questionnaire_id for record in given})
    if len(instruments) > 1:
        raise BenchmarkError(f"records of several instruments: {', '.join(instruments)}")
    measures = (None, *dimensions)
    subsets = [
        subset
        for size in range(MAX_GROUP_FIELDS + 1)
        for subset in itertools.combinations(chosen, size)
    ]
    described = tuple(name for name in chosen if name not in ROUND_FIELDS)
    latest: dict[tuple[str, ...], tuple[BenchmarkRecord, ...]] = {}
    cells: dict[Key, CellCounts] = {}
    signatures = _Signatures()
    for apart in dict.fromkeys(tuple(n for n in s if n in ROUND_FIELDS) for s in subsets):
        # Each organisation once (once per period or version kept apart), counted in the
        # finest groups, which the positions of this kind then merge.
        latest[apart] = latest_records(given, apart)
        finest = (*described, *apart)
        fine = count_rows(record_rows(latest[apart], finest, dimensions), measures)
        kind = [s for s in subsets if tuple(n for n in s if n in ROUND_FIELDS) == apart]
        for subset in kind:
            parts: dict[Key, list[CellCounts]] = defaultdict(list)
            for values, counts in fine.items():
                place = dict(zip(finest, values, strict=True))
                parts[tuple(place[n] if n in subset else None for n in chosen)].append(counts)
            for key, merged in parts.items():
                cells[key] = merge(merged)
        for record in latest[apart]:
            for subset in kind:
                key = tuple(record.value(n) if n in subset else None for n in chosen)
                signatures.add(key, record)
    cells.setdefault((None,) * len(chosen), CellCounts())
    used = [record for group in latest.values() for record in group]
    return publish(
        cells,
        chosen,
        dimensions,
        rules,
        questionnaire_id=instruments[0] if instruments else None,
        questionnaire_versions=tuple(sorted({r.questionnaire_version for r in used})),
        periods=tuple(sorted({r.period for r in used})),
        aliases=signatures.aliases(),
    )


class _Signatures:
    """Which positions hold exactly the same records: a count and a sum of record hashes.

    Two different groups of records give the same signature with a chance of about one
    in 2**64; the hash is a fixed function (BLAKE2b) of each record's identity, so the
    result never depends on the process or the order of the records.
    """

    def __init__(self) -> None:
        self.counts: dict[Key, int] = defaultdict(int)
        self.sums: dict[Key, int] = defaultdict(int)
        self.hashes: dict[tuple[str, str, int], int] = {}

    def add(self, key: Key, record: BenchmarkRecord) -> None:
        identity = (record.organisation_key, record.period, record.round_order)
        found = self.hashes.get(identity)
        if found is None:
            text = "\0".join((identity[0], identity[1], str(identity[2]))).encode()
            found = self.hashes[identity] = int.from_bytes(
                hashlib.blake2b(text, digest_size=8).digest(), "big"
            )
        self.counts[key] += 1
        self.sums[key] = (self.sums[key] + found) % 2**64

    def add_all(self, key: Key, records: Iterable[BenchmarkRecord]) -> None:
        for record in records:
            self.add(key, record)

    def aliases(self) -> list[tuple[Key, ...]]:
        """Groups of two or more positions holding the same records, in table order."""
        groups: dict[tuple[int, int], list[Key]] = defaultdict(list)
        for key in sorted(self.counts, key=key_order):
            groups[(self.counts[key], self.sums[key])].append(key)
        return [tuple(keys) for keys in groups.values() if len(keys) > 1]


def slice_table(
    table: BenchmarkTable, group_by: Sequence[str] = (), filters: Mapping[str, str] | None = None
) -> BenchmarkTable:
    """The table broken down by ``group_by`` within ``filters``, cut out of ``table``.

    ``table`` is usually a cube (``aggregate_cube``); any table whose ``group_by``
    covers the fields asked for will do. The slice has the positions whose filtered
    fields hold the filter values, whose ``group_by`` fields hold anything, and whose
    other fields are "all", with their figures exactly as ``table`` publishes them. When
    the filters match no group, the slice is a withheld total, which says so without a
    number. Raises BenchmarkError for a field the table does not have, or one given both
    as a breakdown and a filter.
    """
    wanted = dict(filters or {})
    order = check_fields(group_by, limit=None)
    known = set(table.group_by)
    unknown = [name for name in (*order, *wanted) if name not in known]
    if unknown:
        raise BenchmarkError(f"the table has no field {unknown[0]!r}")
    if set(order) & set(wanted):
        raise BenchmarkError("a field cannot be both a breakdown and a filter")
    cells: list[Cell] = []
    for cell in table.cells:
        values = dict(zip(table.group_by, cell.values, strict=True))
        if all(
            values[name] == wanted[name]
            if name in wanted
            else (name in order or values[name] is None)
            for name in table.group_by
        ):
            cells.append(replace(cell, values=tuple(values[name] for name in order)))
    cells.sort(key=lambda c: key_order(c.values))
    if not cells or any(v is not None for v in cells[-1].values):
        cells.append(Cell((None,) * len(order), True, TOO_FEW_ORGANISATIONS))
    return replace(table, group_by=order, cells=tuple(cells))


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
