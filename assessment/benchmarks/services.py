"""Benchmarks in the app: queries, the published tables they are cut from, and consent.

Every figure comes from the published snapshot (``benchmarks.publishing``), never from
the live data: the scheduled refresh computes each questionnaire's cube (every table
of up to two fields, each group decided once) and every output cuts its table out of
it. A query may use at most two fields in all, each as a breakdown or as a filter: so
"France, by level of government" shows exactly the figures, and withholds exactly the
figures, that the table by country and level shows for France, and France's own row is
the same in the table by country alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from assessment.accounts.organisations import Organisation
from assessment.benchmarks import disclosure, publishing
from assessment.benchmarks.records import scored_dimensions
from assessment.core import audit
from assessment.core.extensions import db
from assessment.core.questionnaire_library import library
from assessment.core.types import utcnow
from assessment.survey.models import CONSENT_CHOICES, AssessmentRound
from questionnaires.model import Questionnaire
from scoring.benchmark import (
    GROUP_FIELDS,
    BenchmarkTable,
    Cell,
    DisclosureRules,
    aggregate,
    slice_table,
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
    """The disclosure rules in force (the documented defaults; see ``disclosure.rules``)."""
    return disclosure.rules()


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
    """The instrument with the most organisations in the published benchmarks (then by id)."""
    counts = publishing.organisations_per_questionnaire(publishing.latest_snapshot())
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


@dataclass(frozen=True)
class Exploration:
    """A disclosure-controlled table for one query, with what is needed to present it.

    ``generated_at`` is when the figures were published (the snapshot's refresh);
    ``snapshot_id`` is None when nothing has been published yet.
    """

    query: ExplorerQuery
    table: BenchmarkTable
    questionnaire: Questionnaire
    generated_at: datetime
    snapshot_id: int | None = None

    @property
    def dimension_ids(self) -> tuple[str, ...]:
        return self.table.dimension_ids


def explore(query: ExplorerQuery, *, moment: datetime | None = None) -> Exploration:
    """The query's table, cut from its questionnaire's published cube."""
    snapshot = publishing.latest_snapshot(moment)
    if snapshot is None:
        table = _unpublished(query, disclosure.rules())
    elif disclosure.protected("cube"):
        cube = publishing.published_cube(snapshot, query.questionnaire_id)
        table = (
            _unpublished(query, publishing.snapshot_rules(snapshot))
            if cube is None
            else slice_table(cube, query.group_by, query.filter_map)
        )
    else:
        # Tests only: each table protected on its own, as before the cube.
        records = publishing.as_records(
            publishing.published_records(snapshot, query.questionnaire_id)
        )
        canonical = aggregate(
            records,
            query.fields,
            scored_dimensions(query.questionnaire_id),
            publishing.snapshot_rules(snapshot),
        )
        table = slice_table(canonical, query.group_by, query.filter_map)
    if table.questionnaire_id is None:
        table = BenchmarkTable(
            questionnaire_id=query.questionnaire_id,
            group_by=table.group_by,
            dimension_ids=scored_dimensions(query.questionnaire_id),
            rules=table.rules,
            questionnaire_versions=table.questionnaire_versions,
            periods=table.periods,
            cells=table.cells,
        )
    return Exploration(
        query=query,
        table=table,
        questionnaire=library().get(query.questionnaire_id),
        generated_at=utcnow() if snapshot is None else snapshot.published_at,
        snapshot_id=None if snapshot is None else snapshot.id,
    )


def _unpublished(query: ExplorerQuery, rules: DisclosureRules) -> BenchmarkTable:
    # Nothing published yet: a withheld total says so, without a number.
    return BenchmarkTable(
        questionnaire_id=query.questionnaire_id,
        group_by=query.group_by,
        dimension_ids=scored_dimensions(query.questionnaire_id),
        rules=rules,
        questionnaire_versions=(),
        periods=(),
        cells=(Cell((None,) * len(query.group_by), True, disclosure.NOT_PUBLISHED),),
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

    Benchmark figures use it from the next refresh (``refresh.refresh_benchmarks``),
    together with every other change of the period; the round's own position among
    peers is hidden at once when the consent becomes private. Written to the audit log
    in the same transaction. Raises ConsentError.
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
    """A digest that changes whenever the published benchmark figures may change.

    Names the latest snapshot (a new refresh gives a new key) and the rules in force;
    reports and caches key on it.
    """
    snapshot = publishing.latest_snapshot(moment)
    published = None if snapshot is None else (snapshot.id, snapshot.published_at.isoformat())
    material = repr((published, rules()))
    return hashlib.sha256(material.encode()).hexdigest()[:16]
