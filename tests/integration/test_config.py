"""Configuration: defaults, then environment, then test overrides; safe production start."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment import create_app
from assessment.core import config


def test_production_without_a_secret_key_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("ENVIRONMENT", "production")
    with pytest.raises(config.ConfigurationError, match="SECRET_KEY is not set"):
        create_app({"DATABASE_URL": "sqlite://"})


PRODUCTION = {
    "ENVIRONMENT": "production",
    "SECRET_KEY": "a-long-production-secret",
    "SERVER_NAME": "assessment.example.org",
    "MAIL_SERVER": "smtp.example.org",
}


def _production(monkeypatch: pytest.MonkeyPatch, **changes: str) -> None:
    for name, value in {**PRODUCTION, **changes}.items():
        if value:
            monkeypatch.setenv(name, value)
        else:
            monkeypatch.delenv(name, raising=False)


def test_production_with_safe_settings_uses_secure_cookies_and_https_links(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _production(monkeypatch)
    app = create_app({"DATABASE_URL": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SECRET_KEY"] == "a-long-production-secret"
    with app.test_request_context("/", headers={"Host": "evil.example"}):
        from flask import url_for

        assert url_for("main.home", _external=True) == "https://assessment.example.org/"


@pytest.mark.parametrize(
    ("missing", "said"),
    [
        ("SERVER_NAME", "SERVER_NAME is not set"),
        ("MAIL_SERVER", "MAIL_SERVER is not set"),
    ],
)
def test_production_refuses_each_unsafe_setting_in_one_line(
    monkeypatch: pytest.MonkeyPatch, missing: str, said: str
) -> None:
    _production(monkeypatch, **{missing: ""})
    with pytest.raises(config.ConfigurationError, match=said) as refused:
        create_app({"DATABASE_URL": "sqlite://"})
    assert str(refused.value).count("\n- ") == 1


def test_production_may_keep_mail_in_the_outbox_when_told_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _production(monkeypatch, MAIL_SERVER="", MAIL_OUTBOX_IN_PRODUCTION="true")
    assert create_app({"DATABASE_URL": "sqlite://"}).config["MAIL_OUTBOX_IN_PRODUCTION"]


def test_development_generates_a_secret_key_once_and_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    first = create_app({"DATABASE_URL": "sqlite://"}).config["SECRET_KEY"]
    second = create_app({"DATABASE_URL": "sqlite://"}).config["SECRET_KEY"]
    assert len(first) == 64
    assert first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_without_database_url_the_database_is_sqlite_in_the_instance_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/assessment.sqlite3"


def test_test_overrides_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIN_GROUP_SIZE", "7")
    assert (
        create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"}).config["MIN_GROUP_SIZE"] == 7
    )
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x", "MIN_GROUP_SIZE": 4})
    assert app.config["MIN_GROUP_SIZE"] == 4


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_postgresql_urls_use_the_installed_driver(given: str, expected: str) -> None:
    assert config.normalise_database_url(given) == expected


def test_request_bodies_and_sessions_are_bounded() -> None:
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"})
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() <= 8 * 3600
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
