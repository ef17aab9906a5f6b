"""What a national coordinator sees of their country: counts, tables, named agencies.

The tables are slices of the published cube (the country, the country by level of
government, and every organisation as the international reference), so every group
reads exactly as in the explorer. An agency appears by
name only when the round the published snapshot counts for it chose named consent, and
still has it: the tables already treat it as known to every reader.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from assessment.accounts.organisations import Organisation
from assessment.benchmarks import publishing
from assessment.benchmarks.comparison import Comparison, compare
from assessment.benchmarks.models import PublishedRecord
from assessment.benchmarks.services import Exploration, ExplorerQuery, explore
from assessment.core.extensions import db
from assessment.core.questionnaire_library import library
from assessment.core.types import utcnow
from assessment.survey.models import CONSENT_CHOICES, CONSENT_NAMED, AssessmentRound
from questionnaires.model import Questionnaire


@dataclass(frozen=True)
class NamedAgency:
    name: str
    slug: str
    government_level: str
    round_title: str
    overall_score: float | None
    overall_level: int | None
    dimension_levels: dict[str, int | None]


@dataclass(frozen=True)
class NationalInstrument:
    questionnaire: Questionnaire
    overall: Exploration  # the country's cell
    by_level: Exploration  # the country by level of government
    named: tuple[NamedAgency, ...]
    international: Exploration  # every published organisation (the cube's total)

    @property
    def comparison(self) -> Comparison:
        """The country's figures beside the international ones, per measure."""
        return compare(self.overall, self.international)


@dataclass(frozen=True)
class NationalOverview:
    country: str
    progress: dict[str, int]
    instruments: tuple[NationalInstrument, ...]


def national_overview(country: str, moment: datetime | None = None) -> NationalOverview:
    """What a national coordinator sees of their country: counts, tables and named agencies."""
    now = moment or utcnow()
    snapshot = publishing.latest_snapshot(now)
    instruments = []
    for definition in library():
        in_country = ("country", country)
        named = (
            []
            if snapshot is None
            else publishing.published_records(
                snapshot, definition.id, counted_only=True, country=country, named_only=True
            )
        )
        instruments.append(
            NationalInstrument(
                questionnaire=definition,
                overall=explore(ExplorerQuery(definition.id, (), (in_country,)), moment=now),
                by_level=explore(
                    ExplorerQuery(definition.id, ("government_level",), (in_country,)), moment=now
                ),
                named=_named(named),
                international=explore(ExplorerQuery(definition.id), moment=now),
            )
        )
    return NationalOverview(country, round_progress(country, now), tuple(instruments))


def _named(rows: Iterable[PublishedRecord]) -> tuple[NamedAgency, ...]:
    # Named in the snapshot, and still named now: a coordinator who withdraws naming is
    # no longer listed from that moment (showing less reveals nothing new).
    listed = list(rows)
    if not listed:
        return ()
    organisations = {
        o.id: o
        for o in db.session.execute(
            select(Organisation).where(
                Organisation.id.in_([r.organisation_id for r in listed]),
                Organisation.deletion_requested_at.is_(None),
            )
        ).scalars()
    }
    rounds = {
        r.id: r
        for r in db.session.execute(
            select(AssessmentRound).where(AssessmentRound.id.in_([r.round_id for r in listed]))
        ).scalars()
    }
    agencies = [
        NamedAgency(
            name=organisations[row.organisation_id].name,
            slug=organisations[row.organisation_id].slug,
            government_level=row.government_level,
            round_title=rounds[row.round_id].title,
            overall_score=row.overall_score,
            overall_level=row.overall_level,
            dimension_levels={d: pair[1] for d, pair in row.dimensions.items()},
        )
        for row in listed
        if row.organisation_id in organisations and rounds[row.round_id].consent == CONSENT_NAMED
    ]
    return tuple(sorted(agencies, key=lambda a: a.name.casefold()))


def round_progress(country: str, moment: datetime | None = None) -> dict[str, int]:
    """Counts of organisations and rounds in a country (no score, no name)."""
    from assessment.survey.models import Invitation
    from assessment.survey.responses import SUBMITTED, Response

    now = moment or utcnow()
    listed = (Organisation.country == country, Organisation.deletion_requested_at.is_(None))
    organisations = db.session.execute(
        select(func.count(Organisation.id)).where(*listed)
    ).scalar_one()
    rounds = db.session.execute(
        select(AssessmentRound)
        .join(Organisation, Organisation.id == AssessmentRound.organisation_id)
        .where(*listed)
    ).scalars()
    counts = {"organisations": organisations, "organisations_with_rounds": 0,
              "upcoming": 0, "open": 0, "closed": 0}  # fmt: skip
    counts.update({f"consent_{choice}": 0 for choice in CONSENT_CHOICES})
    with_rounds = set()
    for assessment_round in rounds:
        with_rounds.add(assessment_round.organisation_id)
        if assessment_round.is_open_at(now):
            counts["open"] += 1
        elif assessment_round.opens_at > now:
            counts["upcoming"] += 1
        else:
            counts["closed"] += 1
            counts[f"consent_{assessment_round.consent}"] += 1
    counts["organisations_with_rounds"] = len(with_rounds)
    in_country = (
        select(AssessmentRound.id)
        .join(Organisation, Organisation.id == AssessmentRound.organisation_id)
        .where(*listed)
    )
    counts["invited"] = db.session.execute(
        select(func.count(Invitation.id)).where(Invitation.round_id.in_(in_country))
    ).scalar_one()
    counts["submitted"] = db.session.execute(
        select(func.count(Response.id)).where(
            Response.round_id.in_(in_country), Response.status == SUBMITTED
        )
    ).scalar_one()
    return counts
