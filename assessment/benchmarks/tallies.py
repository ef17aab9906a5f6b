"""Benchmark tallies: the consented score snapshots counted in the database.

A table broken down by organisation fields (country, level of government, sector, size
band) depends on each organisation's latest record only through counts: per group and
country, how many organisations have each score and level of each measure. The database
computes them with one GROUP BY over the stored snapshots (the same snapshots, chosen
by the same rule, as ``benchmark_records``), so tens of thousands of records never
travel to Python one by one; the engine (``scoring.benchmark.aggregate_tallies``) builds
exactly the table it would build from the records.

Tables by period or questionnaire version count an organisation in several cells and
once in the margins across them; they still need the records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, func, null, select, type_coerce, union_all

from assessment.accounts.organisations import Organisation
from assessment.benchmarks.records import closed_at, period_at, ranked_snapshots
from assessment.core.extensions import db
from assessment.survey.scores import DimensionScore, ScoreSnapshot
from scoring.benchmark import ROUND_FIELDS, Tally


@dataclass(frozen=True)
class TallySet:
    """The tallies of one table's records, and what the table says about those records."""

    tallies: tuple[Tally, ...]
    organisations: int
    questionnaire_versions: tuple[str, ...]
    periods: tuple[str, ...]


def benchmark_tallies(
    questionnaire_id: str,
    fields: Sequence[str],
    *,
    moment: datetime | None = None,
) -> TallySet:
    """Count each organisation's latest counted record of one instrument, per group.

    ``fields`` are the organisation fields the table is broken down by (ValueError for
    a round field). One statement, three kinds of rows: the overall score and level,
    each dimension's score and level (only where there is a score), and the
    questionnaire versions and closing times the table's method reports.
    """
    if any(name in ROUND_FIELDS for name in fields):
        raise ValueError("tallies cannot be broken down by period or questionnaire version")
    # Only the columns the counts need: the database sorts these rows to rank them.
    names = list(dict.fromkeys([*fields, "country"]))
    ranked = ranked_snapshots(
        questionnaire_id,
        (
            ScoreSnapshot.id.label("snapshot_id"),
            ScoreSnapshot.questionnaire_version,
            ScoreSnapshot.overall_score,
            ScoreSnapshot.overall_level,
            closed_at().label("closed_at"),  # type: ignore[attr-defined]
            *(getattr(Organisation, name) for name in names),
        ),
        moment=moment,
    ).subquery()
    # Used three times below; SQLite and PostgreSQL compute it once.
    latest = select(ranked).where(ranked.c.position == 1).cte("latest")
    described = [latest.c[name] for name in names]
    # The versions and closing times come first, so that they give the union's column
    # types (PostgreSQL needs typed columns there); typed as text, the closing times
    # come back as the driver gives them, and period_at reads their year in UTC.
    method = select(
        *[null()] * len(names),
        null(),
        null(),
        null(),
        latest.c.questionnaire_version,
        type_coerce(latest.c.closed_at, String),
        func.count(),
    ).group_by(latest.c.questionnaire_version, latest.c.closed_at)
    overall = select(
        *described,
        null(),
        latest.c.overall_score,
        latest.c.overall_level,
        null(),
        null(),
        func.count(),
    ).group_by(*described, latest.c.overall_score, latest.c.overall_level)
    dimensions = (
        select(
            *described,
            DimensionScore.dimension_id,
            DimensionScore.score,
            DimensionScore.level,
            null(),
            null(),
            func.count(),
        )
        .join(DimensionScore, DimensionScore.snapshot_id == latest.c.snapshot_id)
        .where(DimensionScore.score.is_not(None))
        .group_by(
            *described, DimensionScore.dimension_id, DimensionScore.score, DimensionScore.level
        )
    )
    rows = db.session.execute(union_all(method, overall, dimensions)).all()
    return _tally_set(rows, len(fields), names.index("country"))


def _tally_set(rows: Sequence[Any], width: int, country_at: int) -> TallySet:
    # Each row: the group's values (the first ``width`` columns), the country (among them
    # or next), then measure, score, level, version, closing time and count.
    tallies = []
    versions: set[str] = set()
    periods: set[str] = set()
    organisations = 0
    for row in rows:
        country = row[country_at]
        measure, score, level, version, closed, count = row[-6:]
        if country is None:  # a questionnaire version and closing time
            versions.add(version)
            periods.add(period_at(closed))
            continue
        tallies.append(Tally(tuple(row[:width]), country, measure, score, level, count))
        if measure is None:
            organisations += count
    return TallySet(tuple(tallies), organisations, tuple(sorted(versions)), tuple(sorted(periods)))
