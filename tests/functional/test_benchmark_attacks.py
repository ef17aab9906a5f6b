"""Attacks on the benchmarks, run as an outsider would: through the API and the pages.

Each test seeds the demo data (``seed-demo --organisations N``, which publishes a
benchmark snapshot), adds what the attack of issue 18 needs (a country of eleven
agencies, ten of them named, say), and runs the attack against the HTTP API and the
pages only, with the credentials such an attacker holds. Every attack runs twice:

- protected (the platform as it ships): the attack must recover nothing;
- with the protection in question switched off through the test-only setting
  ``BENCHMARK_PROTECTIONS_OFF`` (docs/benchmarks.md, "Testing the protections"): the
  very same attack must recover the hidden value exactly, which shows that the attack
  is real and that this protection is what stops it.

The attacks are the four routes of the issue: differencing the tables around a consent
withdrawal, the percentile oracle of made-up rounds, the quality page's filters, the
national page minus the named agencies. Combining tables is in
test_benchmark_table_attacks.py.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.accounts import services as accounts
from assessment.accounts.organisations import Organisation
from assessment.benchmarks.publishing import latest_snapshot, published_records
from assessment.benchmarks.refresh import refresh_benchmarks
from assessment.core.extensions import db
from assessment.core.questionnaire_library import library
from assessment.survey.models import AssessmentRound
from assessment.survey.responses import SUBMITTED, Answer, Response
from assessment.survey.scores import ScoreSnapshot
from tests.fixtures.attacker import (
    DEMO_PASSWORD,
    ONE_FIELD,
    PROTECTED,
    QUESTIONNAIRE,
    UNPROTECTED,
    browser,
    counts_from_shares,
    national_coordinator,
    page_tables,
    seed,
    table,
    token_for,
    weaken,
)
from tests.fixtures.benchmarks import PASSWORD, add_organisation, add_result
from tests.fixtures.web import csrf_token

# The subject does not depend on the database: SQLite alone (tests/fixtures/database.py).
pytestmark = pytest.mark.sqlite_only


# --- Route 1: consent withdrawal, seen through the live tables --------------------------


def read_tables(api: FlaskClient, headers: dict[str, str]) -> dict[str, Any] | None:
    tables = {name: table(api, headers, group_by=name) for name in ONE_FIELD}
    tables["total"] = table(api, headers)
    return None if any(t is None for t in tables.values()) else tables


def differencing_attack(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What the issue's attacker learns from two readings around one withdrawal.

    In each one-field table, a group that lost exactly one organisation gives the
    organisation's value; in the total, a level that lost exactly one organisation gives
    its overall level and each dimension's level.
    """
    found: dict[str, Any] = {}
    for name in ONE_FIELD:
        old = {c["group"][name]: c["n_organisations"] for c in before[name]["cells"]}
        new = {c["group"][name]: c["n_organisations"] for c in after[name]["cells"]}
        lost = [v for v in old if v is not None and old[v] is not None and new.get(v) is not None
                and old[v] - new[v] == 1]  # fmt: skip
        if len(lost) == 1:
            found[name] = lost[0]
    old_total, new_total = before["total"]["cells"][-1], after["total"]["cells"][-1]
    measures = [("overall_level", old_total.get("overall"), new_total.get("overall"))]
    for dimension, measure in (old_total.get("dimensions") or {}).items():
        measures.append((f"level:{dimension}", measure, new_total["dimensions"].get(dimension)))
    for key, old_measure, new_measure in measures:
        if not old_measure or not new_measure:
            continue
        old_counts = counts_from_shares(
            old_measure.get("level_shares"), old_measure.get("organisations")
        )
        new_counts = counts_from_shares(
            new_measure.get("level_shares"), new_measure.get("organisations")
        )
        if old_counts is None or new_counts is None:
            continue
        changed = [level for level in range(1, 6) if old_counts[level - 1] != new_counts[level - 1]]
        if len(changed) == 1 and old_counts[changed[0] - 1] - new_counts[changed[0] - 1] == 1:
            found[key] = changed[0]
    return found


def victims(count: int) -> list[int]:
    """Anonymous agencies whose counted round has every level: the issue's 'every one tried'."""
    snapshot = latest_snapshot()
    assert snapshot is not None
    chosen = []
    for record in published_records(snapshot, QUESTIONNAIRE, counted_only=True):
        if record.named or record.overall_level is None:
            continue
        if any(level is None for _, level in record.dimensions.values()):
            continue
        chosen.append(record.round_id)
        if len(chosen) == count:
            break
    return chosen


