"""Reading published benchmarks: the latest snapshot, its cubes, records and placements.

Every output (explorer, API, national and quality pages, peer placements, exports and
benchmark PDFs) reads the latest snapshot that ``benchmarks.refresh`` wrote, so figures
do not move with one organisation: a submission, a consent change or a withdrawal shows
at the next scheduled refresh, together with everything else that changed meanwhile.

With the ``snapshot`` protection switched off (tests only), ``latest_snapshot``
refreshes whenever the data changed, which is how figures behaved before: live.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from assessment.benchmarks import cache as benchmark_cache
from assessment.benchmarks import disclosure
from assessment.benchmarks.models import BenchmarkSnapshot, PublishedRecord, PublishedTable
from assessment.benchmarks.refresh import input_state, publish_snapshot
from assessment.core.extensions import db
from scoring.benchmark import (
    BenchmarkRecord,
    BenchmarkTable,
    DisclosureRules,
    Placement,
    rules_from_data,
    table_from_data,
)


def placement_from_data(data: dict[str, Any]) -> Placement:
    """A stored placement as the engine's dataclass."""
    return Placement(**data)


# --- Reading ---------------------------------------------------------------------------


def latest_snapshot(moment: datetime | None = None) -> BenchmarkSnapshot | None:
    """The snapshot every output shows now, or None before the first refresh.

    With the ``snapshot`` protection switched off (tests only), refreshes first
    whenever the data changed since the latest snapshot.
    """
    latest = db.session.execute(
        select(BenchmarkSnapshot).order_by(BenchmarkSnapshot.id.desc()).limit(1)
    ).scalar_one_or_none()
    if not disclosure.protected("snapshot"):
        if latest is None or latest.input_state != input_state(moment):
            latest = publish_snapshot(moment)
            db.session.commit()
    return latest


def snapshot_rules(snapshot: BenchmarkSnapshot | None) -> DisclosureRules:
    """The rules a snapshot was published under (the rules in force when there is none)."""
    return disclosure.rules() if snapshot is None else rules_from_data(snapshot.rules)


def published_cube(snapshot: BenchmarkSnapshot, questionnaire_id: str) -> BenchmarkTable | None:
    """A questionnaire's cube in ``snapshot`` (cached per snapshot), or None if it has none."""

    def load() -> BenchmarkTable | None:
        stored = db.session.execute(
            select(PublishedTable.cube).filter_by(
                snapshot_id=snapshot.id, questionnaire_id=questionnaire_id
            )
        ).scalar_one_or_none()
        return None if stored is None else table_from_data(stored)

    return benchmark_cache.table(("cube", *snapshot_key(snapshot), questionnaire_id), load)


def snapshot_key(snapshot: BenchmarkSnapshot) -> tuple[int, str, str]:
    """Names a snapshot in cache keys: its id, and what tells it from another with that id.

    A database may give an id again once its rows are gone (a restored backup, a test
    database emptied between tests); the time and the data digest never repeat both.
    """
    return snapshot.id, snapshot.published_at.isoformat(), snapshot.input_state


def published_records(
    snapshot: BenchmarkSnapshot,
    questionnaire_id: str,
    *,
    counted_only: bool = False,
    country: str | None = None,
    named_only: bool = False,
) -> list[PublishedRecord]:
    """The records ``snapshot`` counted for a questionnaire (never shown as such)."""
    query = select(PublishedRecord).filter_by(
        snapshot_id=snapshot.id, questionnaire_id=questionnaire_id
    )
    if counted_only:
        query = query.filter_by(counted=True)
    if country is not None:
        query = query.filter_by(country=country)
    if named_only:
        query = query.filter_by(named=True)
    return list(db.session.execute(query.order_by(PublishedRecord.id)).scalars())


def as_records(rows: Iterable[PublishedRecord]) -> list[BenchmarkRecord]:
    """Stored records as the engine's records (for the tests' weakened modes and quality)."""
    return [
        BenchmarkRecord(
            organisation_key=str(row.organisation_id),
            country=row.country,
            government_level=row.government_level,
            sector=row.sector,
            size_band=row.size_band,
            questionnaire_version=row.questionnaire_version,
            period=row.period,
            dimension_scores={d: pair[0] for d, pair in row.dimensions.items()},
            dimension_levels={d: pair[1] for d, pair in row.dimensions.items()},
            overall_score=row.overall_score,
            overall_level=row.overall_level,
            questionnaire_id=row.questionnaire_id,
            round_order=row.round_order,
            named=row.named,
        )
        for row in rows
    ]


def records_intact(snapshot: BenchmarkSnapshot, questionnaire_id: str) -> bool:
    """Whether every record the snapshot stored for a questionnaire is still there.

    Records go with an erased organisation; what is read from them (quality
    statistics) then waits for the next refresh rather than move with one organisation.
    """
    stored = db.session.execute(
        select(PublishedTable.records).filter_by(
            snapshot_id=snapshot.id, questionnaire_id=questionnaire_id
        )
    ).scalar_one_or_none()
    present = db.session.execute(
        select(func.count())
        .select_from(PublishedRecord)
        .filter_by(snapshot_id=snapshot.id, questionnaire_id=questionnaire_id)
    ).scalar_one()
    return stored is not None and stored == present


def counted_record(
    snapshot: BenchmarkSnapshot, questionnaire_id: str, round_id: int
) -> PublishedRecord | None:
    """The counted record of a round in ``snapshot``, if the round is counted there."""
    return db.session.execute(
        select(PublishedRecord).filter_by(
            snapshot_id=snapshot.id,
            questionnaire_id=questionnaire_id,
            round_id=round_id,
            counted=True,
        )
    ).scalar_one_or_none()


def organisations_per_questionnaire(snapshot: BenchmarkSnapshot | None) -> dict[str, int]:
    """How many organisations each questionnaire's tables count (for choosing a default)."""
    if snapshot is None:
        return {}
    rows = db.session.execute(
        select(PublishedRecord.questionnaire_id, func.count())
        .filter_by(snapshot_id=snapshot.id, counted=True)
        .group_by(PublishedRecord.questionnaire_id)
    ).all()
    return {questionnaire_id: count for questionnaire_id, count in rows}
