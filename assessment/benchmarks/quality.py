"""Measurement quality of an instrument, from the answers behind one published group.

The statistics describe the questions, never an organisation, yet they are worked out
from organisations' answers, so they follow the same disclosure decision as every
figure: the group the filters pick (say, one country, or one country and one sector)
is shown only when the published cube shows that group with its distribution of
levels (at least 10 organisations a reader does not know, the country rules, and
complementary suppression across every table). The answers are those of the very
rounds the snapshot counted for that group, read inside this module only; only the
aggregated statistics leave it, with rounded counts and shares. So comparing two
filters can never isolate fewer organisations than the tables themselves protect.

A question asked of a respondent and left blank counts as "I do not know", as it
scores (docs/scoring.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import select

from assessment.accounts.organisations import Organisation
from assessment.benchmarks import cache as benchmark_cache
from assessment.benchmarks import disclosure, publishing
from assessment.benchmarks import records as records_service
from assessment.benchmarks.services import ExplorerQuery
from assessment.core.extensions import db
from assessment.core.questionnaire_library import library
from assessment.survey.models import AssessmentRound, RoundInstrument
from assessment.survey.responses import SUBMITTED, Answer, Response
from questionnaires.model import DONT_KNOW, MATURITY_KIND, NOT_APPLICABLE, Item, Questionnaire
from scoring.benchmark import (
    ROUND_FIELDS,
    TOO_FEW_FOR_DISTRIBUTION,
    TOO_FEW_ORGANISATIONS,
    DimensionQuality,
    DimensionResponses,
    DisclosureRules,
    ItemQuality,
    Reason,
    explain,
    latest_records,
    measurement_quality,
    primary_reason,
    slice_table,
)

ORGANISATION_FIELDS = ("country", "government_level", "sector", "size_band")


@dataclass(frozen=True)
class QualityReport:
    """Quality statistics of one questionnaire version, or why they are withheld."""

    questionnaire: Questionnaire
    withheld_reason: str | None
    dimensions: tuple[DimensionQuality, ...]
    organisations: int | None  # rounded like published counts; None when withheld
    respondents: int | None
    rules: DisclosureRules

    @property
    def withheld(self) -> Reason | None:
        """Why the statistics are withheld, with the numbers of the rule; None when shown.

        The answers need as many organisations as a distribution does
        (``distribution_threshold``), so that is the number a shortfall cites.
        """
        code = self.withheld_reason
        if code is None:
            return None
        if code in (disclosure.NOT_PUBLISHED, disclosure.CHANGED_SINCE):
            return Reason(code, {})
        if code == TOO_FEW_ORGANISATIONS:
            needed = self.rules.distribution_threshold
            return Reason(TOO_FEW_ORGANISATIONS, {"organisations": needed})
        return explain(code, self.rules)


def quality_report(query: ExplorerQuery, moment: datetime | None = None) -> QualityReport:
    """Quality of the query's instrument for the group its filters pick.

    The version is the filtered one, else the latest version of the instrument; the
    group's organisations answering on other versions contribute the questions they
    share with it. Cached per snapshot and filters.
    """
    if not disclosure.protected("quality"):
        return _unprotected_report(query, moment)
    snapshot = publishing.latest_snapshot(moment)
    filters = query.filter_map
    definition = library().get(query.questionnaire_id, filters.get("questionnaire_version"))
    rules = publishing.snapshot_rules(snapshot)
    if snapshot is None:
        return _withheld(definition, disclosure.NOT_PUBLISHED, rules)
    key = ("quality", *publishing.snapshot_key(snapshot), query.questionnaire_id, query.filters)
    return benchmark_cache.table(key, lambda: _published_report(snapshot, query, definition))


def _withheld(definition: Questionnaire, code: str, rules: DisclosureRules) -> QualityReport:
    return QualityReport(definition, code, (), None, None, rules)


def _published_report(
    snapshot: publishing.BenchmarkSnapshot, query: ExplorerQuery, definition: Questionnaire
) -> QualityReport:
    filters = query.filter_map
    rules = publishing.snapshot_rules(snapshot)
    if filters.get("questionnaire_version", definition.version) != definition.version:
        return _withheld(definition, TOO_FEW_ORGANISATIONS, rules)
    cube = publishing.published_cube(snapshot, query.questionnaire_id)
    if cube is None:
        return _withheld(definition, disclosure.NOT_PUBLISHED, rules)
    # The decision is the cube's: the group must be published with its distribution.
    group = slice_table(cube, (), filters).total
    if group.suppressed:
        return _withheld(definition, group.suppression_reason or TOO_FEW_ORGANISATIONS, rules)
    overall = group.overall
    if overall is None or overall.level_shares is None:
        reason = overall.distribution_reason if overall is not None else None
        code = reason or TOO_FEW_FOR_DISTRIBUTION
        return _withheld(
            definition, TOO_FEW_ORGANISATIONS if code == TOO_FEW_FOR_DISTRIBUTION else code, rules
        )
    if not publishing.records_intact(snapshot, query.questionnaire_id):
        return _withheld(definition, disclosure.CHANGED_SINCE, rules)
    rows = publishing.published_records(snapshot, query.questionnaire_id)
    records = publishing.as_records(rows)
    round_of = {(r.organisation_key, r.period, r.round_order): row.round_id
                for r, row in zip(records, rows, strict=True)}  # fmt: skip
    apart = [name for name in filters if name in ROUND_FIELDS]
    members = [
        r
        for r in latest_records(records, apart)
        if all(r.value(name) == value for name, value in filters.items())
    ]
    round_ids = [round_of[(r.organisation_key, r.period, r.round_order)] for r in members]
    erasing = db.session.execute(
        select(Organisation.id).where(
            Organisation.id.in_([int(r.organisation_key) for r in members]),
            Organisation.deletion_requested_at.is_not(None),
        )
    ).first()
    if erasing is not None:
        return _withheld(definition, disclosure.CHANGED_SINCE, rules)
    respondents = _answers(definition, round_ids)
    return QualityReport(
        questionnaire=definition,
        withheld_reason=None,
        dimensions=tuple(
            _rounded(d, rules) for d in measurement_quality(_matrices(definition, respondents))
        ),
        organisations=rules.round_count(len(members)),
        respondents=rules.round_count(len(respondents)),
        rules=rules,
    )


def _rounded(quality: DimensionQuality, rules: DisclosureRules) -> DimensionQuality:
    # Shares to the published share base, counts to the count base: like every figure.
    def share(value: float | None) -> float | None:
        if value is None:
            return None
        step = rules.share_base / 100
        return round(round(value / step) * step, 6)

    def item(entry: ItemQuality) -> ItemQuality:
        return replace(
            entry,
            answered=rules.round_count(entry.answered),
            ceiling_share=share(entry.ceiling_share),
            floor_share=share(entry.floor_share),
        )

    return replace(
        quality,
        respondents=rules.round_count(quality.respondents),
        complete_respondents=rules.round_count(quality.complete_respondents),
        slots=rules.round_count(quality.slots),
        dont_know_share=share(quality.dont_know_share),
        not_applicable_share=share(quality.not_applicable_share),
        item_quality=tuple(item(entry) for entry in quality.item_quality),
    )


def _answers(
    definition: Questionnaire, round_ids: Sequence[int]
) -> list[tuple[str, dict[str, str]]]:
    """Each submitted respondent of the rounds: their role and answers to the instrument."""
    if not round_ids:
        return []
    respondents: dict[int, tuple[str, dict[str, str]]] = {}
    rows = db.session.execute(
        select(Response.id, Response.respondent_role, Answer.item_id, Answer.code)
        .outerjoin(
            Answer,
            (Answer.response_id == Response.id) & (Answer.questionnaire_id == definition.id),
        )
        .where(Response.round_id.in_(round_ids), Response.status == SUBMITTED)
        .order_by(Response.id)
    )
    for response_id, role, item_id, code in rows:
        given = respondents.setdefault(response_id, (role, {}))[1]
        if item_id is not None:
            given[item_id] = code
    return list(respondents.values())


def _matrices(
    definition: Questionnaire, respondents: list[tuple[str, dict[str, str]]]
) -> list[DimensionResponses]:
    matrices = []
    for dimension in definition.dimensions:
        if dimension.kind != MATURITY_KIND:
            continue
        items = definition.items_in(dimension.id)
        rows = []
        for role, given in respondents:
            if not any(role in item.roles for item in items):
                continue
            rows.append(tuple(_entry(item, role, given.get(item.id)) for item in items))
        matrices.append(
            DimensionResponses(dimension.id, tuple(item.id for item in items), tuple(rows))
        )
    return matrices


def _entry(item: Item, role: str, code: str | None) -> int | str | None:
    if role not in item.roles:
        return None  # not asked of this respondent
    if code is None:
        return DONT_KNOW  # asked and left blank: scores like "I do not know"
    if code in (DONT_KNOW, NOT_APPLICABLE):
        return code
    option = item.option(code)
    return option.level if option is not None and option.level in range(1, 6) else None


# --- Tests only: the quality page as it was, over any filter (the "quality" protection off)


def _unprotected_report(query: ExplorerQuery, moment: datetime | None) -> QualityReport:
    rules = disclosure.rules()
    filters = query.filter_map
    definition = library().get(query.questionnaire_id, filters.get("questionnaire_version"))
    condition = [
        records_service.counted_rounds(moment),
        AssessmentRound.id.in_(
            select(RoundInstrument.round_id).where(
                RoundInstrument.questionnaire_id == definition.id,
                RoundInstrument.questionnaire_version == definition.version,
            )
        ),
    ]
    for name in ORGANISATION_FIELDS:
        if name in filters:
            condition.append(getattr(Organisation, name) == filters[name])
    if filters.get("period", "").isdigit():
        year = int(filters["period"])
        closed = records_service.closed_at()
        condition.append(closed >= datetime(year, 1, 1, tzinfo=UTC))  # type: ignore[operator]
        condition.append(closed < datetime(year + 1, 1, 1, tzinfo=UTC))  # type: ignore[operator]
    found = db.session.execute(
        select(AssessmentRound.id, Organisation.id, Organisation.country)
        .join(Organisation, Organisation.id == AssessmentRound.organisation_id)
        .where(*condition)  # type: ignore[arg-type]
    ).all()
    countries = {organisation_id: country for _, organisation_id, country in found}
    reason = primary_reason(list(countries.values()), rules.distribution_threshold, rules)
    if reason is not None:
        return _withheld(definition, reason, rules)
    respondents = _answers(definition, [round_id for round_id, _, _ in found])
    return QualityReport(
        questionnaire=definition,
        withheld_reason=None,
        dimensions=measurement_quality(_matrices(definition, respondents)),
        organisations=rules.round_count(len(countries)),
        respondents=rules.round_count(len(respondents)),
        rules=rules,
    )
