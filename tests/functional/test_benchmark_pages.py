"""The benchmark pages through the real app: who sees what, consent, explorer and exports."""

from __future__ import annotations

import json
import re

from flask import Flask

from assessment.accounts.organisations import Organisation
from assessment.core.audit_events import AuditEvent
from assessment.core.extensions import db
from assessment.core.questionnaire_library import library
from tests.fixtures.benchmarks import (
    QUESTIONNAIRE,
    add_answers,
    add_organisation,
    add_result,
    publish,
    seed_countries,
    signed_in_client,
    user_with_role,
)
from tests.fixtures.web import csrf_token

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)


def _seed_named_and_anonymous(app: Flask) -> None:
    with app.app_context():
        seed_countries({"FR": 15, "CA": 15, "PT": 15})
        named = add_organisation("fr-named", "FR", name="Named French Agency")
        add_result(named, 4.2, consent="named")
        hidden = add_organisation("fr-hidden", "FR", name="Anonymous French Agency")
        add_result(hidden, 4.4, consent="anonymous")
        private = add_organisation("fr-private", "FR", name="Private French Agency")
        add_result(private, 1.1, consent="private")
        abroad = add_organisation("ca-named", "CA", name="Named Canadian Agency")
        add_result(abroad, 3.3, consent="named")
        publish()
        user_with_role("national.fr@example.org", "national_coordinator", country="FR")
        user_with_role("analyst@example.org", "analyst")


def test_a_national_coordinator_sees_only_their_country_and_names_only_with_consent(
    app: Flask,
) -> None:
    _seed_named_and_anonymous(app)
    client = signed_in_client(app, "national.fr@example.org")

    page = client.get("/national/FR/")
    assert page.status_code == 200
    assert "Named French Agency" in page.text
    assert "Anonymous French Agency" not in page.text
    assert "Private French Agency" not in page.text
    assert "Named Canadian Agency" not in page.text
    assert "Agencies in France" in page.text
    assert client.get("/national/fr/").status_code == 200
    assert client.get("/national/CA/").status_code == 404
    assert client.get("/national/ZZ/").status_code == 404
    assert client.get("/analyst/explorer").status_code == 403


def test_an_analyst_may_not_open_a_national_page_but_an_admin_may(app: Flask) -> None:
    _seed_named_and_anonymous(app)
    with app.app_context():
        user_with_role("admin@example.org", "admin")
    assert signed_in_client(app, "analyst@example.org").get("/national/FR/").status_code == 403
    assert signed_in_client(app, "admin@example.org").get("/national/CA/").status_code == 200


def test_the_explorer_shows_tables_next_to_charts_without_inline_script(app: Flask) -> None:
    _seed_named_and_anonymous(app)
    client = signed_in_client(app, "analyst@example.org")

    page = client.get(f"/analyst/explorer?questionnaire={QUESTIONNAIRE}&group_by=government_level")

    assert page.status_code == 200
    assert 'id="benchmark-table"' in page.text
    figures = re.findall(
        r'<script type="application/json" id="([^"]+)">(.*?)</script>', page.text, re.S
    )
    assert {name for name, _ in figures} == {
        f"benchmark-{chart}-{layout}figure"
        for chart in ("heatmap", "levels")
        for layout in ("", "narrow-")  # each chart's phone layout travels beside it
    }
    heatmap = json.loads(dict(figures)["benchmark-heatmap-figure"])
    assert heatmap["data"][0]["type"] == "heatmap"
    assert 'src="/static/dist/plotly.min.js"' in page.text
    # The only inline script is the layout's nonce-carrying class switch.
    inline = INLINE_SCRIPT.findall(page.text)
    assert len(inline) == 1 and "nonce=" in inline[0]
    for name in ("Named French Agency", "Anonymous French Agency", "fr-hidden"):
        assert name not in page.text


def test_the_explorer_explains_a_query_it_cannot_answer(app: Flask) -> None:
    _seed_named_and_anonymous(app)
    client = signed_in_client(app, "analyst@example.org")
    page = client.get("/analyst/explorer?group_by=country&group_by=sector&period=2025")
    assert page.status_code == 400
    assert "Use at most two fields in all" in page.text
    assert page.text.count("govuk-error-summary") >= 1


def test_exports_download_the_explorer_table(app: Flask) -> None:
    _seed_named_and_anonymous(app)
    client = signed_in_client(app, "analyst@example.org")
    query = f"questionnaire={QUESTIONNAIRE}&group_by=country"

    as_json = client.get(f"/analyst/explorer/export.json?{query}")
    assert as_json.status_code == 200
    assert "attachment" in as_json.headers["Content-Disposition"]
    cells = {c["group"]["country"]: c for c in as_json.json["cells"]}
    assert cells["FR"]["n_organisations"] == 15 and cells["PT"]["n_organisations"] == 15
    as_csv = client.get(f"/analyst/explorer/export.csv?{query}")
    assert as_csv.mimetype == "text/csv" and "# rules: At least 5" in as_csv.text
    as_xlsx = client.get(f"/analyst/explorer/export.xlsx?{query}")
    assert as_xlsx.data[:2] == b"PK"
    assert client.get("/analyst/explorer/export.csv?group_by=colour").status_code == 400


