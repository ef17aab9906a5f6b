"""Rate limits hold across gunicorn workers and their restarts when kept in Redis.

A real gunicorn: three wrong passwords (or three unknown invitation links) use up a
limit of three a minute, then every worker is killed and replaced. With Redis
(``REDIS_URL``, two workers) the new workers still refuse the next attempt; with the
in-memory default (one worker, the most production allows) the new worker starts
counting again, which is why production sets ``REDIS_URL``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bench.load import respondent, seed
from bench.load.server import APP, CONFIG, GUNICORN, PROJECT_ROOT, Gunicorn


def wrong_password(browser: respondent.Browser) -> int:
    page = browser.request("GET", "/account/sign-in", "sign-in page")
    token = respondent.csrf_token(page.body)
    assert token, "the sign-in page has no CSRF token"
    form = {"csrf_token": token, "email": "someone@example.org", "password": "x"}
    return browser.request("POST", "/account/sign-in", "sign-in", form).status


def unknown_link(browser: respondent.Browser, n: int) -> int:
    return browser.request("GET", f"/respond/guess-{n}/", "unknown link").status


def replace_every_worker(server: Gunicorn) -> None:
    replaced = set(server.worker_pids())
    for pid in replaced:
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while not (replaced.isdisjoint(server.worker_pids()) and server.wait_for_workers()):
        assert time.monotonic() < deadline, server.log()
        time.sleep(0.1)


def environment(storage: str, redis_url: str, tmp_path: Path) -> dict[str, str]:
    database = seed.prepare(f"sqlite:///{tmp_path / 'limits.sqlite3'}", 1)
    return {
        "ENVIRONMENT": "production",
        "DATABASE_URL": database.url,
        "SECRET_KEY": seed.SECRET_KEY,
        "SIGN_IN_RATE_LIMIT": "3 per minute",
        "LINK_RATE_LIMIT": "3 per minute",
        "REDIS_URL": redis_url if storage == "redis" else "",
    }


@pytest.mark.slow
def test_production_refuses_rate_limits_in_the_memory_of_several_workers(tmp_path: Path) -> None:
    database = seed.prepare(f"sqlite:///{tmp_path / 'limits.sqlite3'}", 1)
    environ = {"ENVIRONMENT": "production", "DATABASE_URL": database.url, "REDIS_URL": ""}
    server = Gunicorn(APP, tmp_path / "gunicorn.log", {**environ, "SECRET_KEY": "x"}, workers=2)
    result = subprocess.run(
        [str(GUNICORN), "--config", str(CONFIG), APP],
        env=server.environ,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "2 workers would keep rate limits in memory" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(("storage", "after_restart"), [("redis", 429), ("memory", 200)])
def test_a_used_up_sign_in_limit_survives_every_worker_being_replaced_only_in_redis(
    storage: str, after_restart: int, redis_url: str, tmp_path: Path
) -> None:
    environ = environment(storage, redis_url, tmp_path)
    # Production allows memory storage with one worker only (see the test above).
    workers = 2 if storage == "redis" else 1
    with Gunicorn(APP, tmp_path / "gunicorn.log", environ, workers=workers) as server:
        browser = respondent.Browser(server.url)
        assert [wrong_password(browser) for _ in range(3)] == [200, 200, 200]
        replace_every_worker(server)
        assert wrong_password(browser) == after_restart


@pytest.mark.slow
@pytest.mark.parametrize(("storage", "after_restart"), [("redis", 429), ("memory", 404)])
def test_unknown_links_are_counted_across_worker_restarts_only_in_redis(
    storage: str, after_restart: int, redis_url: str, tmp_path: Path
) -> None:
    environ = environment(storage, redis_url, tmp_path)
    # Production allows memory storage with one worker only (see the test above).
    workers = 2 if storage == "redis" else 1
    with Gunicorn(APP, tmp_path / "gunicorn.log", environ, workers=workers) as server:
        browser = respondent.Browser(server.url)
        assert [unknown_link(browser, n) for n in range(3)] == [404, 404, 404]
        replace_every_worker(server)
        assert unknown_link(browser, 3) == after_restart
