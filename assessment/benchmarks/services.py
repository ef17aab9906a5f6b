"""Benchmarks in the app: consented records in, disclosure-controlled tables out.

The pure engine (``scoring.benchmark``) does the statistics and the disclosure control;
this module picks the records (``benchmark_records``), shapes queries, and gathers
what the explorer, the national page, the API, the exports and peer placement show.

Every table is a slice of one *canonical* table: a query may use at most two fields in
all, each as a breakdown or as a filter, and a filter is computed as a breakdown whose
other values are then dropped. So "France, by level of government" is cut from the
table by country and level, and shows exactly the figures (and withheld figures) that
table shows, whichever way it is asked for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from assessment.accounts.organisations import Organisation
from assessment.benchmarks import cache as benchmark_cache
from assessment.benchmarks import records as records_service
from assessment.benchmarks.tallies import benchmark_tallies
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.questionnaire_library import library
from assessment.core.types import utcnow
from assessment.survey.models import CONSENT_CHOICES, AssessmentRound
from assessment.survey.scores import ScoreSnapshot
from questionnaires.model import MATURITY_KIND, Questionnaire
from scoring.benchmark import (
    DEFAULT_DISCLOSURE,
    GROUP_FIELDS,
    ROUND_FIELDS,
    TOO_FEW_ORGANISATIONS,
    BenchmarkTable,
    Cell,
    DisclosureRules,
    aggregate,
    aggregate_tallies,
)

MAX_FIELDS = 2
MAX_VALUE_LENGTH = 64


class QueryError(ValueError):
    """A benchmark query that cannot be answered.

    ``code`` names the problem; ``reasons.query_problem`` words it.
    """

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code
        self.detail = detail


def rules() -> DisclosureRules:
    """The disclosure rules in force (the documented defaults)."""
    return DEFAULT_DISCLOSURE


@dataclass(frozen=True)
class ExplorerQuery:
    """What to tabulate: one instrument, up to two fields in all (breakdowns and filters)."""

    questionnaire_id: str
    group_by: tuple[str, ...] = ()
    filters: tuple[tuple[str, str], ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields of the canonical table this query is cut from, in a fixed order."""
        used = set(self.group_by) | {name for name, _ in self.filters}
        return tuple(name for name in GROUP_FIELDS if name in used)

    @property
    def filter_map(self) -> dict[str, str]:
        return dict(self.filters)

    def as_args(self) -> dict[str, str]:
        """The query as URL parameters (for links to exports and other formats)."""
        args = {"questionnaire": self.questionnaire_id}
        if self.group_by:
            args["group_by"] = ",".join(self.group_by)
        args.update(self.filters)
        return args


def default_questionnaire() -> str:
    """The instrument with the most organisations in benchmarks (then by id)."""
    counts = records_service.instruments_with_records()
    return min(library().ids(), key=lambda q: (-counts.get(q, 0), q))


def parse_query(args: Mapping[str, Any], *, default: str | None = None) -> ExplorerQuery:
    """Build a query from request arguments; raise QueryError when it cannot be answered.

    ``group_by`` may be given as a comma-separated list or repeated; each field of
    GROUP_FIELDS may also be given as a filter (``country=FR``). Empty values are ignored.
    """
    questionnaire_id = _text(args, "questionnaire") or default or default_questionnaire()
    if questionnaire_id not in library():
        raise QueryError("unknown_questionnaire", questionnaire_id)
    group_by: list[str] = []
    for raw in _all(args, "group_by"):
        for name in (part.strip() for part in raw.split(",")):
            if not name:
                continue
            if name not in GROUP_FIELDS:
                raise QueryError("unknown_field", name)
            if name in group_by:
                raise QueryError("field_twice", name)
            group_by.append(name)
    filters = []
    for name in GROUP_FIELDS:
        value = _text(args, name)
        if not value:
            continue
        if len(value) > MAX_VALUE_LENGTH or not value.isprintable():
            raise QueryError("bad_value", name)
        if name in group_by:
            raise QueryError("grouped_and_filtered", name)
        filters.append((name, value))
    query = ExplorerQuery(questionnaire_id, tuple(group_by), tuple(filters))
    if len(query.fields) > MAX_FIELDS:
        raise QueryError("too_many_fields")
    return query


