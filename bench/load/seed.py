"""Prepare a database for a real-server run: create it, migrate it, open a round.

Everything goes through the same services the views call (rounds, invitations), so the
data is what a coordinator would have produced through the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.engine import make_url

SECRET_KEY = "real-server-harness-secret-key-not-for-production"  # noqa: S105 - test data
QUESTIONNAIRE = "leadership-mindsets"
ROLE = "staff"


@dataclass(frozen=True)
class Seeded:
    url: str
    round_id: int
    tokens: dict[str, int]  # link token -> invitation id


def postgres_reachable(url: str, timeout: int = 3) -> str:
    """Return '' when PostgreSQL at ``url`` answers, else the reason it does not."""
    import psycopg

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        psycopg.connect(plain, connect_timeout=timeout).close()
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
    return ""


def recreate_postgres_database(server_url: str, name: str) -> str:
    """Drop and create database ``name`` on the server of ``server_url``; return its URL."""
    from assessment.core.config import normalise_database_url

    url = make_url(normalise_database_url(server_url))
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(url: str) -> None:
    """Drop the database ``url`` names (closing its connections first), if it exists."""
    from assessment.core.config import normalise_database_url

    target = make_url(normalise_database_url(url))
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin.dispose()


def prepare(
    url: str,
    respondents: int,
    *,
    questionnaire: str = QUESTIONNAIRE,
    roles: tuple[str, ...] = (ROLE,),
) -> Seeded:
    """Migrate the empty database at ``url`` and open a round with ``respondents`` links.

    Respondents take the ``roles`` in turn (a partner answers fewer questions than staff).
    """
    from flask_migrate import upgrade

    from assessment import create_app
    from assessment.accounts import services as accounts
    from assessment.accounts.organisations import Organisation
    from assessment.core.extensions import db
    from assessment.core.types import utcnow
    from assessment.demo import seeding as demo
    from assessment.survey import invitations, rounds
    from assessment.survey import links as tokens

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY})
    with app.app_context():
        upgrade()
    with app.test_request_context():
        demo.seed_organisations(1)
        demo.seed_accounts()
        coordinator = accounts.find_user("coordinator@demo.example")
        assert coordinator is not None
        organisation = db.session.execute(
            db.select(Organisation).filter_by(slug=demo.DEMO_SLUG)
        ).scalar_one()
        now = utcnow()
        draft = rounds.RoundDraft(
            title="Load round",
            unit_assessed="Whole agency",
            questionnaire_ids=(questionnaire,),
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=14),
            time_zone="UTC",
            consent="anonymous",
        )
        assessment_round = rounds.create_round(organisation, draft, actor_id=coordinator.id)
        links = {}
        for number in range(respondents):
            invitation = invitations.invite(
                assessment_round,
                f"respondent{number:04d}@load.example",
                roles[number % len(roles)],
                language="en",
                actor_id=coordinator.id,
            )
            links[tokens.link_token(invitation.id, invitation.link_nonce)] = invitation.id
        db.session.commit()
        round_id = assessment_round.id
        db.session.remove()
        db.engine.dispose()
    return Seeded(url, round_id, links)


def stored_answers(url: str) -> dict[int, dict[tuple[str, str], str]]:
    """Answers in the database: invitation id -> {(questionnaire, item): code}."""
    from assessment.core.config import normalise_database_url

    engine = sa.create_engine(normalise_database_url(url))
    query = sa.text(
        "SELECT r.invitation_id, a.questionnaire_id, a.item_id, a.code "
        "FROM answers a JOIN responses r ON r.id = a.response_id"
    )
    found: dict[int, dict[tuple[str, str], str]] = {}
    with engine.connect() as connection:
        for invitation_id, questionnaire_id, item_id, code in connection.execute(query):
            found.setdefault(invitation_id, {})[(questionnaire_id, item_id)] = code
    engine.dispose()
    return found


def half_written(url: str) -> list[str]:
    """Responses whose version disagrees with their answers' revisions.

    Every save bumps the response's version and writes one answer revision in the same
    transaction (and a submit bumps the version once), so ``version == 1 + sum of
    revisions (+1 if submitted)``. A transaction cut in half would break the equation.
    """
    from assessment.core.config import normalise_database_url

    engine = sa.create_engine(normalise_database_url(url))
    query = sa.text(
        "SELECT r.id, r.version, r.status, COALESCE(SUM(a.revision), 0) "
        "FROM responses r LEFT JOIN answers a ON a.response_id = r.id "
        "GROUP BY r.id, r.version, r.status"
    )
    broken = []
    with engine.connect() as connection:
        for response_id, version, status, revisions in connection.execute(query):
            expected = 1 + int(revisions) + (1 if status == "submitted" else 0)
            if version != expected:
                broken.append(f"response {response_id}: version {version}, expected {expected}")
    engine.dispose()
    return broken
