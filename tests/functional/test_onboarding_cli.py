"""The operators' onboarding commands: create-organisation and invite, one by one or from CSV."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from assessment.accounts.links import AccountLink
from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from tests.fixtures.mail import Mailbox


def _organisations(app: Flask) -> dict[str, Organisation]:
    with app.app_context():
        found = db.session.execute(db.select(Organisation)).scalars().all()
        return {o.slug: o for o in found}


def test_an_organisation_is_created_with_the_benchmark_fields(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["create-organisation", "Ministère de la Santé", "--country", "fr", "--level",
              "national", "--sector", "health", "--size", "1000-4999", "--parent", "Gouvernement"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    organisation = _organisations(app)["ministere-de-la-sante"]
    assert (organisation.country, organisation.sector, organisation.size_band,
            organisation.parent_body) == ("FR", "health", "1000-4999", "Gouvernement")  # fmt: skip


def test_a_csv_file_creates_all_or_nothing(app: Flask, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        "name,country,government_level,sector,size_band,parent_body\n"
        "Agency One,CA,national,health,50-249,Health Canada\n"
        "Agency Two,CA,regional,education,1-49,\n"
    )
    result = app.test_cli_runner().invoke(args=["create-organisation", "--csv", str(good)])
    assert result.exit_code == 0, result.output
    assert {"agency-one", "agency-two"} <= set(_organisations(app))

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name,country,government_level,sector,size_band\n"
        "Agency Three,CA,national,health,50-249\n"
        "Agency Four,XX,national,health,50-249\n"
    )
    result = app.test_cli_runner().invoke(args=["create-organisation", "--csv", str(bad)])
    assert result.exit_code != 0
    assert "line 3" in result.output and "XX" in result.output
    assert "agency-three" not in _organisations(app)


def test_invite_sends_an_invitation_for_any_role(
    app: Flask, mailbox: Mailbox, tmp_path: Path
) -> None:
    runner = app.test_cli_runner()
    created = runner.invoke(
        args=["create-organisation", "Agency One", "--country", "CA", "--level", "national",
              "--sector", "health", "--size", "1-49"]
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    result = runner.invoke(
        args=["invite", "nc@gov.ca", "--role", "national_coordinator", "--country", "CA",
              "--base-url", "https://assess.example"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "https://assess.example/account/invitation/" in mailbox.last_to("nc@gov.ca").get_content()
    )

    people = tmp_path / "people.csv"
    people.write_text(
        "email,role,organisation,country,language,name\n"
        "coord@one.ca,organisation_coordinator,agency-one,,fr,Camille\n"
        "analyst@opsi.example,analyst,,,en,\n"
    )
    result = runner.invoke(args=["invite", "--csv", str(people)])
    assert result.exit_code == 0, result.output
    assert "2 invitations sent" in result.output
    assert mailbox.last_to("coord@one.ca") and mailbox.last_to("analyst@opsi.example")

    missing = runner.invoke(args=["invite", "x@one.ca", "--role", "organisation_coordinator",
                                  "--organisation", "nowhere"])  # fmt: skip
    assert missing.exit_code != 0 and "nowhere" in missing.output
    with app.app_context():
        assert len(db.session.execute(db.select(AccountLink)).scalars().all()) == 3
