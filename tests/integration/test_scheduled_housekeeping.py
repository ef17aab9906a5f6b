"""Scheduled work is on the queue's scheduler; dead links and tokens are pruned there."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask

from assessment.accounts import services as accounts
from assessment.accounts.api_tokens import ApiToken
from assessment.accounts.links import INVITATION, PASSWORD_RESET, AccountLink
from assessment.accounts.scheduled import prune_dead_links_and_tokens
from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.tasks import queue


def due_at(moment: datetime) -> set[str]:
    """The names of the scheduled tasks the workers' scheduler runs at ``moment`` (UTC)."""
    naive = moment.astimezone(UTC).replace(tzinfo=None)  # Huey's schedule runs in UTC
    return {task.name for task in queue().huey.read_periodic(naive)}


def test_reminders_and_pruning_are_on_the_queues_scheduler(app: Flask, app_context: None) -> None:
    day = datetime(2026, 3, 2, tzinfo=UTC)
    hourly = {"survey.reminders-before-closing": 7, "reports.prune": 23}
    nightly = {"accounts.prune-sessions": 41, "accounts.prune-dead-links": 43}
    for name, minute in nightly.items():
        assert {name, "tasks.process-due"} <= due_at(day.replace(hour=3, minute=minute))
        assert name not in due_at(day.replace(hour=4, minute=minute))  # once a night
    for name, minute in hourly.items():
        for hour in (0, 13):
            assert {name, "tasks.process-due"} <= due_at(day.replace(hour=hour, minute=minute))
    # Any other minute: the "process what is due" pass, none of the above.
    assert "tasks.process-due" in due_at(day.replace(hour=5, minute=30))
    assert not due_at(day.replace(hour=5, minute=30)) & (set(hourly) | set(nightly))


def link(purpose: str, email: str, *, expires: timedelta, **ended: datetime) -> AccountLink:
    digest = f"{email}-{purpose}".ljust(64, "0")[:64]
    row = AccountLink(purpose=purpose, token_digest=digest, email=email,
                      expires_at=utcnow() + expires, **ended)  # fmt: skip
    db.session.add(row)
    return row


def test_links_and_tokens_dead_for_thirty_days_are_pruned_and_no_others(
    app: Flask, app_context: None
) -> None:
    now = utcnow()
    owner = accounts.create_user("owner@example.org", "correct horse battery")
    long_ago = now - timedelta(days=40)
    gone = [
        link(INVITATION, "used@example.org", expires=timedelta(days=-33), used_at=long_ago),
        link(INVITATION, "expired@example.org", expires=timedelta(days=-31)),
        link(
            PASSWORD_RESET, "revoked@example.org", expires=timedelta(days=-35), revoked_at=long_ago
        ),  # fmt: skip
    ]
    kept = [
        link(INVITATION, "pending@example.org", expires=timedelta(days=5)),
        # Expired lately: still listed, so that it can be sent again.
        link(INVITATION, "lately@example.org", expires=timedelta(days=-3)),
        link(
            INVITATION,
            "joined@example.org",
            expires=timedelta(days=2),
            used_at=now - timedelta(days=5),
        ),  # fmt: skip
    ]
    tokens = [
        ApiToken(
            user_id=owner.id,
            name=name,
            prefix=name[:8],
            token_hash=name.ljust(64, "0"),
            expires_at=now + expires,
            revoked_at=revoked,
        )  # fmt: skip
        for name, expires, revoked in (
            ("revoked-long-ago", timedelta(days=300), long_ago),
            ("expired-long-ago", timedelta(days=-45), None),
            ("live", timedelta(days=300), None),
            ("revoked-lately", timedelta(days=300), now - timedelta(days=1)),
        )
    ]
    db.session.add_all(tokens)
    db.session.commit()
    kept_ids = {row.id for row in kept}

    assert prune_dead_links_and_tokens() == len(gone) + 2
    assert set(db.session.execute(db.select(AccountLink.id)).scalars()) == kept_ids
    assert set(db.session.execute(db.select(ApiToken.name)).scalars()) == {"live", "revoked-lately"}
    assert prune_dead_links_and_tokens() == 0  # a second worker's run finds nothing
