"""A plain reference for benchmark tables: every figure computed from its cell's records.

This is how the engine once computed tables, one pass over the records for each cell,
margin and measure. It is slow but easy to check against docs/benchmarks.md; the
engine, which counts each cell once and merges cells into margins, must give exactly
the same tables.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from scoring.benchmark import (
    DEFAULT_DISCLOSURE,
    ROUND_FIELDS,
    TOO_FEW_FOR_DISTRIBUTION,
    TOO_FEW_ORGANISATIONS,
    BenchmarkError,
    BenchmarkRecord,
    BenchmarkTable,
    Cell,
    DisclosureRules,
    Line,
    MeasureSummary,
    Suppression,
    latest_records,
    primary_reason,
    protect,
    table_lines,
)
from scoring.benchmark.records import LEVELS, MAX_GROUP_FIELDS, check_fields
from scoring.benchmark.suppression import Key, key_order


def reference_aggregate(
    records: Iterable[BenchmarkRecord],
    group_by: Sequence[str] = (),
    dimension_ids: Sequence[str] = (),
    rules: DisclosureRules = DEFAULT_DISCLOSURE,
) -> BenchmarkTable:
    """The table, worked out the plain way: every statistic from its cell's records."""
    fields = check_fields(group_by, limit=MAX_GROUP_FIELDS)
    dimensions = _check_dimensions(dimension_ids)
    given = tuple(records)
    instruments = sorted({record.questionnaire_id for record in given})
    if len(instruments) > 1:
        raise BenchmarkError(f"records of several instruments: {', '.join(instruments)}")
    counted = latest_records(given, [name for name in fields if name in ROUND_FIELDS])
    groups = _groups(counted, fields)
    keys = tuple(sorted(groups, key=key_order))
    lines = _Lines(*_lines(keys, fields, groups))
    hidden = lines.protect(
        {key: len(_unknown(groups[key], rules)) for key in keys},
        _cell_primary(groups, rules),
        rules,
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


class _Lines:
    """Every sum relation (for the line rules) and the exact ones (for exact recovery)."""

    def __init__(self, every: Sequence[Line], exact: Sequence[Line]) -> None:
        self.every, self.exact = tuple(every), tuple(exact)

    def protect(self, sizes, primary, rules, *, complement_low, bounded):
        if not rules.complementary:
            return dict(primary)
        return protect(self.every, sizes, primary, complement_low=complement_low,
                       bounded=bounded, equations=self.exact,
                       rounding=(rules.count_base - 1) // 2)  # fmt: skip


def _lines(keys, fields, groups):
    # A line over periods or versions is no exact sum; positions holding the same
    # records are equal, whatever their names.
    every = list(table_lines(keys))
    exact = []
    for line in every:
        member = line.members[0]
        varying = next(i for i, v in enumerate(line.total) if v is None and member[i] is not None)
        if fields[varying] not in ROUND_FIELDS:
            exact.append(line)
    same = defaultdict(list)
    for key in keys:
        identity = frozenset((r.organisation_key, r.period, r.round_order) for r in groups[key])
        if identity:
            same[identity].append(key)
    for positions in same.values():
        for first, other in itertools.pairwise(positions):
            every.append(Line(first, (other,)))
            exact.append(Line(first, (other,)))
    return every, exact


def _unknown(members: Sequence[BenchmarkRecord], rules: DisclosureRules):
    """The members a reader does not know already (named organisations are public)."""
    return [r for r in members if not (rules.named_known and r.named)]


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
        reason = primary_reason([r.country for r in _unknown(members, rules)], threshold, rules)
        if reason == TOO_FEW_ORGANISATIONS:
            known = rules.named_known and any(r.named for r in members)
            primary[key] = Suppression(reason, 0 if known else 1, threshold - 1)
        elif reason is not None:
            primary[key] = Suppression(reason, threshold, None)
    return primary


def _measure_layer(
    dimension_id: str | None,
    groups: Mapping[Key, Sequence[BenchmarkRecord]],
    lines: _Lines,
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
        reason = primary_reason([r.country for r in _unknown(members, rules)], threshold, rules)
        if reason == TOO_FEW_ORGANISATIONS:
            primary[key] = Suppression(reason, 0, threshold - 1)
        elif reason is not None:
            primary[key] = Suppression(reason, threshold, None)
    hidden = lines.protect(
        {key: len(_unknown(members, rules)) for key, members in scored.items()},
        primary,
        rules,
        complement_low=threshold,
        bounded=True,
    )
    levelled = {
        key: [r for r in members if r.level(dimension_id) is not None]
        for key, members in scored.items()
    }
    distribution_primary: dict[Key, Suppression] = {}
    for key, members in levelled.items():
        countries = [r.country for r in _unknown(members, rules)]
        reason = primary_reason(countries, rules.distribution_threshold, rules)
        if key in hidden:
            distribution_primary[key] = hidden[key]
        elif reason is not None:
            code = TOO_FEW_FOR_DISTRIBUTION if reason == TOO_FEW_ORGANISATIONS else reason
            distribution_primary[key] = Suppression(code, 0, None)
    distribution_hidden = lines.protect(
        {key: len(_unknown(members, rules)) for key, members in levelled.items()},
        distribution_primary,
        rules,
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
        level_shares=tuple(rules.round_share(per_level[level], len(levelled)) for level in LEVELS),
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
