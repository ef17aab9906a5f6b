"""Cache keys: a report is named by everything it shows, so a stored PDF is never stale.

The key is computed on every visit to the report page, so it is read from a few small
queries rather than by scoring the round (which takes tens of milliseconds): the
submitted responses and their versions, the targets, the language, and what the report
prints besides: the organisation, the round, earlier rounds' levels, questionnaire
versions, the group-size rule, the benchmark snapshot, and the templates, code and
translations that turn all this into the PDF.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import current_app

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.results.capability import action_owners, targets_of
from assessment.survey.models import AssessmentRound
from assessment.survey.responses import SUBMITTED, Response
from assessment.survey.scores import ScoreSnapshot

KIND = "capability"
# The technical annex, as a PDF and as a workbook: two files of the same content.
ANNEX_PDF = "annex-pdf"
ANNEX_XLSX = "annex-xlsx"
ANNEX_KINDS = {"pdf": ANNEX_PDF, "xlsx": ANNEX_XLSX}
# Bump when the layout changes in a way the fingerprint of the files below cannot see.
REPORT_FORMAT = "1"

_PACKAGE = Path(__file__).resolve().parent
_PROJECT = _PACKAGE.parent.parent
_TEMPLATE_FILES = (
    "templates/reports/capability.html",
    "templates/reports/benchmark.html",
    "templates/reports/_report_macros.html",
    "templates/reports/annex.html",
    "assessment/benchmarks/charts.py",
    "assessment/benchmarks/wording.py",
    "assessment/benchmarks/labels.py",
    "assessment/core/levels.py",
    # The report's words in every language: the catalogue the wording reads.
    "assessment/translations/fr/LC_MESSAGES/messages.po",
)


def _report_files() -> list[Path]:
    files = [_PROJECT / name for name in _TEMPLATE_FILES]
    files += sorted(_PACKAGE.glob("*.py")) + sorted((_PACKAGE / "static").glob("*"))
    results = _PROJECT / "assessment" / "results"
    files += sorted((results / "charts").glob("*.py"))  # the charts it draws
    files += [results / "capability.py", results / "wording.py"]  # what it says
    files += [results / "exports.py"]  # the annex workbook's cell rules
    benchmarks = _PROJECT / "assessment" / "benchmarks"
    files += [benchmarks / "labels.py", benchmarks / "reasons.py"]  # the benchmark report's
    files += sorted((_PACKAGE.parent / "translations").glob("*/LC_MESSAGES/*.po"))  # in words
    files += sorted((_PROJECT / "scoring").rglob("*.py"))  # how results are computed
    return [path for path in files if path.is_file()]


def template_version() -> str:
    """A digest of what turns data into reports: templates, code, charts, scoring.

    Re-read whenever a file's modification time changes, so an edited template gives
    new keys even in a process that was already running.
    """
    files = _report_files()
    return _digest(tuple((str(path), path.stat().st_mtime_ns) for path in files))


@lru_cache(maxsize=8)
def _digest(stamped: tuple[tuple[str, int], ...]) -> str:
    digest = hashlib.sha256(REPORT_FORMAT.encode())
    for name, _mtime in stamped:
        path = Path(name)
        digest.update(str(path.relative_to(_PROJECT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def benchmark_snapshot() -> str:
    """The state of the benchmark data the report's position among peers comes from.

    Changes when a new benchmark snapshot is published (which is when other
    organisations' rounds and consent reach it) or the disclosure rules change, so that
    the next visit renders the report again.
    """
    from assessment.benchmarks.services import state_key

    return state_key()


def _state(organisation: Organisation, assessment_round: AssessmentRound) -> dict[str, Any]:
    responses = db.session.execute(
        db.select(Response.id, Response.version)
        .filter_by(round_id=assessment_round.id, status=SUBMITTED)
        .order_by(Response.id)
    ).all()
    trend = db.session.execute(
        db.select(
            AssessmentRound.id, AssessmentRound.title, AssessmentRound.closes_at,
            ScoreSnapshot.questionnaire_id, ScoreSnapshot.overall_level,
            ScoreSnapshot.overall_score,
        )
        .join(ScoreSnapshot, ScoreSnapshot.round_id == AssessmentRound.id)
        .filter(AssessmentRound.organisation_id == organisation.id)
        .order_by(AssessmentRound.id, ScoreSnapshot.questionnaire_id)
    ).all()  # fmt: skip
    return {
        "responses": [list(row) for row in responses],
        "targets": targets_of(assessment_round),
        "owners": {qid: {d: [o.owner, o.due_on] for d, o in owned.items()}
                   for qid, owned in action_owners(assessment_round).items()},
        "organisation": [organisation.name, organisation.slug, organisation.country,
                         organisation.government_level, organisation.sector,
                         organisation.size_band],
        # Consent too: a round made private loses its position among peers at once.
        "round": [assessment_round.id, assessment_round.title, assessment_round.unit_assessed,
                  assessment_round.opens_at.isoformat(), assessment_round.closes_at.isoformat(),
                  assessment_round.time_zone, assessment_round.consent],
        "instruments": [[i.questionnaire_id, i.questionnaire_version]
                        for i in assessment_round.instruments],
        "trend": [[r[0], r[1], r[2].isoformat(), r[3], r[4], r[5]] for r in trend],
        "min_group_size": current_app.config["MIN_GROUP_SIZE"],
    }  # fmt: skip


def cache_key(
    organisation: Organisation, assessment_round: AssessmentRound, lang: str, kind: str = KIND
) -> str:
    """The name of report ``kind`` (the capability report's by default) in ``lang``.

    Named by the round's current state; the annex's kinds are named by the same state.
    """
    material = json.dumps(
        [kind, _state(organisation, assessment_round), lang,
         benchmark_snapshot(), template_version()],
        sort_keys=True, default=str,
    )  # fmt: skip
    return hashlib.sha256(material.encode()).hexdigest()
