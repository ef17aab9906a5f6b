"""Where one organisation stands among its peers, as far as disclosure control allows.

Used by the results page and the PDF capability report (through ``capability_data``)
and by the API. The quartiles are those the published snapshot shows for the
organisation's questionnaire version; the position is the band (quintile) the refresh
worked out for the organisation's counted round, with its interval and a rounded peer
count. Only that round is ever placed: a private round, one not yet closed, or one a
later round supersedes gets no position (``disclosure.NOT_PLACED``), so made-up rounds
cannot be used to read the peers' scores one by one. ``peer_positions`` gives typed
results; ``peer_data`` their JSON form (built in ``benchmarks.documents``).
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale
from sqlalchemy import select

from assessment.accounts.organisations import Organisation
from assessment.benchmarks import disclosure, publishing
from assessment.benchmarks.models import BenchmarkSnapshot
from assessment.benchmarks.reasons import NO_OWN_SCORE
from assessment.benchmarks.refresh import PEER_GROUPS, group_name
from assessment.core.extensions import db
from assessment.survey.models import CONSENT_ANONYMOUS, CONSENT_NAMED, AssessmentRound
from assessment.survey.scores import ScoreSnapshot
from scoring.benchmark import (
    TOO_FEW_FOR_DISTRIBUTION,
    TOO_FEW_ORGANISATIONS,
    BenchmarkRecord,
    Cell,
    DisclosureRules,
    MeasureSummary,
    Placement,
    peer_scores,
    place_among_peers,
    slice_table,
)

__all__ = ["PEER_GROUPS", "GroupPlacement", "InstrumentPeers", "PeerPositions", "peer_data",
           "peer_positions"]  # fmt: skip

# The group a one-line summary quotes: the most specific one that can be shown.
HEADLINE_ORDER = (("government_level",), ("size_band",), ("sector",), ("country",), ())


@dataclass(frozen=True)
class GroupPlacement:
    """The organisation's position in one peer group, or why none is shown.

    ``values`` are the organisation's own values of the ``by`` fields. ``placement`` is
    None when the round is not placed at all, ``unplaced`` then giving the reason code
    (NO_OWN_SCORE, ``disclosure.NOT_PLACED`` or ``disclosure.NOT_PUBLISHED``).
    """

    by: tuple[str, ...]
    values: tuple[str, ...]
    questionnaire_version: str
    placement: Placement | None
    unplaced: str | None = None

    @property
    def withheld(self) -> bool:
        """Whether no position is shown in this group."""
        return self.placement is None or self.placement.withheld

    @property
    def reason(self) -> str | None:
        """Why no position is shown (a reason code), or None when one is."""
        if self.placement is None:
            return self.unplaced or NO_OWN_SCORE
        return self.placement.reason


@dataclass(frozen=True)
class InstrumentPeers:
    """One questionnaire: the peers' quartiles per dimension and the placement per group.

    ``bands`` holds the summaries of the dimensions whose quartiles may be published
    (peers on the same questionnaire version); ``score`` is the organisation's own
    overall score, rounded like published scores. ``overall_band`` is the published
    summary of the overall score on the same version when its quartiles may be shown,
    else None with ``overall_reason`` the reason code (``reasons.note`` words it).
    """

    questionnaire_id: str
    bands: tuple[MeasureSummary, ...]
    score: float | None
    level: int | None
    groups: tuple[GroupPlacement, ...]
    overall_band: MeasureSummary | None = None
    overall_reason: str | None = None

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

    Per questionnaire of the round: the quartiles the published snapshot shows for
    every organisation on the same questionnaire version, and the round's band in each
    peer group of PEER_GROUPS, as the refresh placed it, or why it has none.
    """
    snapshot = publishing.latest_snapshot()
    rules = publishing.snapshot_rules(snapshot)
    own_results = db.session.execute(
        select(ScoreSnapshot)
        .filter_by(round_id=assessment_round.id)
        .order_by(ScoreSnapshot.questionnaire_id)
    ).scalars()
    instruments = []
    for own in own_results:
        score = own.overall_score
        cell = _version_cell(snapshot, own.questionnaire_id, own.questionnaire_version)
        overall_band, overall_reason = _overall_band(snapshot, cell)
        instruments.append(
            InstrumentPeers(
                questionnaire_id=own.questionnaire_id,
                bands=_bands(cell),
                score=None if score is None else rules.round_score(score),
                level=own.overall_level,
                groups=_groups(snapshot, organisation, assessment_round, own, rules),
                overall_band=overall_band,
                overall_reason=overall_reason,
            )
        )
    return PeerPositions(tuple(instruments), rules)