def truth(round_id: int) -> dict[str, Any]:
    """What the attack is after: the organisation's fields and its levels."""
    organisation = db.session.get_one(AssessmentRound, round_id).organisation
    own = db.session.execute(
        db.select(ScoreSnapshot).filter_by(round_id=round_id, questionnaire_id=QUESTIONNAIRE)
    ).scalar_one()
    return {
        **{name: getattr(organisation, name) for name in ONE_FIELD},
        "overall_level": own.overall_level,
        **{f"level:{d.dimension_id}": d.level for d in own.dimensions},
    }


def withdraw(app: Flask, round_id: int, email: str) -> None:
    """The organisation's coordinator makes the round private on the round page."""
    with app.app_context():
        slug = db.session.get_one(AssessmentRound, round_id).organisation.slug
    client = browser(app, email)
    path = f"/organisations/{slug}/rounds/{round_id}/"
    page = client.get(path)
    version = re.search(r'name="version" value="(\d+)"', page.text)
    assert version is not None
    form = {"csrf_token": csrf_token(page.text), "consent": "private", "version": version.group(1)}
    response = client.post(path + "consent", data=form)
    assert response.status_code == 302


@pytest.mark.parametrize("mode", [PROTECTED, UNPROTECTED])
def test_a_consent_withdrawal_does_not_single_out_the_organisation(
    app: Flask, monkeypatch: pytest.MonkeyPatch, limits_off: None, mode: str
) -> None:
    weaken(app, monkeypatch, mode, "snapshot", "rounding", "api_scope")
    seed(app, 300)
    api = app.test_client()
    with app.app_context():
        targets = victims(3)
        assert len(targets) == 3
        coordinators = []
        for number, target in enumerate(targets):
            email = f"victim{number}@example.org"
            organisation = db.session.get_one(AssessmentRound, target).organisation
            accounts.create_user(email, PASSWORD, role="organisation_coordinator",
                                 organisation=organisation)  # fmt: skip
            coordinators.append(email)
        db.session.commit()
        expected = [truth(target) for target in targets]
        # The attacker holds an organisation coordinator's token.
        demo_agency = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        headers = token_for("coordinator@demo.example", "organisation_coordinator",
                            organisation=demo_agency)  # fmt: skip
    if mode == PROTECTED:
        assert read_tables(api, headers) is None  # benchmark tables are not for this token
        with app.app_context():  # so the attacker is an analyst instead, a stronger one
            headers = token_for("analyst@demo.example", "analyst")

    recovered = []
    for target, email, values in zip(targets, coordinators, expected, strict=True):
        before = read_tables(api, headers)
        assert before is not None
        withdraw(app, target, email)
        after = read_tables(api, headers)
        assert after is not None
        found = differencing_attack(before, after)
        if mode == PROTECTED:
            # The attacker waits for the scheduled refresh, and reads again.
            with app.app_context():
                refresh_benchmarks()
            refreshed = read_tables(api, headers)
            assert refreshed is not None
            found.update(differencing_attack(before, refreshed))
        recovered.append((found, values))

    if mode == PROTECTED:
        assert all(found == {} for found, _ in recovered), recovered
    else:
        # Each organisation's overall level and at least eight of its values, all exact
        # (a group the cube withholds around one of them may hide a field or two).
        for found, values in recovered:
            assert {key: values[key] for key in found} == found
            assert "overall_level" in found and len(found) >= 8, (found, values)


# --- Route 2: the peer position as an oracle ----------------------------------------------


def oracle_attack(positions: dict[float, dict[str, Any] | None]) -> list[float] | None:
    """The peers' scores, read from the positions of made-up rounds scoring 1.00 to 5.00.

    A position p(s) = (peers below s + half the peers at s) / peers. From each probe's
    band, the attacker works out the count below + half the ties (unique while a band
    is narrower than half an organisation), then the peers at each score. None when a
    probe got no position, or the bands are too coarse to tell.
    """
    cumulative = {}
    for score, group in positions.items():
        if group is None or group.get("withheld"):
            return None
        bands, band, peers = group["bands"], group["band"], group["peers"]
        low, high = (band - 1) / bands * peers, band / bands * peers
        halves = [k / 2 for k in range(2 * peers + 1) if low - 1e-9 <= k / 2 < high - 1e-9
                  or (band == bands and k / 2 == peers)]  # fmt: skip
        if len(halves) != 1:
            return None
        cumulative[score] = halves[0]
    found: list[float] = []
    below = 0.0
    for score in sorted(cumulative):
        ties = round(2 * (cumulative[score] - below))
        found += [score] * ties
        below += ties
    return found


