"""Anonymised benchmarks: disclosure-controlled tables, peer placement, measurement quality.

Pure like the rest of ``scoring``: frozen dataclasses in and out, no I/O, no clock, no
randomness. The app selects the consented records and renders what comes back; the
method is described for readers in docs/benchmarks.md.

Typical use::

    from scoring.benchmark import (
        BenchmarkRecord, aggregate, peer_group, peer_scores, place_among_peers,
        table_to_dict,
    )

    table = aggregate(records, group_by=("country", "government_level"),
                      dimension_ids=("mandate-and-strategy",))
    data = table_to_dict(table, lang="fr")      # JSON-ready, withheld cells as notes

    peers = peer_group(records, own_record, by=("government_level", "size_band"))
    placement = place_among_peers(own_record.overall_score, peer_scores(peers))
    # placement.withheld -> show the sentence; else percentile with its interval
"""

from scoring.benchmark.aggregation import (
    CELL,
    MARGIN,
    TOTAL,
    BenchmarkTable,
    Cell,
    MeasureSummary,
    aggregate,
    aggregate_tallies,
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
    describe,
    primary_reason,
    round_half_up,
)
from scoring.benchmark.placement import (
    Placement,
    peer_group,
    peer_scores,
    place_among_peers,
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
    ROUND_FIELDS,
    BenchmarkError,
    BenchmarkRecord,
    latest_records,
)
from scoring.benchmark.serialise import placement_to_dict, table_to_dict
from scoring.benchmark.suppression import Line, Suppression, protect, recoverable, table_lines
from scoring.benchmark.tallies import Tally

__all__ = [
    "CELL",
    "COMPLEMENTARY",
    "DEFAULT_DISCLOSURE",
    "DOMINANT_COUNTRY",
    "GROUP_FIELDS",
    "MARGIN",
    "NO_VARIANCE",
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
    "Suppression",
    "Tally",
    "aggregate",
    "aggregate_tallies",
    "cronbach_alpha",
    "describe",
    "latest_records",
    "measurement_quality",
    "peer_group",
    "peer_scores",
    "place_among_peers",
    "placement_to_dict",
    "primary_reason",
    "protect",
    "recoverable",
    "round_half_up",
    "table_lines",
    "table_to_dict",
    "wilson_interval",
]
