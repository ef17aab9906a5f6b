"""Benchmark input: one consented score snapshot per organisation, round and instrument.

The app builds these records from stored score snapshots after it has applied consent
(private rounds and withdrawn rounds never reach this package). Everything here works on
the records alone: grouping fields, validation, and the rule that an organisation counts
once in any group.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# Fields a benchmark can be broken down by. The first four describe the organisation,
# the last two the round it answered in.
GROUP_FIELDS: tuple[str, ...] = (
    "country",
    "government_level",
    "sector",
    "size_band",
    "questionnaire_version",
    "period",
)
ROUND_FIELDS: frozenset[str] = frozenset({"questionnaire_version", "period"})
MAX_GROUP_FIELDS = 2

LOWEST_SCORE = 1.0
HIGHEST_SCORE = 5.0
LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)


class BenchmarkError(ValueError):
    """Input the benchmark engine cannot use: a bad record, grouping, rule or matrix."""


@dataclass(frozen=True)
class BenchmarkRecord:
    """The scores of one organisation for one instrument in one assessment round.

    ``organisation_key`` is an opaque, stable id (never a name). Scores are on the
    1.0-5.0 scale and levels 1-5; None means the engine gave no score or level
    (insufficient evidence). ``period`` must sort chronologically as text ("2025",
    "2026", or "2026-Q1"). ``questionnaire_id`` names the instrument: records of
    different instruments are never aggregated together. ``round_order`` orders an
    organisation's rounds within one period (any increasing number, such as the
    round's id); the latest round is the one with the highest (period, round_order).
    ``named`` says the organisation chose to be named with this round: its scores are
    then public, and the disclosure rules treat them as known to every reader.
    """

    organisation_key: str
    country: str
    government_level: str
    sector: str
    size_band: str
    questionnaire_version: str
    period: str
    dimension_scores: Mapping[str, float | None]
    dimension_levels: Mapping[str, int | None]
    overall_score: float | None
    overall_level: int | None
    questionnaire_id: str = ""
    round_order: int = 0
    named: bool = False

    def __post_init__(self) -> None:
        if not self.organisation_key:
            raise BenchmarkError("a benchmark record needs an organisation_key")
        for name in GROUP_FIELDS:
            if not self.value(name):
                raise BenchmarkError(f"record of {self.organisation_key!r} has an empty {name}")
        where = f"record of {self.organisation_key!r}"
        for dimension_id, score in self.dimension_scores.items():
            check_score(score, f"{where}, dimension {dimension_id!r}")
        for dimension_id, level in self.dimension_levels.items():
            check_level(level, f"{where}, dimension {dimension_id!r}")
        check_score(self.overall_score, f"{where}, overall score")
        check_level(self.overall_level, f"{where}, overall level")

    def value(self, field: str) -> str:
        """Return the record's value of grouping field ``field`` (one of GROUP_FIELDS)."""
        values = {
            "country": self.country,
            "government_level": self.government_level,
            "sector": self.sector,
            "size_band": self.size_band,
            "questionnaire_version": self.questionnaire_version,
            "period": self.period,
        }
        return values[field]

    def score(self, dimension_id: str | None) -> float | None:
        """Return the score of a dimension, or the overall score when given None."""
        if dimension_id is None:
            return self.overall_score
        return self.dimension_scores.get(dimension_id)

    def level(self, dimension_id: str | None) -> int | None:
        """Return the level of a dimension, or the overall level when given None."""
        if dimension_id is None:
            return self.overall_level
        return self.dimension_levels.get(dimension_id)

    @property
    def recency(self) -> tuple[str, int]:
        """Sort key putting an organisation's records from oldest to latest."""
        return (self.period, self.round_order)


def check_score(score: float | None, where: str) -> None:
    """Raise BenchmarkError unless ``score`` is None or a finite number from 1 to 5."""
    if score is None:
        return
    # Written so that NaN fails too: every comparison with NaN is false.
    if not (math.isfinite(score) and LOWEST_SCORE <= score <= HIGHEST_SCORE):
        raise BenchmarkError(f"{where}: a score must be from 1 to 5, not {score!r}")


def check_level(level: int | None, where: str) -> None:
    """Raise BenchmarkError unless ``level`` is None or a whole number from 1 to 5."""
    if level is not None and (isinstance(level, bool) or level not in LEVELS):
        raise BenchmarkError(f"{where}: a level must be a whole number from 1 to 5, not {level!r}")


def check_fields(fields: Sequence[str], *, limit: int | None) -> tuple[str, ...]:
    """Return ``fields`` as a tuple after checking they are distinct grouping fields.

    ``limit`` caps how many may be given (None: no cap). Raises BenchmarkError.
    """
    chosen = tuple(fields)
    unknown = [name for name in chosen if name not in GROUP_FIELDS]
    if unknown:
        raise BenchmarkError(
            f"unknown grouping field {unknown[0]!r}; use {', '.join(GROUP_FIELDS)}"
        )
    if len(set(chosen)) != len(chosen):
        raise BenchmarkError("a grouping field is given twice")
    if limit is not None and len(chosen) > limit:
        raise BenchmarkError(f"a benchmark table is grouped by at most {limit} fields")
    return chosen


def latest_records(
    records: Iterable[BenchmarkRecord], keep_apart: Sequence[str] = ()
) -> tuple[BenchmarkRecord, ...]:
    """Keep one record per organisation: its latest, by (period, round_order).

    ``keep_apart`` lists round fields (period, questionnaire_version) whose values are
    kept apart, so an organisation keeps its latest record in each period or version.
    Two records of one organisation with the same period and round order are an input
    error (BenchmarkError). The result is sorted by organisation, oldest first.
    """
    latest: dict[tuple[str, ...], BenchmarkRecord] = {}
    seen: set[tuple[str, str, int]] = set()
    for record in records:
        when = (record.organisation_key, record.period, record.round_order)
        if when in seen:
            raise BenchmarkError(
                f"two records of organisation {record.organisation_key!r} share period"
                f" {record.period!r} and round order {record.round_order}; give each round"
                " its own round_order"
            )
        seen.add(when)
        key = (record.organisation_key, *(record.value(name) for name in keep_apart))
        kept = latest.get(key)
        if kept is None or record.recency > kept.recency:
            latest[key] = record
    return tuple(sorted(latest.values(), key=lambda r: (r.organisation_key, r.recency)))