@pytest.mark.parametrize("mode", [PROTECTED, UNPROTECTED])
def test_made_up_rounds_cannot_read_the_peers_scores_through_the_position(
    app: Flask, monkeypatch: pytest.MonkeyPatch, limits_off: None, mode: str
) -> None:
    weaken(app, monkeypatch, mode, "placement", "rounding")
    seed(app, 300)
    api = app.test_client()
    probes = [round(1 + step / 100, 2) for step in range(401)]
    with app.app_context():
        agency = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        snapshot = latest_snapshot()
        assert snapshot is not None
        peers = sorted(
            r.overall_score
            for r in published_records(snapshot, QUESTIONNAIRE, counted_only=True, country="CA")
            if r.organisation_id != agency.id and r.overall_score is not None
        )
        # The attacker, the demo agency's coordinator, writes private rounds that score
        # 1.00, 1.01, ... 5.00 (answering them is in the attacker's hands).
        rounds = {score: add_result(agency, score, consent="private", title=f"Probe {score}").id
                  for score in probes}  # fmt: skip
        db.session.commit()
        headers = token_for("coordinator@demo.example", "organisation_coordinator",
                            organisation=agency)  # fmt: skip
    assert 20 <= len(peers) < 50  # the country's peers: a band of 1 % is under half of one

    positions = {}
    for score, round_id in rounds.items():
        response = api.get(
            f"/api/v1/organisations/demo-agency/rounds/{round_id}/peers", headers=headers
        )
        assert response.status_code == 200
        groups = response.json["placement"][QUESTIONNAIRE]["groups"]
        positions[score] = next(g for g in groups if g["by"] == ["country"])
    recovered = oracle_attack(positions)

    if mode == PROTECTED:
        assert recovered is None
        assert all(p["reason"] == "not_placed" for p in positions.values())
    else:
        assert recovered == peers  # every peer's exact score, the lowest and highest too


# --- Route 3: the quality page's filters ---------------------------------------------------

QUALITY_COUNTS = re.compile(r"Answers of ([\d,]+) respondents? in ([\d,]+) organisations?")


def quality_figures(client: FlaskClient, **filters: str) -> dict[str, Any] | None:
    """What the quality page shows for some filters, or None when it shows nothing."""
    page = client.get("/analyst/quality", query_string={"questionnaire": QUESTIONNAIRE, **filters})
    assert page.status_code == 200
    counts = QUALITY_COUNTS.search(page.text)
    if counts is None:
        return None
    rows = next(rows for rows in page_tables(page.text).values() if rows and len(rows[0]) == 7)
    return {
        "respondents": int(counts.group(1).replace(",", "")),
        "dimensions": {row[0]: (int(row[1]), float(row[5].rstrip("%"))) for row in rows[1:]},
    }