def _all(args: Mapping[str, Any], name: str) -> list[str]:
    getlist = getattr(args, "getlist", None)
    values = getlist(name) if getlist else [args.get(name)]
    return [str(v) for v in values if v]


def _text(args: Mapping[str, Any], name: str) -> str:
    values = _all(args, name)
    return values[-1].strip() if values else ""


def scored_dimensions(questionnaire_id: str) -> tuple[str, ...]:
    """The dimensions of an instrument that carry a maturity score, over all versions."""
    seen: list[str] = []
    versions = [q for q in library().all_versions() if q.id == questionnaire_id]
    for definition in reversed(versions):  # latest version's order first
        for dimension in definition.dimensions:
            if dimension.kind == MATURITY_KIND and dimension.id not in seen:
                seen.append(dimension.id)
    return tuple(seen)


@dataclass(frozen=True)
class Exploration:
    """A disclosure-controlled table for one query, with what is needed to present it."""

    query: ExplorerQuery
    table: BenchmarkTable
    questionnaire: Questionnaire
    generated_at: datetime
    records: int = field(default=0, compare=False)  # organisations read (never published)

    @property
    def dimension_ids(self) -> tuple[str, ...]:
        return self.table.dimension_ids


def records_for(
    questionnaire_id: str,
    keep_apart: Sequence[str] = (),
    *,
    moment: datetime | None = None,
    state: str | None = None,
) -> list[records_service.RecordRow]:
    """The instrument's record rows (see ``benchmark_records``), cached by data state."""
    state = state or benchmark_cache.data_state(questionnaire_id, moment)
    apart = tuple(sorted(keep_apart))
    return benchmark_cache.rows(
        ("rows", questionnaire_id, apart, state),
        lambda: records_service.benchmark_rows(questionnaire_id, apart, moment=moment),
    )


def canonical_table(
    questionnaire_id: str,
    fields: tuple[str, ...],
    *,
    moment: datetime | None = None,
) -> tuple[BenchmarkTable, int]:
    """The disclosure-controlled table of every record grouped by ``fields`` (cached).

    Returns the table and how many organisations' records went into it. Broken down by
    organisation fields only, the table is built from counts the database computes
    (``benchmark_tallies``); by period or questionnaire version, from the records.
    """
    state = benchmark_cache.data_state(questionnaire_id, moment)
    apart = [name for name in fields if name in ROUND_FIELDS]
    dimension_ids = scored_dimensions(questionnaire_id)

    def compute() -> tuple[BenchmarkTable, int]:
        if not apart:
            # Every organisation is in one cell: the database counts the records.
            counted = benchmark_tallies(questionnaire_id, fields, moment=moment)
            table = aggregate_tallies(
                counted.tallies,
                group_by=fields,
                dimension_ids=dimension_ids,
                rules=rules(),
                questionnaire_id=questionnaire_id,
                questionnaire_versions=counted.questionnaire_versions,
                periods=counted.periods,
            )
            return table, counted.organisations
        rows = records_for(questionnaire_id, apart, moment=moment, state=state)
        table = aggregate(
            [row.record for row in rows],
            group_by=fields,
            dimension_ids=dimension_ids,
            rules=rules(),
        )
        return table, len(rows)

    return benchmark_cache.table(("table", questionnaire_id, fields, rules(), state), compute)


def explore(query: ExplorerQuery, *, moment: datetime | None = None) -> Exploration:
    """Tabulate the query's slice of its canonical table."""
    canonical, count = canonical_table(query.questionnaire_id, query.fields, moment=moment)
    return Exploration(
        query=query,
        table=slice_table(canonical, query),
        questionnaire=library().get(query.questionnaire_id),
        generated_at=moment or utcnow(),
        records=count,
    )


