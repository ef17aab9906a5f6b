"""The benchmark refresh: the only place benchmark figures are computed.

``refresh_benchmarks()`` selects the consented, closed score snapshots as they stand
(``benchmarks.records``), builds each questionnaire's disclosure-controlled cube
(``scoring.benchmark.aggregate_cube``: every table of up to two fields, each group
decided once), places every counted round among its peers, and stores all of it as one
``BenchmarkSnapshot`` that every output reads (``benchmarks.publishing``).

It runs on a schedule only: weekly on the task queue's scheduler (``benchmarks.refresh``
below) and whenever an operator runs ``flask --app assessment benchmark refresh``. No
page, submission or consent change triggers it: a publication that differs from the
one before by a single organisation is what the schedule prevents
(docs/benchmarks.md, "Publication on a schedule").
"""

from __future__ import annotations

import bisect
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, func, insert, select

from assessment.accounts.organisations import Organisation
from assessment.benchmarks import disclosure
from assessment.benchmarks import records as records_service
from assessment.benchmarks.models import BenchmarkSnapshot, PublishedRecord, PublishedTable
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.questionnaire_library import library
from assessment.core.types import utcnow
from assessment.survey.models import CONSENT_NAMED, AssessmentRound
from assessment.survey.scores import ScoreSnapshot
from assessment.tasks import periodic, queue
from scoring.benchmark import (
    BenchmarkRecord,
    DisclosureRules,
    Placement,
    aggregate_cube,
    latest_records,
    placement_from_counts,
    rules_to_data,
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
    snapshot = publish_snapshot(moment)
    done = Refreshed(snapshot.id, snapshot.published_at, snapshot.organisations)
    db.session.commit()
    return done


def publish_snapshot(moment: datetime | None = None) -> BenchmarkSnapshot:
    """Compute and add a new snapshot to the session, flushed but not committed."""
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


REFRESH = "benchmarks.refresh"
# Every worker's scheduler starts the weekly refresh, and all of them at the same
# minute: one publishes, the others stop at once.
RECENT = timedelta(hours=1)


@periodic(REFRESH, minute="17", hour="3", day_of_week="1")
def scheduled_refresh() -> int:
    """The queue's weekly publication: the new snapshot's id, or 0 when there is none.

    None when another worker took this day's refresh, or when a snapshot was published
    less than ``RECENT`` ago (an operator's ``flask benchmark refresh`` included): a
    second publication of the same data would only shorten how long the one before it
    stays readable.
    """
    today = utcnow().date()
    # One claim per day in the queue's own storage (Redis or its SQLite file), shared by
    # every worker: it never needs releasing, so a worker killed while refreshing
    # leaves no lock behind, only that day's publication to ``flask benchmark refresh``.
    if not queue().huey.put_if_empty(claim_key(today), "1"):
        return 0
    queue().huey.delete(claim_key(today - timedelta(days=7)))  # last week's claim
    if _published_since(utcnow() - RECENT):
        return 0
    return refresh_benchmarks().snapshot_id


def claim_key(day: date) -> str:
    """The queue storage's key that the day's scheduled refresh is claimed under."""
    return f"{REFRESH}:{day.isoformat()}"


def _published_since(moment: datetime) -> bool:
    return (
        db.session.execute(
            select(BenchmarkSnapshot.id).where(BenchmarkSnapshot.published_at >= moment).limit(1)
        ).first()
        is not None
    )