def quality_attack(
    whole: dict[str, Any] | None, part: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The one organisation between two filters: its respondents and its "don't know"
    answers per dimension (every respondent here is asked every question)."""
    if whole is None or part is None:
        return None
    alone = whole["respondents"] - part["respondents"]
    dont_know = {}
    for title, (questions, share) in whole["dimensions"].items():
        _, part_share = part["dimensions"][title]
        slots, part_slots = whole["respondents"] * questions, part["respondents"] * questions
        dont_know[title] = round(share / 100 * slots - part_share / 100 * part_slots)
    return {"respondents": alone, "dont_know": dont_know}


def answer_as_leaders(
    assessment_round: AssessmentRound, people: int, unsure: int
) -> dict[str, int]:
    """Leaders answer every question, ``unsure`` of them (cycling) "I do not know"; the
    "don't know" answers per dimension title are returned."""
    definition = library().get(QUESTIONNAIRE)
    items = definition.items_for_role("leader")
    per_dimension: dict[str, int] = {}
    for person in range(people):
        response = Response(round_id=assessment_round.id, respondent_role="leader",
                            status=SUBMITTED, submitted_at=assessment_round.closes_at)  # fmt: skip
        db.session.add(response)
        db.session.flush()
        for number, item in enumerate(items):
            unknown = (number + person) % len(items) < unsure
            option = item.option_for_level(3)
            assert option is not None
            code = "dont_know" if unknown else option.code
            db.session.add(Answer(response_id=response.id, questionnaire_id=QUESTIONNAIRE,
                                  item_id=item.id, code=code))  # fmt: skip
            if unknown:
                title = definition.dimension(item.dimension).title.get("en")
                per_dimension[title] = per_dimension.get(title, 0) + 1
    return per_dimension


@pytest.mark.parametrize("mode", [PROTECTED, UNPROTECTED])
def test_two_quality_filters_do_not_isolate_one_organisation(
    app: Flask, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    weaken(app, monkeypatch, mode, "quality", "rounding")
    seed(app, 120)
    with app.app_context():
        # A country of eleven agencies: ten in health, one in education.
        for number in range(10):
            agency = add_organisation(f"lu-health-{number}", "LU", sector="health")
            answer_as_leaders(add_result(agency, 3.0), people=3, unsure=2)
        lone = add_organisation("lu-education", "LU", sector="education")
        lone_unsure = answer_as_leaders(add_result(lone, 3.0), people=4, unsure=7)
        db.session.commit()
        refresh_benchmarks()
        expected = {"respondents": 4, "dont_know": lone_unsure}
    analyst = browser(app, "analyst@demo.example", DEMO_PASSWORD)

    whole = quality_figures(analyst, country="LU")
    part = quality_figures(analyst, country="LU", sector="health")
    recovered = quality_attack(whole, part)

    if mode == PROTECTED:
        assert recovered is None  # the health agencies are withheld to protect the other
    else:
        found = dict(recovered or {})
        found["dont_know"] = {k: v for k, v in found.get("dont_know", {}).items() if v}
        assert found == expected


# --- Route 4: the national page minus the named agencies -----------------------------------

LEVEL = re.compile(r"^([1-5]) – ")


def national_attack(html: str) -> int | None:
    """The overall level of the one anonymous agency: the country's organisations at each
    level, less the named agencies at each level."""
    tables = page_tables(html)
    levels = tables.get(f"levels-{QUESTIONNAIRE}") or []
    by_level = tables.get(f"by-level-{QUESTIONNAIRE}") or []
    named = next((rows for rows in tables.values() if rows and len(rows[0]) == 5
                  and rows[0][0] == "Agency"), [])  # fmt: skip
    overall = next((row for row in levels if row and row[0] == "Overall"), None)
    everyone = next((row for row in by_level if row and row[0] == "All organisations"), None)
    if overall is None or everyone is None or not everyone[1].isdigit():
        return None
    if any(not cell.endswith("%") for cell in overall[1:]):
        return None  # withheld
    n = int(everyone[1])
    counts = [round(float(cell.rstrip("%")) / 100 * n) for cell in overall[1:]]
    for row in named[1:]:
        level = LEVEL.match(row[4])
        if level is not None:
            counts[int(level.group(1)) - 1] -= 1
    left = [level for level, count in enumerate(counts, 1) if count == 1]
    return left[0] if len(left) == 1 and sum(counts) == 1 else None


@pytest.mark.parametrize("mode", [PROTECTED, UNPROTECTED])
def test_named_agencies_subtracted_from_the_national_page_leave_nothing_to_read(
    app: Flask, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    weaken(app, monkeypatch, mode, "named", "rounding")
    seed(app, 120)
    with app.app_context():
        # Ten of the eleven agencies of a country chose to be named.
        for number in range(10):
            agency = add_organisation(f"mt-{number}", "MT", name=f"Named Maltese Agency {number}")
            add_result(agency, 2.0 + number / 10, consent="named")
        hidden = add_organisation("mt-hidden", "MT", name="Anonymous Maltese Agency")
        add_result(hidden, 4.4)  # level 4: the fixture's levels are whole-number bands
        db.session.commit()
        refresh_benchmarks()
        email = national_coordinator("MT")
    coordinator = browser(app, email)

    page = coordinator.get("/national/MT/")
    assert page.status_code == 200
    assert "Named Maltese Agency 3" in page.text and "Anonymous Maltese Agency" not in page.text
    recovered = national_attack(page.text)

    if mode == PROTECTED:
        assert recovered is None
    else:
        assert recovered == 4
