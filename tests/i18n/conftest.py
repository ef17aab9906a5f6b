"""The app in the pseudo-locale: its own catalogue and definitions, pointed at by configuration.

Nothing in the app exists for these tests: the pseudo-locale reaches it only through
the settings any installation has (BABEL_TRANSLATION_DIRECTORIES, QUESTIONNAIRE_
DEFINITIONS, whose languages.yaml gives LANGUAGES). The app has its own SQLite
database, filled once with the demo data of the access-matrix test, and is shared by
the tests of this folder, which only read (or add their own invitations).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask

from assessment import create_app
from questionnaires import DEFINITIONS_DIR
from tests.i18n.pseudo import PROJECT, PSEUDO, build_catalogue, build_definitions


@dataclass(frozen=True)
class PseudoWorld:
    """The pseudo app and what its tests need to name: ids, links and the stored data."""

    app: Flask
    values: dict[str, object]
    # Whole strings the platform stores or quotes: names, titles, addresses, comments.
    data: frozenset[str] = field(default_factory=frozenset)


@pytest.fixture(scope="session")
def pseudo_folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The pseudo catalogue (next to the real ones) and definitions with pseudo texts."""
    root = tmp_path_factory.mktemp("pseudo-locale")
    translations = root / "translations"
    build_catalogue(translations)
    definitions = build_definitions(root / "definitions", DEFINITIONS_DIR)
    return translations, definitions


def _account_links() -> dict[str, str]:
    """A live link of each purpose, so that the pages they open are read, not refused."""
    from assessment.accounts import links
    from assessment.accounts.services import find_user
    from assessment.core.extensions import db

    user = find_user("coordinator@demo.example")
    assert user is not None
    secrets = {}
    for purpose, email in (
        (links.INVITATION, "newcomer@agency.example"),
        (links.PASSWORD_RESET, user.email),
        (links.EMAIL_CHANGE, "new-address@agency.example"),
    ):
        link = links.AccountLink(purpose=purpose, email=email, language=PSEUDO)
        if purpose == links.INVITATION:
            link.role, link.organisation_id = (
                "organisation_coordinator",
                user.role_assignments[0].organisation_id,
            )
        else:
            link.user_id = user.id
        secrets[f"{purpose}_token"] = links.issue(link)
        db.session.add(link)
    db.session.commit()
    return secrets


@pytest.fixture(scope="session")
def pseudo_world(
    pseudo_folders: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PseudoWorld]:
    """The app offering the pseudo-locale, with the demo world in its own database."""
    from flask_migrate import upgrade

    from assessment.core.extensions import db
    from tests.functional.test_access_matrix import world

    translations, definitions = pseudo_folders
    root = tmp_path_factory.mktemp("pseudo-app")
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{root / 'pseudo.sqlite3'}",
            "SECRET_KEY": "pseudo-locale-secret",
            "REPORTS_PATH": str(root / "reports"),
            "TASK_QUEUE_PATH": str(root / "tasks.sqlite3"),  # report pages only queue
            "SIGN_IN_RATE_LIMIT": "10000 per minute",
            "LINK_RATE_LIMIT": "10000 per minute",
            # Readers sign in with a password alone (two-step pages are read as pages).
            "MFA_REQUIRED_ROLES": (),
            "QUESTIONNAIRE_DEFINITIONS": str(definitions),
            "BABEL_TRANSLATION_DIRECTORIES": ";".join(
                [str(translations), str(PROJECT / "assessment" / "translations")]
            ),
        }
    )
    assert app.config["LANGUAGES"] == ("en", "fr", PSEUDO)
    with app.app_context():
        upgrade()
        values = world(app)
        values.update(_respondent_links())
        values.update(_account_links())
        data = _stored_data()
    try:
        yield PseudoWorld(app, values, data)
    finally:
        with app.app_context():
            db.engine.dispose()


def _respondent_links() -> dict[str, object]:
    """Links of the demo agency's open round: someone halfway, someone who submitted."""
    from assessment.accounts.organisations import Organisation
    from assessment.core.extensions import db
    from assessment.demo.seeding import DEMO_SLUG
    from assessment.survey import links
    from assessment.survey.models import AssessmentRound, Invitation
    from assessment.survey.responses import IN_PROGRESS, SUBMITTED, Response

    agency = db.session.execute(db.select(Organisation).filter_by(slug=DEMO_SLUG)).scalar_one()
    open_round = db.session.execute(
        db.select(AssessmentRound)
        .filter_by(organisation_id=agency.id)
        .order_by(AssessmentRound.closes_at.desc())
        .limit(1)
    ).scalar_one()

    def link(status: str) -> tuple[Invitation, str]:
        invitation = db.session.execute(
            db.select(Invitation)
            .join(Response, Response.invitation_id == Invitation.id)
            .filter(Invitation.round_id == open_round.id, Response.status == status)
            .order_by(Invitation.id)
            .limit(1)
        ).scalar_one()
        return invitation, links.link_token(invitation.id, invitation.link_nonce)

    halfway, halfway_token = link(IN_PROGRESS)
    _submitted, submitted_token = link(SUBMITTED)
    instrument = open_round.instruments[0].questionnaire_id
    from assessment.core.questionnaire_library import questionnaire

    first_item = questionnaire(instrument).items_for_role(halfway.respondent_role)[0]
    return {
        "token": halfway_token,
        "submitted_token": submitted_token,
        "respond_questionnaire_id": instrument,
        "item_id": first_item.id,
        "open_round_id": open_round.id,
    }


def _stored_data() -> frozenset[str]:
    """Every name, title, address and comment stored, and the questionnaires' citations."""
    from assessment.accounts.models import User
    from assessment.accounts.organisations import Organisation
    from assessment.core.extensions import db
    from assessment.core.questionnaire_library import library
    from assessment.survey.models import AssessmentRound, Invitation
    from assessment.survey.responses import Answer

    columns = (
        Organisation.name, Organisation.slug, AssessmentRound.title,
        AssessmentRound.unit_assessed, User.email, User.name, Invitation.email, Answer.comment,
    )  # fmt: skip
    values: set[str] = set()
    for column in columns:
        values.update(v for v in db.session.execute(db.select(column).distinct()).scalars() if v)
    for definition in library().all_versions():
        values.update(definition.sources)
    return frozenset(values)
