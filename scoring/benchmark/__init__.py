"""Anonymised benchmarks: disclosure-controlled tables, peer placement, measurement quality.

Pure like the rest of ``scoring``: frozen dataclasses in and out, no I/O, no clock, no
randomness, and no words: a withheld figure carries the code of its reason, which
``explain`` completes with the numbers of the rule (the app words both). The app
selects the consented records and renders what comes back; the method is described
for readers in docs/benchmarks.md.

Typical use::

    from scoring.benchmark import (
        BenchmarkRecord, aggregate, explain, peer_group, peer_scores, place_among_peers,
    )

    table = aggregate(records, group_by=("country", "government_level"),
                      dimension_ids=("mandate-and-strategy",))
    for cell in table.cells:
        if cell.suppressed:   # no number at all, only why
            reason = explain(cell.suppression_reason, table.rules)
            # Reason("too_few_organisations", {"organisations": 5})

    # Every table of up to two fields at once, each group decided once for all tables:
    cube = aggregate_cube(records, dimension_ids=("mandate-and-strategy",))
    by_level_in_france = slice_table(cube, ("government_level",), {"country": "FR"})

    peers = peer_group(records, own_record, by=("government_level", "size_band"))
    placement = place_among_peers(own_record.overall_score, peer_scores(peers))
    # placement.withheld -> explain(placement.reason); else a band with its interval
"""

from scoring.benchmark.aggregation import (
    CELL,
    MARGIN,
    QUANTILE_METHOD,
    TOTAL,
    BenchmarkTable,
    Cell,
    MeasureSummary,
    aggregate,
    aggregate_cube,
    slice_table,
)
from scoring.benchmark.disclosure import (
    COMPLEMENTARY,
    DEFAULT_DISCLOSURE,
    DOMINANT_COUNTRY,
    REASONS,
    TOO_FEW_COUNTRIES,
    TOO_FEW_FOR_DISTRIBUTION,
    TOO_FEW_ORGANISATIONS,
    TOO_FEW_PEERS,
    DisclosureRules,
    Reason,
    explain,
    primary_reason,
    round_half_up,
    unknown_organisations,
)
from scoring.benchmark.placement import (
    Placement,
    band_of,
    peer_group,
    peer_scores,
    place_among_peers,
    placement_from_counts,
    wilson_interval,
)
from scoring.benchmark.quality import (
    NO_VARIANCE,
    TOO_FEW_COMPLETE,
    TOO_FEW_ITEMS,
    DimensionQuality,
    DimensionResponses,
    ItemQuality,
    QualityRules,
    cronbach_alpha,
    measurement_quality,
)
from scoring.benchmark.records import (
    GROUP_FIELDS,
    LEVELS,
    ROUND_FIELDS,
    BenchmarkError,
    BenchmarkRecord,
    latest_records,
)
from scoring.benchmark.serialise import (
    rules_from_data,
    rules_to_data,
    table_from_data,
    table_to_data,
)
from scoring.benchmark.suppression import Line, Suppression, protect, recoverable, table_lines

__all__ = [
    "CELL",
    "COMPLEMENTARY",
    "DEFAULT_DISCLOSURE",
    "DOMINANT_COUNTRY",
    "GROUP_FIELDS",
    "LEVELS",
    "MARGIN",
    "NO_VARIANCE",
    "QUANTILE_METHOD",
    "REASONS",
    "ROUND_FIELDS",
    "TOO_FEW_COMPLETE",
    "TOO_FEW_COUNTRIES",
    "TOO_FEW_FOR_DISTRIBUTION",
    "TOO_FEW_ITEMS",
    "TOO_FEW_ORGANISATIONS",
    "TOO_FEW_PEERS",
    "TOTAL",
    "BenchmarkError",
    "BenchmarkRecord",
    "BenchmarkTable",
    "Cell",
    "DimensionQuality",
    "DimensionResponses",
    "DisclosureRules",
    "ItemQuality",
    "Line",
    "MeasureSummary",
    "Placement",
    "QualityRules",
    "Reason",
    "Suppression",
    "aggregate",
    "aggregate_cube",
    "band_of",
    "cronbach_alpha",
    "explain",
    "latest_records",
    "measurement_quality",
    "peer_group",
    "peer_scores",
    "place_among_peers",
    "placement_from_counts",
    "primary_reason",
    "protect",
    "recoverable",
    "round_half_up",
    "rules_from_data",
    "rules_to_data",
    "slice_table",
    "table_from_data",
    "table_lines",
    "table_to_data",
    "unknown_organisations",
    "wilson_interval",
]
