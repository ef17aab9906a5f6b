"""Where one organisation stands among its peers, as far as disclosure control allows.

Used by the results page and the PDF capability report (through ``capability_data``)
and by the API. The quartiles are those the explorer publishes; the placement is the
engine's percentile rank with its interval, or the sentence saying a group is too small.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from assessment.accounts.organisations import Organisation
from assessment.benchmarks import records as records_service
from assessment.benchmarks.services import canonical_table, records_for, rules
from assessment.core.extensions import db
from assessment.survey.models import AssessmentRound
from assessment.survey.scores import ScoreSnapshot
from scoring.benchmark import (
    BenchmarkRecord,
    Cell,
    peer_group,
    peer_scores,
    place_among_peers,
    placement_to_dict,
)

Json = dict[str, Any]

# The peer groups an organisation is placed in, broadest first. Every group also shares
# the organisation's questionnaire version, so that like is compared with like.
PEER_GROUPS: tuple[tuple[str, ...], ...] = (
    (),
    ("country",),
    ("government_level",),
    ("sector",),
    ("size_band",),
)


def peer_data(
    organisation: Organisation, assessment_round: AssessmentRound, lang: str = "en"
) -> Json:
    """Where the round's results stand among peers, as far as disclosure control allows.

    Shaped ``{questionnaire_id: {dimension_id: {"median", "p25", "p75", "n"}},
    "placement": {questionnaire_id: {...}}}``. The quartiles are those the benchmark
    publishes for every organisation that used the same questionnaire version (the
    explorer's table by version), and a dimension is listed only when they may be
    published. The placement gives the organisation's percentile rank (overall score)
    among the others in each peer group of PEER_GROUPS, with its interval and the
    group size, or the sentence saying the group is too small; ``headline`` picks the
    most specific group that can be shown.
    """
    snapshots = db.session.execute(
        select(ScoreSnapshot)
        .filter_by(round_id=assessment_round.id)
        .order_by(ScoreSnapshot.questionnaire_id)
    ).scalars()
    result: Json = {"placement": {}}
    period = records_service.period_of(assessment_round)
    order = records_service.order_of(assessment_round)
    for snapshot in snapshots:
        own = records_service.own_record(organisation, snapshot, period, order)
        questionnaire_id = snapshot.questionnaire_id
        by_version, _count = canonical_table(questionnaire_id, ("questionnaire_version",))
        result[questionnaire_id] = _bands(by_version.cell(own.questionnaire_version))
        peers = [
            row.record
            for row in records_for(questionnaire_id)
            if row.record.questionnaire_version == own.questionnaire_version
            and row.record.organisation_key != own.organisation_key
        ]
        result["placement"][questionnaire_id] = _placements(own, peers, lang)
    return result


def _bands(cell: Cell | None) -> Json:
    bands: Json = {}
    if cell is None or cell.suppressed:
        return bands
    for summary in cell.dimensions:
        if summary.dimension_id is None or summary.suppressed or summary.p25 is None:
            continue
        bands[summary.dimension_id] = {
            "median": summary.median,
            "p25": summary.p25,
            "p75": summary.p75,
            "n": summary.n,
        }
    return bands


def _placements(own: BenchmarkRecord, peers: Sequence[BenchmarkRecord], lang: str) -> Json:
    from assessment.benchmarks.labels import field_name, value_label
    from assessment.benchmarks.wording import word

    groups = []
    for by in PEER_GROUPS:
        members = peer_group(peers, own, by=by)
        version = own.questionnaire_version
        entry: Json = {
            "by": list(by),
            "values": {name: own.value(name) for name in by},
            "questionnaire_version": version,
            "group_label": word("peer_group_all", lang, version=version)
            if not by
            else word("peer_group_one", lang, field=field_name(by[0], lang).lower(),
                      value=value_label(by[0], own.value(by[0]), lang), version=version),
        }  # fmt: skip
        if own.overall_score is None:
            entry.update(
                {"withheld": True, "reason": "no_own_score", "note": word("no_own_score", lang)}
            )
        else:
            placement = place_among_peers(own.overall_score, peer_scores(members), rules())
            entry.update(placement_to_dict(placement, rules(), lang))
        groups.append(entry)
    return {
        "score": None if own.overall_score is None else rules().round_score(own.overall_score),
        "level": own.overall_level,
        "groups": groups,
        "headline": _headline(groups),
    }


# The group a one-line summary quotes: the most specific one that can be shown.
HEADLINE_ORDER = (("government_level",), ("size_band",), ("sector",), ("country",), ())


def _headline(groups: Sequence[Json]) -> Json:
    by_fields = {tuple(g["by"]): g for g in groups}
    for by in HEADLINE_ORDER:
        group = by_fields.get(by)
        if group is not None and not group["withheld"]:
            return group
    return by_fields[()]
