"""Where one organisation stands among its peers, as far as disclosure control allows.

Used by the results page and the PDF capability report (through ``capability_data``)
and by the API. The quartiles are those the explorer publishes; the placement is the
engine's percentile rank with its interval, or the reason a group is too small.
``peer_positions`` gives typed results; ``peer_data`` their JSON form (built in
``benchmarks.documents``).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale
from sqlalchemy import select

from assessment.accounts.organisations import Organisation
from assessment.benchmarks import records as records_service
from assessment.benchmarks.reasons import NO_OWN_SCORE
from assessment.benchmarks.services import canonical_table, records_for, rules
from assessment.core.extensions import db
from assessment.survey.models import AssessmentRound
from assessment.survey.scores import ScoreSnapshot
from scoring.benchmark import (
    BenchmarkRecord,
    Cell,
    DisclosureRules,
    MeasureSummary,
    Placement,
    peer_group,
    peer_scores,
    place_among_peers,
)

# The peer groups an organisation is placed in, broadest first. Every group also shares
# the organisation's questionnaire version, so that like is compared with like.
PEER_GROUPS: tuple[tuple[str, ...], ...] = (
    (),
    ("country",),
    ("government_level",),
    ("sector",),
    ("size_band",),
)

# The group a one-line summary quotes: the most specific one that can be shown.
HEADLINE_ORDER = (("government_level",), ("size_band",), ("sector",), ("country",), ())


@dataclass(frozen=True)
class GroupPlacement:
    """The organisation's position in one peer group, or why none is shown.

    ``values`` are the organisation's own values of the ``by`` fields. ``placement`` is
    None when the organisation has no overall score (reason NO_OWN_SCORE).
    """

    by: tuple[str, ...]
    values: tuple[str, ...]
    questionnaire_version: str
    placement: Placement | None

    @property
    def withheld(self) -> bool:
        """Whether no position is shown in this group."""
        return self.placement is None or self.placement.withheld

    @property
    def reason(self) -> str | None:
        """Why no position is shown (a reason code), or None when one is."""
        return NO_OWN_SCORE if self.placement is None else self.placement.reason


@dataclass(frozen=True)
class InstrumentPeers:
    """One questionnaire: the peers' quartiles per dimension and the placement per group.

    ``bands`` holds the summaries of the dimensions whose quartiles may be published
    (peers on the same questionnaire version); ``score`` is the organisation's own
    overall score, rounded like published scores.
    """

    questionnaire_id: str
    bands: tuple[MeasureSummary, ...]
    score: float | None
    level: int | None
    groups: tuple[GroupPlacement, ...]
    # The peers' quartiles of the overall score, when they may be published.
    overall: MeasureSummary | None = None

    @property
    def headline(self) -> GroupPlacement:
        """The most specific group with a position shown, else the broadest group."""
        by_fields = {group.by: group for group in self.groups}
        for by in HEADLINE_ORDER:
            group = by_fields.get(by)
            if group is not None and not group.withheld:
                return group
        return by_fields[()]


@dataclass(frozen=True)
class PeerPositions:
    """Where a round's results stand among peers, per questionnaire, under ``rules``."""

    instruments: tuple[InstrumentPeers, ...]
    rules: DisclosureRules


def peer_positions(organisation: Organisation, assessment_round: AssessmentRound) -> PeerPositions:
    """Where the round's results stand among peers, as far as disclosure control allows.

    The quartiles are those the benchmark publishes for every organisation that used
    the same questionnaire version (the explorer's table by version). The placement
    gives the organisation's percentile rank (overall score) among the others in each
    peer group of PEER_GROUPS, with its interval and the group size, or the reason the
    group is too small.
    """
    snapshots = db.session.execute(
        select(ScoreSnapshot)
        .filter_by(round_id=assessment_round.id)
        .order_by(ScoreSnapshot.questionnaire_id)
    ).scalars()
    period = records_service.period_of(assessment_round)
    order = records_service.order_of(assessment_round)
    instruments = []
    for snapshot in snapshots:
        own = records_service.own_record(organisation, snapshot, period, order)
        questionnaire_id = snapshot.questionnaire_id
        by_version, _count = canonical_table(questionnaire_id, ("questionnaire_version",))
        peers = [
            row.record
            for row in records_for(questionnaire_id)
            if row.record.questionnaire_version == own.questionnaire_version
            and row.record.organisation_key != own.organisation_key
        ]
        score = own.overall_score
        instruments.append(
            InstrumentPeers(
                questionnaire_id=questionnaire_id,
                bands=_bands(by_version.cell(own.questionnaire_version)),
                score=None if score is None else rules().round_score(score),
                level=own.overall_level,
                groups=_placements(own, peers),
                overall=_overall_band(by_version.cell(own.questionnaire_version)),
            )
        )
    return PeerPositions(tuple(instruments), rules())


def peer_data(
    organisation: Organisation, assessment_round: AssessmentRound, lang: str | None = None
) -> dict[str, Any]:
    """``peer_positions`` as the JSON the API answers (see ``documents.peer_document``).

    Notes and group labels are worded in ``lang`` when given, else in the current
    language.
    """
    from assessment.benchmarks.documents import peer_document

    with force_locale(lang) if lang else nullcontext():
        return peer_document(peer_positions(organisation, assessment_round))


def _bands(cell: Cell | None) -> tuple[MeasureSummary, ...]:
    if cell is None or cell.suppressed:
        return ()
    return tuple(
        summary
        for summary in cell.dimensions
        if summary.dimension_id is not None and not summary.suppressed and summary.p25 is not None
    )


def _overall_band(cell: Cell | None) -> MeasureSummary | None:
    if cell is None or cell.suppressed or cell.overall is None:
        return None
    summary = cell.overall
    return None if summary.suppressed or summary.p25 is None else summary


def _placements(
    own: BenchmarkRecord, peers: Sequence[BenchmarkRecord]
) -> tuple[GroupPlacement, ...]:
    groups = []
    for by in PEER_GROUPS:
        placement = None
        if own.overall_score is not None:
            members = peer_group(peers, own, by=by)
            placement = place_among_peers(own.overall_score, peer_scores(members), rules())
        groups.append(
            GroupPlacement(
                by=by,
                values=tuple(own.value(name) for name in by),
                questionnaire_version=own.questionnaire_version,
                placement=placement,
            )
        )
    return tuple(groups)
