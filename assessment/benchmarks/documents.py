"""The JSON documents of benchmarks: the one place where typed results become dictionaries.

The API's answers, the JSON export and the method lines of the CSV and XLSX exports are
built here from the engine's frozen dataclasses (and ``peers.PeerPositions``); every
page and report reads those dataclasses instead. The keys are a stable interface,
described by the OpenAPI document: add keys, never rename them. A withheld figure
appears only as its reason code and a note, never as a number. Notes, titles and labels
are worded in the current language (``force_locale`` for the API's ``lang`` and the
command line's ``--lang``).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask_babel import gettext as _

from assessment.benchmarks.disclosure import NOT_PUBLISHED
from assessment.benchmarks.labels import language
from assessment.benchmarks.peers import GroupPlacement, InstrumentPeers, PeerPositions
from assessment.benchmarks.reasons import (
    APP_REASONS,
    NO_OWN_SCORE,
    note,
    peer_group_label,
    position_text,
    publication_text,
    records_rule,
)
from assessment.benchmarks.reasons import rules_text as worded_rules
from assessment.benchmarks.services import Exploration
from scoring.benchmark import (
    LEVELS,
    QUANTILE_METHOD,
    REASONS,
    BenchmarkTable,
    Cell,
    DisclosureRules,
    MeasureSummary,
)

Document = dict[str, Any]


def method_document(exploration: Exploration) -> Document:
    """The method behind a table: instrument, versions, rules, counts, reasons, date."""
    table = exploration.table
    rules = table.rules
    total = table.total
    return {
        "title": _("Benchmark explorer"),
        "questionnaire": exploration.questionnaire.id,
        "questionnaire_title": exploration.questionnaire.title.get(language()),
        "questionnaire_versions": list(table.questionnaire_versions),
        "periods": list(table.periods),
        "group_by": list(exploration.query.group_by),
        "filters": dict(exploration.query.filters),
        "dimensions": list(table.dimension_ids),
        "rules": asdict(rules),
        "rules_text": worded_rules(rules),
        "records_rule": records_rule(),
        "quantiles": QUANTILE_METHOD,
        "cells": len(table.cells),
        "suppressed_cells": table.suppressed_cells,
        "complementary_cells": table.complementary_cells,
        "organisations": None if total.suppressed else total.n_organisations,
        "reasons": {code: note(code, rules) for code in (*REASONS, *APP_REASONS)},
        "publication_text": publication_text(rules),
        "published": exploration.snapshot_id is not None,
        "generated_at": exploration.generated_at.replace(microsecond=0).isoformat(),
        "language": language(),
    }


def table_document(exploration: Exploration) -> Document:
    """The table as the API and the JSON export give it: its method, then one entry per cell."""
    table = exploration.table
    return {
        "method": method_document(exploration),
        "cells": [_cell(cell, table) for cell in table.cells],
    }


def _withheld(code: str | None, rules: DisclosureRules) -> Document:
    if code is None:  # the engine gives every withheld figure a reason
        raise ValueError("a withheld figure without a reason")
    return {"reason": code, "note": note(code, rules)}


def _cell(cell: Cell, table: BenchmarkTable) -> Document:
    entry: Document = {
        "group": dict(zip(table.group_by, cell.values, strict=True)),
        "kind": cell.kind,
        "n_organisations": None if cell.suppressed else cell.n_organisations,
        "suppressed": cell.suppressed,
    }
    if cell.suppressed:
        entry.update(_withheld(cell.suppression_reason, table.rules))
        return entry
    entry.update(
        {
            "n_countries": cell.n_countries,
            "overall": _measure(cell.overall, table.rules),
            "dimensions": {
                d.dimension_id: _measure(d, table.rules)
                for d in cell.dimensions
                if d.dimension_id is not None
            },
        }
    )
    return entry


def _measure(summary: MeasureSummary | None, rules: DisclosureRules) -> Document | None:
    if summary is None:
        return None
    if summary.suppressed:
        return {"suppressed": True, **_withheld(summary.suppression_reason, rules)}
    distribution_reason = summary.distribution_reason
    return {
        "suppressed": False,
        "organisations": summary.n,
        "mean": summary.mean,
        "median": summary.median,
        "p25": summary.p25,
        "p75": summary.p75,
        "level_shares": None
        if summary.level_shares is None
        else {str(level): n for level, n in zip(LEVELS, summary.level_shares, strict=True)},
        "distribution_reason": distribution_reason,
        "distribution_note": None
        if distribution_reason is None
        else note(distribution_reason, rules),
    }


def peer_document(positions: PeerPositions) -> Document:
    """Peer positions as the API gives them.

    Shaped ``{questionnaire_id: {dimension_id: {"median", "p25", "p75", "n"}},
    "placement": {questionnaire_id: {"score", "level", "groups", "headline", "band",
    "band_withheld"}}}``: ``band`` is the overall score's ``{"median", "p25", "p75",
    "n"}`` on the same version, or None with ``band_withheld`` giving the reason code
    and its note; each
    group names itself (``group_label``) and gives its band (1 to ``bands``, 5 for
    quintiles) with the bands its interval touches, the number of peers (rounded) and
    the position in words (``position``), or ``withheld`` with a reason code and its note.
    """
    result: Document = {"placement": {}}
    for instrument in positions.instruments:
        result[instrument.questionnaire_id] = {
            band.dimension_id: {"median": band.median, "p25": band.p25, "p75": band.p75,
                                "n": band.n}
            for band in instrument.bands
        }  # fmt: skip
        groups = {group.by: _group(group, positions.rules) for group in instrument.groups}
        result["placement"][instrument.questionnaire_id] = {
            "score": instrument.score,
            "level": instrument.level,
            "groups": list(groups.values()),
            "headline": groups[instrument.headline.by],
            **_overall_band(instrument, positions.rules),
        }
    return result


def _overall_band(instrument: InstrumentPeers, rules: DisclosureRules) -> Document:
    # The peers' middle half of the overall score, or only why it is withheld.
    band = instrument.overall_band
    if band is None:
        code = instrument.overall_reason or NOT_PUBLISHED
        return {"band": None, "band_withheld": {"reason": code, "note": note(code, rules)}}
    return {
        "band": {"median": band.median, "p25": band.p25, "p75": band.p75, "n": band.n},
        "band_withheld": None,
    }


def _group(group: GroupPlacement, rules: DisclosureRules) -> Document:
    entry: Document = {
        "by": list(group.by),
        "values": dict(zip(group.by, group.values, strict=True)),
        "questionnaire_version": group.questionnaire_version,
        "group_label": peer_group_label(group.by, group.values, group.questionnaire_version),
    }
    placement = group.placement
    if placement is None:
        code = group.reason or NO_OWN_SCORE
        entry.update({"withheld": True, "reason": code, "note": note(code, rules)})
    elif placement.withheld:
        entry.update(
            {"withheld": True, **_withheld(placement.reason, rules),
             "confidence": placement.confidence}
        )  # fmt: skip
    else:
        entry.update(
            {"withheld": False, "peers": placement.peer_count, "bands": placement.bands,
             "band": placement.band, "band_interval": [placement.band_low, placement.band_high],
             "position": position_text(placement), "confidence": placement.confidence}
        )  # fmt: skip
    return entry
