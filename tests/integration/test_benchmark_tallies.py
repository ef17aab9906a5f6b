"""Tables counted in the database give exactly the tables built from the records."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from flask import Flask

from assessment.accounts.organisations import Organisation
from assessment.benchmarks import cache as benchmark_cache
from assessment.benchmarks import services as benchmarks
from assessment.benchmarks.records import benchmark_rows
from assessment.benchmarks.tallies import benchmark_tallies
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.survey.models import AssessmentRound
from assessment.survey.scores import ScoreSnapshot
from scoring.benchmark import aggregate
from tests.fixtures.benchmarks import CLOSED, QUESTIONNAIRE, add_organisation, add_result

COUNTRIES = ("FR", "PT", "IE", "EE")
SECTORS = ("health", "tax", "education")
SIZES = ("1-49", "50-249", "250-999")
LEVELS = ("national", "regional", "local")


def _snapshot_scores(assessment_round: AssessmentRound, rng: random.Random) -> None:
    """Give the round's snapshot varied scores: some dimensions missing or without a level."""
    snapshot = db.session.execute(
        db.select(ScoreSnapshot).filter_by(round_id=assessment_round.id)
    ).scalar_one()
    overall = None if rng.random() < 0.05 else round(rng.uniform(1, 5), rng.choice((1, 2, 6)))
    snapshot.overall_score = overall
    snapshot.overall_level = None if overall is None else min(5, int(overall))
    for dimension in list(snapshot.dimensions):
        if rng.random() < 0.1:
            snapshot.dimensions.remove(dimension)  # too few answers: no row at all
            continue
        score = None if rng.random() < 0.05 else round(rng.uniform(1, 5), rng.choice((1, 2)))
        level = None if score is None or rng.random() < 0.05 else min(5, int(score))
        dimension.score, dimension.level = score, level


def _varied_organisations(count: int) -> list[Organisation]:
    rng = random.Random(20261204)
    organisations = []
    for number in range(count):
        organisation = add_organisation(
            f"org-{number:03d}",
            COUNTRIES[number % 4] if number % 7 else "FR",
            LEVELS[number % 3],
            sector=SECTORS[number % 5 % 3],
            size_band=SIZES[number % 2],
        )
        # Most have one round; some a newer one too, some a private or unfinished one
        # that must not count, and some a tie on the closing time (the later round wins).
        rounds = [add_result(organisation, 3.0, closes_at=CLOSED - timedelta(days=400))]
        if number % 3 == 0:
            rounds.append(add_result(organisation, 3.0, title="Newer"))
        if number % 5 == 0:
            add_result(organisation, 4.0, consent="private", title="Private")
        if number % 6 == 0:
            add_result(organisation, 4.0, closes_at=utcnow() + timedelta(days=9), title="Open")
        if number % 8 == 0:
            rounds.append(add_result(organisation, 3.0, title="Same day"))
        if number % 11 == 0:
            add_result(organisation, 2.0, questionnaire="innovation-skills", title="Skills")
        db.session.flush()
        for assessment_round in rounds:
            _snapshot_scores(assessment_round, rng)
        organisations.append(organisation)
    organisations[-1].deletion_requested_at = utcnow()  # erased: in no aggregate
    db.session.commit()
    return organisations


GROUPINGS = [
    (),
    ("country",),
    ("government_level",),
    ("size_band",),
    ("country", "government_level"),
    ("government_level", "country"),
    ("sector", "size_band"),
    ("country", "sector"),
]


@pytest.mark.parametrize("fields", GROUPINGS)
def test_a_table_counted_in_the_database_equals_the_table_of_the_records(
    app: Flask, app_context: None, fields: tuple[str, ...]
) -> None:
    _varied_organisations(70)
    dimension_ids = benchmarks.scored_dimensions(QUESTIONNAIRE)
    rows = benchmark_rows(QUESTIONNAIRE)
    expected = aggregate([r.record for r in rows], fields, dimension_ids, benchmarks.rules())
    assert not expected.total.suppressed  # figures to compare, not only withheld cells

    benchmark_cache.clear()
    table, organisations = benchmarks.canonical_table(QUESTIONNAIRE, fields)

    assert table == expected
    assert organisations == len(rows) == 69
    counted = benchmark_tallies(QUESTIONNAIRE, fields)
    assert counted.organisations == 69
    assert counted.questionnaire_versions == expected.questionnaire_versions
    assert counted.periods == expected.periods == ("2024", "2025")


def test_a_table_by_period_or_version_is_still_built_from_the_records(
    app: Flask, app_context: None
) -> None:
    _varied_organisations(30)
    rows = benchmark_rows(QUESTIONNAIRE, ["period"])
    expected = aggregate(
        [r.record for r in rows],
        ("country", "period"),
        benchmarks.scored_dimensions(QUESTIONNAIRE),
        benchmarks.rules(),
    )
    benchmark_cache.clear()

    assert benchmarks.canonical_table(QUESTIONNAIRE, ("country", "period")) == (expected, len(rows))
    with pytest.raises(ValueError, match="period or questionnaire version"):
        benchmark_tallies(QUESTIONNAIRE, ("country", "period"))


def test_without_any_counted_round_the_table_has_only_a_withheld_total(
    app: Flask, app_context: None
) -> None:
    organisation = add_organisation("alone", "FR")
    add_result(organisation, 3.0, consent="private")
    db.session.commit()
    benchmark_cache.clear()

    table, organisations = benchmarks.canonical_table(QUESTIONNAIRE, ("country",))

    assert organisations == 0
    assert table == aggregate([], ("country",), benchmarks.scored_dimensions(QUESTIONNAIRE))