def test_the_analyst_never_receives_respondent_level_rows(app: Flask) -> None:
    with app.app_context():
        seeded = seed_countries({"FR": 12, "CA": 12, "PT": 12})
        for number, assessment_round in enumerate(seeded.rounds):
            add_answers(assessment_round, people=3, seed=number)
        publish()
        user_with_role("analyst@example.org", "analyst")
        item_ids = [i.id for i in library().get(QUESTIONNAIRE).items]
        option_codes = {o.code for i in library().get(QUESTIONNAIRE).items for o in i.options}
        names = [o.name for o in db.session.execute(db.select(Organisation)).scalars()]
    assert item_ids and option_codes and len(names) == 36  # what must not show is known
    client = signed_in_client(app, "analyst@example.org")

    pages = [
        client.get(f"/analyst/quality?questionnaire={QUESTIONNAIRE}"),
        client.get(f"/analyst/explorer?questionnaire={QUESTIONNAIRE}&group_by=country"),
        client.get(f"/analyst/explorer/export.json?questionnaire={QUESTIONNAIRE}&group_by=country"),
        client.get(f"/analyst/explorer/export.csv?questionnaire={QUESTIONNAIRE}&group_by=sector"),
    ]
    assert all(p.status_code == 200 for p in pages)
    assert item_ids and option_codes and names  # what must not leak was really listed
    assert "Cronbach" in pages[0].text
    assert "110 respondents in 35 organisations" in pages[0].text  # 108 and 36, rounded
    for response in pages:
        text = response.text
        assert not any(item_id in text for item_id in item_ids)
        assert not any(f'"{code}"' in text or f">{code}<" in text for code in option_codes)
        assert not any(name in text for name in names)


def test_a_coordinator_changes_consent_on_the_round_page_and_it_applies_at_the_next_refresh(
    app: Flask,
) -> None:
    with app.app_context():
        seed_countries({"FR": 7})
        own = add_organisation("own-agency", "FR")
        assessment_round = add_result(own, 3.0)
        publish()
        round_id = assessment_round.id
        round_path = f"/organisations/own-agency/rounds/{round_id}/"
        user_with_role("coordinator@example.org", "organisation_coordinator", organisation=own)
        user_with_role("analyst@example.org", "analyst")
    coordinator = signed_in_client(app, "coordinator@example.org")
    analyst = signed_in_client(app, "analyst@example.org")
    table = f"/analyst/explorer/export.json?questionnaire={QUESTIONNAIRE}&country=FR"
    before = analyst.get(table).json
    assert before["cells"][-1]["n_organisations"] == 10  # 8, rounded

    page = coordinator.get(round_path)
    assert page.status_code == 200
    assert 'name="consent" type="radio" value="anonymous"' in page.text
    assert "Anonymous benchmark (recommended)" in page.text
    version = re.search(r'name="version" value="(\d+)"', page.text)
    assert version
    response = coordinator.post(
        round_path + "consent",
        data={
            "csrf_token": csrf_token(page.text),
            "consent": "private",
            "version": version.group(1),
        },
    )
    assert response.status_code == 302

    assert analyst.get(table).json["cells"] == before["cells"]  # until the refresh
    assert "Consent saved: Private" in coordinator.get(round_path).text
    with app.app_context():
        event = db.session.execute(
            db.select(AuditEvent).filter_by(action="consent.changed")
        ).scalar_one()
        assert event.subject == f"round {round_id}"
        publish()
    assert analyst.get(table).json["cells"][-1]["n_organisations"] == 5  # 7, rounded
    # Replaying the same (now stale) form changes nothing.
    stale = coordinator.post(
        round_path + "consent",
        data={"csrf_token": csrf_token(page.text), "consent": "named", "version": version.group(1)},
    )
    assert stale.status_code == 302
    assert "Someone else changed this round" in coordinator.get(round_path).text


def test_another_organisations_coordinator_cannot_change_consent(app: Flask) -> None:
    with app.app_context():
        own = add_organisation("own-agency", "FR")
        other = add_organisation("other-agency", "FR")
        assessment_round = add_result(other, 3.0)
        db.session.commit()
        user_with_role("coordinator@example.org", "organisation_coordinator", organisation=own)
        round_id = assessment_round.id
    client = signed_in_client(app, "coordinator@example.org")
    page = client.get("/organisations/own-agency/")
    response = client.post(
        f"/organisations/other-agency/rounds/{round_id}/consent",
        data={"csrf_token": csrf_token(page.text), "consent": "private", "version": "1"},
    )
    assert response.status_code == 404
