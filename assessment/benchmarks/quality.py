"""Measurement quality of an instrument, from the stored answers of consented rounds.

Answers are read inside this module only, turned into one matrix per dimension for the
engine (``scoring.benchmark.measurement_quality``), and only the aggregated statistics
leave it: no respondent row, no organisation, ever. The statistics are withheld unless
the answers come from enough organisations (the distribution threshold) and, when
they mix countries, from enough countries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Select, select

from assessment.accounts.organisations import Organisation
from assessment.benchmarks import cache as benchmark_cache
from assessment.benchmarks import records as records_service
from assessment.benchmarks.services import ExplorerQuery, rules
from assessment.core.extensions import db
from assessment.core.questionnaire_library import library
from assessment.survey.models import AssessmentRound
from assessment.survey.responses import SUBMITTED, Answer, Response
from questionnaires.model import DONT_KNOW, MATURITY_KIND, NOT_APPLICABLE, Item, Questionnaire
from scoring.benchmark import (
    TOO_FEW_ORGANISATIONS,
    DimensionQuality,
    DimensionResponses,
    Reason,
    explain,
    measurement_quality,
    primary_reason,
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

    @property
    def withheld(self) -> Reason | None:
        """Why the statistics are withheld, with the numbers of the rule; None when shown.

        The answers need as many organisations as a distribution does
        (``distribution_threshold``), so that is the number a shortfall cites.
        """
        if self.withheld_reason is None:
            return None
        if self.withheld_reason == TOO_FEW_ORGANISATIONS:
            needed = rules().distribution_threshold
            return Reason(TOO_FEW_ORGANISATIONS, {"organisations": needed})
        return explain(self.withheld_reason, rules())


def quality_report(query: ExplorerQuery, moment: datetime | None = None) -> QualityReport:
    """Quality of the query's instrument, over the rounds its filters select.

    The version is the filtered one, else the latest version of the instrument. Every
    consented, closed round counts (not only each organisation's latest): the statistics
    describe the questions, not the organisations. Cached like the tables, by data state.
    """
    state = benchmark_cache.data_state(query.questionnaire_id, moment)
    key = ("quality", query.questionnaire_id, query.filters, state)
    return benchmark_cache.table(key, lambda: _quality_report(query, moment))


def _quality_report(query: ExplorerQuery, moment: datetime | None) -> QualityReport:
    filters = query.filter_map
    definition = library().get(query.questionnaire_id, filters.get("questionnaire_version"))
    if (
        "questionnaire_version" in filters
        and definition.version != filters["questionnaire_version"]
    ):
        return QualityReport(definition, TOO_FEW_ORGANISATIONS, (), None, None)
    condition = [
        Response.status == SUBMITTED,
        Answer.questionnaire_id == definition.id,
        records_service.counted_rounds(moment),
        AssessmentRound.id.in_(_rounds_with_version(definition)),
    ]
    for name in ORGANISATION_FIELDS:
        if name in filters:
            condition.append(getattr(Organisation, name) == filters[name])
    if "period" in filters and filters["period"].isdigit():
        year = int(filters["period"])
        closed = records_service.closed_at()
        condition.append(closed >= datetime(year, 1, 1, tzinfo=UTC))  # type: ignore[operator]
        condition.append(closed < datetime(year + 1, 1, 1, tzinfo=UTC))  # type: ignore[operator]
    rows = db.session.execute(
        select(Response.id, Response.respondent_role, Organisation.id, Organisation.country,
               Answer.item_id, Answer.code)
        .join(AssessmentRound, AssessmentRound.id == Response.round_id)
        .join(Organisation, Organisation.id == AssessmentRound.organisation_id)
        .join(Answer, Answer.response_id == Response.id)
        .where(*condition)  # type: ignore[arg-type]
        .order_by(Response.id)
    )  # fmt: skip
    answers: dict[int, tuple[str, dict[str, str]]] = {}
    countries: dict[int, str] = {}
    for response_id, role, organisation_id, country, item_id, code in rows:
        answers.setdefault(response_id, (role, {}))[1][item_id] = code
        countries[organisation_id] = country
    reason = primary_reason(list(countries.values()), rules().distribution_threshold, rules())
    if reason is not None:
        return QualityReport(definition, reason, (), None, None)
    matrices = _matrices(definition, list(answers.values()))
    return QualityReport(
        questionnaire=definition,
        withheld_reason=None,
        dimensions=measurement_quality(matrices),
        organisations=rules().round_count(len(countries)),
        respondents=rules().round_count(len(answers)),
    )


def _rounds_with_version(definition: Questionnaire) -> Select[tuple[int]]:
    from assessment.survey.models import RoundInstrument

    return select(RoundInstrument.round_id).where(
        RoundInstrument.questionnaire_id == definition.id,
        RoundInstrument.questionnaire_version == definition.version,
    )


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
    if code is None or role not in item.roles:
        return None
    if code in (DONT_KNOW, NOT_APPLICABLE):
        return code
    option = item.option(code)
    return option.level if option is not None and option.level in range(1, 6) else None
