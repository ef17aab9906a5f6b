"""Benchmark records: the consented score snapshots, read from the database in one query.

The rule, stated for readers in docs/benchmarks.md:

- a round counts once it has closed (its closing date has passed or it was closed
  early) and while its consent is ``anonymous`` or ``named``; a ``private`` round, or a
  round whose consent is withdrawn, is left out of every aggregate from that moment on,
  as is every round of an organisation that has asked to be erased;
- an organisation's record for an instrument is the snapshot of its latest such round
  that used the instrument (latest closing date, then latest round), so an organisation
  counts once; when a table is broken down by questionnaire version or period, its
  latest in each version or period;
- the period of a round is the calendar year (UTC) in which it closed;
- the organisation is described as it is now (country, level, sector, size band).

This module reads the database as it stands; only the scheduled refresh
(``benchmarks.refresh.refresh_benchmarks``) calls it, and every output reads the
snapshot that refresh stored, so a consent change shows at the next refresh.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.core.questionnaire_library import library
from assessment.core.types import utcnow
from assessment.survey.models import CONSENT_ANONYMOUS, CONSENT_NAMED, AssessmentRound
from assessment.survey.scores import DimensionScore, ScoreSnapshot
from questionnaires.model import MATURITY_KIND
from scoring.benchmark import BenchmarkRecord

CONSENTED = (CONSENT_ANONYMOUS, CONSENT_NAMED)
PERIOD = "period"
VERSION = "questionnaire_version"


@dataclass(frozen=True)
class RecordRow:
    """A benchmark record with the database ids the app needs besides (never published)."""

    record: BenchmarkRecord
    organisation_id: int
    round_id: int
    consent: str


def closed_at() -> object:
    """SQL expression: when a round closed (early, or at its closing date)."""
    return func.coalesce(AssessmentRound.closed_early_at, AssessmentRound.closes_at)


def counted_rounds(moment: datetime | None = None) -> object:
    """SQL condition: the round counts in benchmarks at ``moment``.

    It is consented, it has closed, and its organisation has not asked to be erased.
    The query must join ``organisations`` (as Organisation) to the rounds.
    """
    now = moment or utcnow()
    return and_(
        AssessmentRound.consent.in_(CONSENTED),
        Organisation.deletion_requested_at.is_(None),
        or_(
            and_(
                AssessmentRound.closed_early_at.is_not(None), AssessmentRound.closed_early_at <= now
            ),
            AssessmentRound.closes_at <= now,
        ),
    )


def ranked_snapshots(
    questionnaire_id: str,
    columns: Sequence[Any],
    *,
    versions_apart: bool = False,
    country: str | None = None,
    moment: datetime | None = None,
) -> Select[Any]:
    """The counted snapshots of one instrument, with ``columns``, ranked per organisation.

    ``columns`` may name the snapshot, its round and its organisation. The added column
    ``position`` is 1 for an organisation's latest round (per questionnaire version when
    ``versions_apart``), by closing time then round id.
    """
    closed = closed_at()
    partition: list[Any] = [AssessmentRound.organisation_id]
    if versions_apart:
        partition.append(ScoreSnapshot.questionnaire_version)
    ranked = (
        select(
            *columns,
            func.row_number()
            .over(partition_by=partition, order_by=(closed.desc(), AssessmentRound.id.desc()))  # type: ignore[attr-defined]
            .label("position"),
        )
        .select_from(ScoreSnapshot)
        .join(AssessmentRound, AssessmentRound.id == ScoreSnapshot.round_id)
        .join(Organisation, Organisation.id == AssessmentRound.organisation_id)
        .where(ScoreSnapshot.questionnaire_id == questionnaire_id, counted_rounds(moment))  # type: ignore[arg-type]
    )
    if country is not None:
        ranked = ranked.where(Organisation.country == country)
    return ranked


def benchmark_rows(
    questionnaire_id: str,
    keep_apart: Collection[str] = (),
    *,
    country: str | None = None,
    moment: datetime | None = None,
) -> list[RecordRow]:
    """Return the records of one instrument, one per organisation (see module docstring).

    ``keep_apart`` names round fields (``questionnaire_version``, ``period``) whose values
    are kept apart. ``country`` narrows to one country (for pages about one country).
    """
    latest_only = PERIOD not in keep_apart
    columns = (
        ScoreSnapshot.id.label("snapshot_id"),
        ScoreSnapshot.round_id,
        ScoreSnapshot.questionnaire_version,
        ScoreSnapshot.overall_score,
        ScoreSnapshot.overall_level,
        AssessmentRound.organisation_id,
        AssessmentRound.consent,
        closed_at().label("closed_at"),  # type: ignore[attr-defined]
        Organisation.country,
        Organisation.government_level,
        Organisation.sector,
        Organisation.size_band,
    )
    latest = ranked_snapshots(
        questionnaire_id,
        columns,
        versions_apart=VERSION in keep_apart,
        country=country,
        moment=moment,
    ).subquery()
    dimension_ids = scored_dimensions(questionnaire_id)
    # One row per snapshot: its dimensions pivoted into columns, in the database.
    pivot = []
    for dimension_id in dimension_ids:
        here = DimensionScore.dimension_id == dimension_id
        pivot.append(func.max(case((here, DimensionScore.score))))
        pivot.append(func.max(case((here, DimensionScore.level))))
    head = (
        latest.c.snapshot_id,
        latest.c.round_id,
        latest.c.questionnaire_version,
        latest.c.overall_score,
        latest.c.overall_level,
        latest.c.organisation_id,
        latest.c.consent,
        latest.c.closed_at,
        latest.c.country,
        latest.c.government_level,
        latest.c.sector,
        latest.c.size_band,
    )
    query = (
        select(*head, *pivot)
        .select_from(latest)
        .outerjoin(DimensionScore, DimensionScore.snapshot_id == latest.c.snapshot_id)
        .group_by(*head)
        .order_by(latest.c.snapshot_id)
    )
    if latest_only:
        query = query.where(latest.c.position == 1)
    return [
        _record(questionnaire_id, tuple(row), dimension_ids) for row in db.session.execute(query)
    ]


def scored_dimensions(questionnaire_id: str) -> tuple[str, ...]:
    """The dimensions of an instrument that carry a maturity score, over all versions."""
    seen: list[str] = []
    versions = [q for q in library().all_versions() if q.id == questionnaire_id]
    for definition in reversed(versions):  # latest version's order first
        for dimension in definition.dimensions:
            if dimension.kind == MATURITY_KIND and dimension.id not in seen:
                seen.append(dimension.id)
    return tuple(seen)


def _record(questionnaire_id: str, row: tuple[Any, ...], dimension_ids: Sequence[str]) -> RecordRow:
    (_, round_id, version, overall_score, overall_level, organisation_id, consent, closed,
     country, level, sector, size_band) = row[:12]  # fmt: skip
    pivoted = row[12:]
    scores = {}
    levels = {}
    for index, dimension_id in enumerate(dimension_ids):
        score, dimension_level = pivoted[2 * index], pivoted[2 * index + 1]
        if score is not None or dimension_level is not None:
            scores[dimension_id] = score
            levels[dimension_id] = dimension_level
    return RecordRow(
        record=BenchmarkRecord(
            organisation_key=str(organisation_id),
            country=country,
            government_level=level,
            sector=sector,
            size_band=size_band,
            questionnaire_version=version,
            period=period_at(closed),
            dimension_scores=scores,
            dimension_levels=levels,
            overall_score=overall_score,
            overall_level=overall_level,
            questionnaire_id=questionnaire_id,
            # Any increasing number will do: the closing time orders the rounds, the
            # round id breaks ties, as in the query above.
            round_order=_order(closed, round_id),
            named=consent == CONSENT_NAMED,
        ),
        organisation_id=organisation_id,
        round_id=round_id,
        consent=consent,
    )


def period_at(moment: datetime | str) -> str:
    """The benchmark period of a closing time: its year in UTC.

    A closing time read without its column type comes back as the driver gives it: text
    in UTC from SQLite, a datetime in the session's time zone from PostgreSQL.
    """
    if isinstance(moment, str):
        return moment[:4]
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{moment.year:04d}"


def _order(moment: datetime | str, round_id: int) -> int:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return int(moment.timestamp()) * 1_000_000_000 + round_id
