"""Who may see a country against all organisations, asked over HTTP as each would ask.

Only the country's national coordinators (and administrators) see its comparison, on
the page and as a PDF; another country's coordinator, an agency's coordinator of that
very country and an anonymous visitor are refused, and are given neither a figure nor
a queued report. The allowed coordinator's view is checked first, so that a refusal
is never a page that simply lacks the section.
"""

from __future__ import annotations

from flask import Flask

from assessment.core.extensions import db
from assessment.reports.models import ReportJob
from tests.fixtures.benchmarks import (
    QUESTIONNAIRE,
    add_organisation,
    publish,
    seed_countries,
    signed_in_client,
    user_with_role,
)

PAGE, REPORT = "/national/FR/", "/national/FR/report?lang=en"
SECTION = f'id="compare-{QUESTIONNAIRE}"'
HEADING = "France against all organisations"


def _world(app: Flask) -> None:
    with app.app_context():
        seed_countries({"FR": 15, "CA": 15, "PT": 15})
        publish()
        french_agency = add_organisation("fr-own", "FR", name="French Agency")
        db.session.commit()
        user_with_role("national.fr@example.org", "national_coordinator", country="FR")
        user_with_role("national.ca@example.org", "national_coordinator", country="CA")
        user_with_role("coordinator.fr@example.org", "organisation_coordinator",
                       organisation=french_agency)  # fmt: skip
        user_with_role("admin@example.org", "admin")


def _jobs(app: Flask) -> int:
    with app.app_context():
        return len(db.session.execute(db.select(ReportJob)).scalars().all())


def test_the_countrys_coordinator_and_an_administrator_see_the_comparison(app: Flask) -> None:
    _world(app)
    for email in ("national.fr@example.org", "admin@example.org"):
        page = signed_in_client(app, email).get(PAGE)
        assert page.status_code == 200
        assert SECTION in page.text and HEADING in page.text


def test_another_countrys_coordinator_an_agency_coordinator_and_a_stranger_are_refused(
    app: Flask,
) -> None:
    _world(app)
    attackers = {
        "another country's coordinator": signed_in_client(app, "national.ca@example.org"),
        "an agency coordinator of the country": signed_in_client(app, "coordinator.fr@example.org"),
        "anonymous": app.test_client(),
    }
    for who, client in attackers.items():
        for path in (PAGE, REPORT, "/national/fr/"):
            answer = client.get(path)
            assert answer.status_code in (302, 403, 404), (who, path, answer.status_code)
            if answer.status_code == 302:  # the stranger is sent to sign in, nothing more
                assert "/account/sign-in" in answer.headers["Location"], who
            assert HEADING not in answer.text and SECTION not in answer.text, (who, path)
    assert _jobs(app) == 0  # no refused request queued a report
