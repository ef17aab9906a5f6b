"""Every host must sign with the same secret key: a fingerprint in the database says so.

Sessions, CSRF tokens and reminder links signed on one host are checked on another; a
host with another key would reject them all, one request in N. So the first request
a process serves compares a keyed hash of its ``SECRET_KEY`` (an HMAC: the key itself
is never stored) with the one recorded in the database by the first host that started,
and a host that disagrees refuses to serve, saying why in its log and on ``/health``.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import socket
from datetime import datetime

from flask import Flask, abort, current_app, request
from sqlalchemy import String
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from assessment.core.extensions import db
from assessment.core.types import UTCDateTime, utcnow

log = logging.getLogger(__name__)
SETTING = "secret_key_fingerprint"
HEALTH_ENDPOINT = "main.health"


class InstanceSetting(db.Model):  # type: ignore[name-defined]
    """A fact the whole installation shares, whatever host reads it."""

    __tablename__ = "instance_settings"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class KeyMismatchError(RuntimeError):
    """The SECRET_KEY of this host is not the one the others use."""


def fingerprint(secret_key: str) -> str:
    """A keyed hash of ``secret_key``: equal for equal keys, and telling nothing of the key."""
    return hmac.new(
        secret_key.encode(), b"innovation-maturity secret key fingerprint", hashlib.sha256
    ).hexdigest()


def check() -> str:
    """Compare this app's key with the recorded one (recording it the first time).

    Returns "" when they agree (or the table is not migrated yet), else the problem.
    """
    mine = fingerprint(str(current_app.config["SECRET_KEY"]))
    try:
        recorded = db.session.get(InstanceSetting, SETTING)
        if recorded is None:
            value = f"{mine} {socket.gethostname()[:200]}"
            db.session.add(InstanceSetting(name=SETTING, value=value))
            db.session.commit()
            return ""
        db.session.rollback()
    except IntegrityError:  # another host recorded it at the same moment
        db.session.rollback()
        return check()
    except SQLAlchemyError:  # not migrated yet, or the database is away: not this check's call
        db.session.rollback()
        return ""
    theirs, _, host = recorded.value.partition(" ")
    if hmac.compare_digest(theirs, mine):
        return ""
    return (
        "SECRET_KEY differs from the key the other hosts of this installation use (its"
        f" fingerprint was recorded by {host or 'another host'} on"
        f" {recorded.updated_at:%Y-%m-%d %H:%M} UTC). Give every web server and worker the"
        " same SECRET_KEY; sessions and links signed elsewhere fail here until then."
    )


def require_shared_key() -> None:
    """Stop with a clear error when this host's key is not the installation's."""
    problem = check()
    if problem:
        raise KeyMismatchError(problem)


def init_app(app: Flask) -> None:
    """Check the key once per process, before its first request."""
    state = {"checked": False}

    def check_once() -> None:
        # /health answers whatever the key: it is where an operator reads the problem.
        if state["checked"] or request.endpoint == HEALTH_ENDPOINT:
            return
        problem = check()
        if problem:
            log.critical(problem)
            abort(503)
        state["checked"] = True

    app.before_request(check_once)