def _version_cell(
    snapshot: BenchmarkSnapshot | None, questionnaire_id: str, version: str
) -> Cell | None:
    cube = None if snapshot is None else publishing.published_cube(snapshot, questionnaire_id)
    if cube is None:
        return None
    return slice_table(cube, (), {"questionnaire_version": version}).total


def _groups(
    snapshot: BenchmarkSnapshot | None,
    organisation: Organisation,
    assessment_round: AssessmentRound,
    own: ScoreSnapshot,
    rules: DisclosureRules,
) -> tuple[GroupPlacement, ...]:
    def group(
        by: tuple[str, ...], placement: Placement | None, unplaced: str | None = None
    ) -> GroupPlacement:
        values = tuple(getattr(organisation, name) for name in by)
        return GroupPlacement(by, values, own.questionnaire_version, placement, unplaced)

    if own.overall_score is None:
        return tuple(group(by, None, NO_OWN_SCORE) for by in PEER_GROUPS)
    if snapshot is None:
        return tuple(group(by, None, disclosure.NOT_PUBLISHED) for by in PEER_GROUPS)
    if not disclosure.protected("placement"):
        peers = _published_peers(snapshot, organisation, own)
        return tuple(
            group(by, _unguarded(peers, organisation, own, by, rules)) for by in PEER_GROUPS
        )
    counted = publishing.counted_record(snapshot, own.questionnaire_id, assessment_round.id)
    placeable = (
        counted is not None
        and counted.placements is not None
        and assessment_round.consent in (CONSENT_ANONYMOUS, CONSENT_NAMED)
        and organisation.deletion_requested_at is None
    )
    if not placeable:
        return tuple(group(by, None, disclosure.NOT_PLACED) for by in PEER_GROUPS)
    stored = counted.placements or {}
    return tuple(
        group(by, publishing.placement_from_data(stored[group_name(by)])) for by in PEER_GROUPS
    )


def _published_peers(
    snapshot: BenchmarkSnapshot, organisation: Organisation, own: ScoreSnapshot
) -> list[BenchmarkRecord]:
    return [
        record
        for record in publishing.as_records(
            publishing.published_records(snapshot, own.questionnaire_id, counted_only=True)
        )
        if record.organisation_key != str(organisation.id)
        and record.questionnaire_version == own.questionnaire_version
    ]


def _unguarded(
    peers: list[BenchmarkRecord],
    organisation: Organisation,
    own: ScoreSnapshot,
    by: tuple[str, ...],
    rules: DisclosureRules,
) -> Placement:
    # Tests only (the "placement" protection off): any round of the organisation,
    # whatever its consent, is placed against the published peers, as before.
    members = [r for r in peers if all(r.value(name) == getattr(organisation, name) for name in by)]
    assert own.overall_score is not None
    return place_among_peers(own.overall_score, peer_scores(members), rules)


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


def _overall_band(
    snapshot: BenchmarkSnapshot | None, cell: Cell | None
) -> tuple[MeasureSummary | None, str | None]:
    # The overall score's quartiles exactly as the published cell has them: the
    # disclosure engine decided when it published the snapshot, so a withheld figure
    # keeps the engine's own reason and nothing is worked out again here.
    if snapshot is None or cell is None:
        return None, disclosure.NOT_PUBLISHED
    if cell.suppressed:
        return None, cell.suppression_reason
    overall = cell.overall
    if overall is None:  # no organisation of the version has an overall score
        return None, TOO_FEW_ORGANISATIONS
    if overall.suppressed:
        return None, overall.suppression_reason
    if overall.p25 is None or overall.p75 is None:
        return None, overall.distribution_reason or TOO_FEW_FOR_DISTRIBUTION
    return overall, None
