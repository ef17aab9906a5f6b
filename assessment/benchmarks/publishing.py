"""Publishing benchmarks: the scheduled refresh that writes a snapshot, and reading it back.

``refresh_benchmarks()`` is the only place benchmark figures are computed. It selects
the consented, closed score snapshots as they stand (``benchmarks.records``), builds
each questionnaire's disclosure-controlled cube (``scoring.benchmark.aggregate_cube``:
every table of up to two fields, each group decided once), places every counted round
among its peers, and stores all of it as one ``BenchmarkSnapshot``. Every output reads
the latest snapshot, so figures do not move with one organisation: a submission, a
consent change or a withdrawal shows at the next refresh, together with everything
else that changed meanwhile. Run it on a schedule (``flask --app assessment benchmark
refresh``, or a periodic task calling ``refresh_benchmarks``; see docs/benchmarks.md).

With the ``snapshot`` protection switched off (tests only), ``latest_snapshot``
refreshes whenever the data changed, which is how figures behaved before: live.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, func, insert, select

from assessment.accounts.organisations import Organisation
from assessment.benchmarks import cache as benchmark_cache
from assessment.benchmarks import disclosure
from assessment.benchmarks import records as records_service
from assessment.benchmarks.models import BenchmarkSnapshot, PublishedRecord, PublishedTable
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.questionnaire_library import library
from assessment.core.types import utcnow
from assessment.survey.models import CONSENT_NAMED, AssessmentRound
from assessment.survey.scores import ScoreSnapshot
from scoring.benchmark import (
    BenchmarkRecord,
    BenchmarkTable,
    DisclosureRules,
    Placement,
    aggregate_cube,
    latest_records,
    placement_from_counts,
    rules_from_data,
    rules_to_data,
    table_from_data,
    table_to_data,
)

# The peer groups a round is placed in, broadest first. Every group also shares the
# round's questionnaire version, so that like is compared with like.
PEER_GROUPS: tuple[tuple[str, ...], ...] = (
    (),
    ("country",),
    ("government_level",),
    ("sector",),
    ("size_band",),
)
# Snapshots kept: the latest and the one before it (a reader may still be on a page
# built from it). Older ones go with the records they hold.
KEEP_SNAPSHOTS = 2
_TIE = 1e-9  # scores are stored to two decimals: closer than this is a tie


# --- The refresh ---------------------------------------------------------------------


def input_state(moment: datetime | None = None) -> str:
    """A digest of everything a refresh reads: counted snapshots, consent, organisations.

    Changes when a round closes or a snapshot is added, refreshed or removed, when
    consent changes (named consent is counted apart), when an organisation asks to be
    erased or its country, level, sector or size band changes.
    """
    named = case((AssessmentRound.consent == CONSENT_NAMED, ScoreSnapshot.id), else_=0)
    row = db.session.execute(
        select(
            func.count(ScoreSnapshot.id),
            func.coalesce(func.sum(ScoreSnapshot.id), 0),
            func.coalesce(func.max(ScoreSnapshot.id), 0),
            func.coalesce(func.sum(named), 0),
            func.coalesce(func.sum(ScoreSnapshot.overall_score), 0),
            func.coalesce(func.sum(ScoreSnapshot.respondent_count * ScoreSnapshot.id), 0),
        )
        .join(AssessmentRound, AssessmentRound.id == ScoreSnapshot.round_id)
        .join(Organisation, Organisation.id == AssessmentRound.organisation_id)
        .where(records_service.counted_rounds(moment))  # type: ignore[arg-type]
    ).one()
    fields = db.session.execute(
        select(Organisation.id, Organisation.country, Organisation.government_level,
               Organisation.sector, Organisation.size_band)
        .where(Organisation.deletion_requested_at.is_(None))
        .order_by(Organisation.id)
    ).all()  # fmt: skip
    material = repr((tuple(row), [tuple(f) for f in fields], disclosure.rules()))
    return hashlib.sha256(material.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Refreshed:
    """What a refresh published (plain values, usable after the commit)."""

    snapshot_id: int
    published_at: datetime
    organisations: int


def refresh_benchmarks(moment: datetime | None = None) -> Refreshed:
    """Compute every benchmark figure from the data as it stands, store it, and commit.

    The new snapshot is what every output shows from now on; the one before it is kept
    (``KEEP_SNAPSHOTS``), older ones are deleted. Written to the audit log. Safe to run
    at any time and from any process: a reader sees the old snapshot or the new one,
    never half of one. A plain function for schedulers: it needs an application
    context, and nothing else.
    """
    snapshot = _refresh(moment)
    done = Refreshed(snapshot.id, snapshot.published_at, snapshot.organisations)
    db.session.commit()
    return done


def _refresh(moment: datetime | None) -> BenchmarkSnapshot:
    now = moment or utcnow()
    rules = disclosure.rules()
    snapshot = BenchmarkSnapshot(
        published_at=now, rules=rules_to_data(rules), input_state=input_state(now)
    )
    db.session.add(snapshot)
    db.session.flush()
    organisations: set[int] = set()
    for questionnaire_id in library().ids():
        rows = records_service.benchmark_rows(
            questionnaire_id, (records_service.VERSION, records_service.PERIOD), moment=now
        )
        records = [row.record for row in rows]
        cube = aggregate_cube(records, records_service.scored_dimensions(questionnaire_id), rules)
        db.session.add(
            PublishedTable(
                snapshot_id=snapshot.id, questionnaire_id=questionnaire_id,
                cube=table_to_data(cube), records=len(records),
            )
        )  # fmt: skip
        counted = latest_records(records)
        placements = _placements(counted, rules)
        latest = {id(record) for record in counted}
        entries = [
            _entry(snapshot.id, row, record, id(record) in latest, placements)
            for row, record in zip(rows, records, strict=True)
        ]
        if entries:
            db.session.execute(insert(PublishedRecord), entries)
        organisations.update(row.organisation_id for row in rows)
    snapshot.organisations = len(organisations)
    kept = select(BenchmarkSnapshot.id).order_by(BenchmarkSnapshot.id.desc()).limit(KEEP_SNAPSHOTS)
    db.session.execute(
        delete(BenchmarkSnapshot).where(BenchmarkSnapshot.id.not_in(kept.scalar_subquery()))
    )
    audit.record("benchmarks.refreshed", snapshot=snapshot.id, organisations=snapshot.organisations)
    db.session.flush()
    return snapshot


def _entry(
    snapshot_id: int,
    row: records_service.RecordRow,
    record: BenchmarkRecord,
    counted: bool,
    placements: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    return {
        "snapshot_id": snapshot_id,
        "questionnaire_id": record.questionnaire_id,
        "organisation_id": row.organisation_id,
        "round_id": row.round_id,
        "named": record.named,
        "country": record.country,
        "government_level": record.government_level,
        "sector": record.sector,
        "size_band": record.size_band,
        "questionnaire_version": record.questionnaire_version,
        "period": record.period,
        "round_order": record.round_order,
        "overall_score": record.overall_score,
        "overall_level": record.overall_level,
        "dimensions": {
            d: [record.dimension_scores.get(d), record.dimension_levels.get(d)]
            for d in sorted(set(record.dimension_scores) | set(record.dimension_levels))
        },
        "counted": counted,
        "placements": placements.get(record.organisation_key) if counted else None,
    }


def _placements(
    counted: Sequence[BenchmarkRecord], rules: DisclosureRules
) -> dict[str, dict[str, Any]]:
    """Each counted record's placement in every peer group, by organisation key.

    The peers are the other organisations' counted records on the same questionnaire
    version (and with the same value of the group's field); scores are sorted once per
    group, so placing everyone takes a binary search each.
    """
    sorted_scores: dict[tuple[str, ...], list[float]] = defaultdict(list)
    for record in counted:
        if record.overall_score is not None:
            for by in PEER_GROUPS:
                sorted_scores[_peer_key(record, by)].append(record.overall_score)
    for scores in sorted_scores.values():
        scores.sort()
    placed: dict[str, dict[str, Any]] = {}
    for record in counted:
        own = record.overall_score
        if own is None:
            continue
        groups = {}
        for by in PEER_GROUPS:
            scores = sorted_scores[_peer_key(record, by)]
            below = bisect.bisect_left(scores, own - _TIE)
            level = bisect.bisect_right(scores, own + _TIE) - below
            # The organisation itself is among the scores: one of the ties.
            placement = placement_from_counts(below, level - 1, len(scores) - 1, rules)
            groups[group_name(by)] = _placement_data(placement)
        placed[record.organisation_key] = groups
    return placed


def _peer_key(record: BenchmarkRecord, by: tuple[str, ...]) -> tuple[str, ...]:
    return (record.questionnaire_version, *by, *(record.value(name) for name in by))


def group_name(by: tuple[str, ...]) -> str:
    return ",".join(by)


def _placement_data(placement: Placement) -> dict[str, Any]:
    return {
        "withheld": placement.withheld,
        "reason": placement.reason,
        "confidence": placement.confidence,
        "bands": placement.bands,
        "peer_count": placement.peer_count,
        "band": placement.band,
        "band_low": placement.band_low,
        "band_high": placement.band_high,
    }


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
            latest = _refresh(moment)
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
