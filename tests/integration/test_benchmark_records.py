"""Which snapshots count in benchmarks: consented, closed, each organisation's latest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask

from assessment.benchmarks import publishing
from assessment.benchmarks import services as benchmarks
from assessment.benchmarks.records import benchmark_rows
from assessment.core.audit_events import AuditEvent
from assessment.core.extensions import db
from assessment.core.types import utcnow
from scoring.benchmark import aggregate
from tests.fixtures.benchmarks import (
    QUESTIONNAIRE,
    add_organisation,
    add_result,
    publish,
    seed_countries,
)


def _scores() -> dict[str, float | None]:
    return {
        row.record.organisation_key: row.record.overall_score
        for row in benchmark_rows(QUESTIONNAIRE)
    }


def test_an_organisation_counts_once_with_its_latest_closed_consented_round(
    app: Flask, app_context: None
) -> None:
    agency = add_organisation("agency", "FR")
    add_result(agency, 2.0, closes_at=datetime(2024, 6, 1, tzinfo=UTC), title="2024")
    add_result(agency, 3.0, closes_at=datetime(2025, 6, 1, tzinfo=UTC), title="2025")
    # Later, but private: the 2025 round stays the one that counts.
    add_result(agency, 4.0, closes_at=datetime(2025, 9, 1, tzinfo=UTC), consent="private")
    # Later still, but not closed yet.
    add_result(agency, 5.0, closes_at=utcnow() + timedelta(days=10))
    db.session.commit()

    assert _scores() == {str(agency.id): 3.0}


def test_periods_keep_each_organisations_latest_round_of_each_year(
    app: Flask, app_context: None
) -> None:
    agency = add_organisation("agency", "FR")
    add_result(agency, 2.0, closes_at=datetime(2024, 3, 1, tzinfo=UTC))
    add_result(agency, 2.5, closes_at=datetime(2024, 9, 1, tzinfo=UTC))
    add_result(agency, 3.0, closes_at=datetime(2025, 6, 1, tzinfo=UTC))
    db.session.commit()

    rows = benchmark_rows(QUESTIONNAIRE, keep_apart=["period"])
    table = aggregate([r.record for r in rows], group_by=("period",))
    # Each year counts the agency once; the margin counts it once, with 2025.
    assert [(c.values, c.suppression_reason) for c in table.cells] == [
        (("2024",), "too_few_organisations"),
        (("2025",), "too_few_organisations"),
        ((None,), "too_few_organisations"),
    ]
    assert sorted((r.record.period, r.record.overall_score) for r in rows) == [
        ("2024", 2.0), ("2024", 2.5), ("2025", 3.0)
    ]  # fmt: skip


def test_a_round_closed_early_counts_from_the_moment_it_closed(
    app: Flask, app_context: None
) -> None:
    agency = add_organisation("agency", "FR")
    assessment_round = add_result(agency, 3.0, closes_at=utcnow() + timedelta(days=5))
    db.session.commit()
    assert _scores() == {}

    assessment_round.closed_early_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert _scores() == {str(agency.id): 3.0}


def test_a_consent_change_takes_effect_at_the_next_refresh_and_is_audited(
    app: Flask, app_context: None
) -> None:
    seeded = seed_countries({"FR": 8})
    publish()
    query = benchmarks.ExplorerQuery(QUESTIONNAIRE)
    before = benchmarks.explore(query)
    assert before.table.total.n_organisations == 10  # 8, rounded to a multiple of 5

    withdrawn = seeded.rounds[0]
    changed = benchmarks.change_consent(
        withdrawn, "private", expected_version=withdrawn.version, actor_id=None
    )
    db.session.commit()

    assert changed
    # Nothing a reader sees moves with one organisation: the snapshot stands.
    assert benchmarks.explore(query) == before
    event = db.session.execute(
        db.select(AuditEvent).filter_by(action="consent.changed")
    ).scalar_one()
    assert event.organisation_id == withdrawn.organisation_id
    assert event.details == {"previous": "anonymous", "consent": "private"}

    publish()
    after = benchmarks.explore(query)
    assert after.snapshot_id != before.snapshot_id
    assert after.table.total.n_organisations == 5  # 7, rounded
    snapshot = publishing.latest_snapshot()
    assert snapshot is not None
    counted = {r.round_id for r in publishing.published_records(snapshot, QUESTIONNAIRE)}
    assert withdrawn.id not in counted and seeded.rounds[1].id in counted


def test_a_consent_change_from_a_stale_page_is_refused(app: Flask, app_context: None) -> None:
    seeded = seed_countries({"FR": 1})
    assessment_round = seeded.rounds[0]
    stale = assessment_round.version
    benchmarks.change_consent(assessment_round, "named", expected_version=stale, actor_id=None)
    db.session.commit()

    try:
        benchmarks.change_consent(
            assessment_round, "private", expected_version=stale, actor_id=None
        )
    except benchmarks.ConsentError as error:
        assert str(error) == "stale"
    else:
        raise AssertionError("a stale consent change was accepted")
    db.session.refresh(assessment_round)
    assert assessment_round.consent == "named"


def test_the_benchmark_state_key_changes_with_each_publication_only(
    app: Flask, app_context: None
) -> None:
    seeded = seed_countries({"FR": 3})
    publish()
    before = benchmarks.state_key()
    assessment_round = seeded.rounds[0]
    benchmarks.change_consent(
        assessment_round, "private", expected_version=assessment_round.version, actor_id=None
    )
    db.session.commit()
    assert benchmarks.state_key() == before
    publish()
    assert benchmarks.state_key() != before


def test_an_organisation_asking_to_be_erased_leaves_at_the_next_refresh_and_its_records_with_it(
    app: Flask, app_context: None
) -> None:
    seeded = seed_countries({"FR": 8})
    publish()
    query = benchmarks.ExplorerQuery(QUESTIONNAIRE)
    assert benchmarks.explore(query).table.total.n_organisations == 10  # 8, rounded

    erased = seeded.organisations[0]
    erased.deletion_requested_at = utcnow()
    db.session.commit()
    assert benchmarks.explore(query).table.total.n_organisations == 10  # until the refresh
    publish()

    # Seven left (rounded to 5), unless the small groups around them withhold the total.
    assert benchmarks.explore(query).table.total.n_organisations in (5, None)
    snapshot = publishing.latest_snapshot()
    assert snapshot is not None
    assert erased.id not in {
        r.organisation_id for r in publishing.published_records(snapshot, QUESTIONNAIRE)
    }
