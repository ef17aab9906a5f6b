"""Serving in production: `make serve`, gunicorn.conf.py and the proxy in front."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from assessment import create_app

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def environment(**values: str) -> dict[str, str]:
    """This process's environment without the platform's settings, plus ``values``."""
    cleared = {"DATABASE_URL", "SECRET_KEY", "ENVIRONMENT", "MAKEFLAGS", "MAKELEVEL"}
    return {k: v for k, v in os.environ.items() if k not in cleared} | values


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({}, "DATABASE_URL SECRET_KEY"),
        ({"SECRET_KEY": "long-random-value"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgresql://db.example/assessment"}, "SECRET_KEY"),
    ],
)
def test_make_serve_refuses_to_start_production_without_its_settings(
    given: dict[str, str], missing: str
) -> None:
    result = subprocess.run(
        ["make", "--no-print-directory", "serve"],
        cwd=PROJECT_ROOT,
        env=environment(**given),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert f"refusing to start in production, not set: {missing}." in result.stderr
    assert "gunicorn" not in result.stdout  # it stopped before installing or serving


def test_gunicorn_refuses_production_without_a_database_url() -> None:
    result = subprocess.run(
        [
            str(GUNICORN),
            "--config",
            "gunicorn.conf.py",
            "--check-config",
            "assessment:create_app()",
        ],
        cwd=PROJECT_ROOT,
        env=environment(ENVIRONMENT="production", SECRET_KEY="long-random-value"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "Refusing to start in production: DATABASE_URL is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_gunicorn_accepts_the_configuration_and_builds_the_app(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            str(GUNICORN),
            "--config",
            "gunicorn.conf.py",
            "--check-config",
            "assessment:create_app()",
        ],
        cwd=PROJECT_ROOT,
        env=environment(
            ENVIRONMENT="production",
            SECRET_KEY="long-random-value",
            DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
            SERVER_NAME="assessment.example.org",
            MAIL_SERVER="smtp.example.org",
            WEB_CONCURRENCY="3",
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def _seen_by_the_app(hops: int, headers: dict[str, str]) -> dict[str, Any]:
    """What the app's WSGI layer sees of a request that came through ``hops`` proxies."""
    app = create_app(
        {"DATABASE_URL": "sqlite://", "SECRET_KEY": "proxy-test", "PROXY_FIX_HOPS": hops}
    )
    seen: dict[str, Any] = {}

    def probe(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.update(environ)
        start_response("204 No Content", [])
        return []

    if isinstance(app.wsgi_app, ProxyFix):
        app.wsgi_app.app = probe
    else:
        app.wsgi_app = probe  # type: ignore[method-assign]
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "HTTP_HOST": "127.0.0.1:8000",
        **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()},
    }
    app.wsgi_app(environ, lambda *_args: None)
    return seen


FORWARDED = {
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "assess.example.org",
}


def test_behind_one_proxy_the_app_sees_the_client_address_and_https() -> None:
    seen = _seen_by_the_app(1, FORWARDED)
    assert seen["REMOTE_ADDR"] == "203.0.113.7"
    assert seen["wsgi.url_scheme"] == "https"
    assert seen["HTTP_HOST"] == "assess.example.org"


def test_without_proxy_fix_forwarded_headers_are_not_trusted() -> None:
    seen = _seen_by_the_app(0, FORWARDED)
    assert seen["REMOTE_ADDR"] == "127.0.0.1"
    assert seen["wsgi.url_scheme"] == "http"