def slice_table(canonical: BenchmarkTable, query: ExplorerQuery) -> BenchmarkTable:
    """The cells of ``canonical`` that match the query's filters, keyed by its breakdowns."""
    wanted = query.filter_map
    order = query.group_by
    cells: list[Cell] = []
    for cell in canonical.cells:
        values = dict(zip(canonical.group_by, cell.values, strict=True))
        if all(values[name] == value for name, value in wanted.items()):
            cells.append(replace(cell, values=tuple(values[name] for name in order)))
    cells.sort(key=lambda c: tuple((v is None, v or "") for v in c.values))
    if not cells or any(v is not None for v in cells[-1].values):
        # No organisation matches the filters: a withheld total says so without a number.
        cells.append(Cell((None,) * len(order), True, TOO_FEW_ORGANISATIONS))
    return BenchmarkTable(
        questionnaire_id=canonical.questionnaire_id or query.questionnaire_id,
        group_by=order,
        dimension_ids=canonical.dimension_ids,
        rules=canonical.rules,
        questionnaire_versions=canonical.questionnaire_versions,
        periods=canonical.periods,
        cells=tuple(cells),
    )


def field_values(questionnaire_id: str | None = None) -> dict[str, list[str]]:
    """The values each field takes among organisations and rounds (for the filter lists).

    Lists every value known to the platform, not only those with published figures, so
    the list itself says nothing about who took part.
    """
    from assessment.accounts.organisations import GOVERNMENT_LEVELS, SECTORS, SIZE_BANDS

    countries = db.session.execute(
        select(Organisation.country).distinct().order_by(Organisation.country)
    ).scalars()
    versions = sorted(
        {q.version for q in library().all_versions() if questionnaire_id in (None, q.id)}
    )
    years = db.session.execute(
        select(func.min(AssessmentRound.closes_at), func.max(AssessmentRound.closes_at))
    ).one()
    periods = [str(year) for year in range(years[0].year, years[1].year + 1)] if years[0] else []
    return {
        "country": list(countries),
        "government_level": list(GOVERNMENT_LEVELS),
        "sector": list(SECTORS),
        "size_band": list(SIZE_BANDS),
        "questionnaire_version": versions,
        "period": periods,
    }


# --- Consent ------------------------------------------------------------------------


class ConsentError(ValueError):
    """A consent change that cannot be made (unknown choice or a stale page)."""


def change_consent(
    assessment_round: AssessmentRound, consent: str, *, expected_version: int, actor_id: int | None
) -> bool:
    """Set the round's benchmark consent; return False when it was already that.

    Takes effect for every aggregate computed afterwards (cached figures are keyed by a
    digest of the data that includes consent) and is written to the audit log in the
    same transaction. Raises ConsentError.
    """
    if consent not in CONSENT_CHOICES:
        raise ConsentError("unknown")
    previous = assessment_round.consent
    if previous == consent:
        return False
    changed = db.session.execute(
        update(AssessmentRound)
        .where(AssessmentRound.id == assessment_round.id)
        .where(AssessmentRound.version == expected_version)
        .values(version=AssessmentRound.version + 1, consent=consent)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise ConsentError("stale")
    db.session.refresh(assessment_round)
    audit.record(
        "consent.changed",
        actor_id=actor_id,
        organisation_id=assessment_round.organisation_id,
        subject=f"round {assessment_round.id}",
        previous=previous,
        consent=consent,
    )
    return True


# --- State ---------------------------------------------------------------------------


def state_key(moment: datetime | None = None) -> str:
    """A digest that changes whenever benchmark figures may change.

    Covers the consented, closed snapshots (their ids, versions and times) and the
    rules; reports and caches can key on it.
    """
    rows = db.session.execute(
        select(
            func.count(ScoreSnapshot.id),
            func.max(ScoreSnapshot.id),
            func.max(ScoreSnapshot.computed_at),
            func.sum(ScoreSnapshot.id),
        )
        .join(AssessmentRound, AssessmentRound.id == ScoreSnapshot.round_id)
        .join(Organisation, Organisation.id == AssessmentRound.organisation_id)
        .where(records_service.counted_rounds(moment))  # type: ignore[arg-type]
    ).one()
    material = repr((tuple(rows), rules())).encode()
    return hashlib.sha256(material).hexdigest()[:16]
