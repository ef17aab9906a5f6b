"""The cache shared by worker processes, on a real Redis server."""

from __future__ import annotations

import time
import uuid

import redis
from flask import Flask

from assessment.benchmarks import cache as benchmark_cache
from assessment.core.cache import SharedCache, shared_cache
from tests.fixtures.journeys import DEMO_PASSWORD
from tests.fixtures.redis import free_port
from tests.fixtures.web import sign_in

TABLE = {"cells": [("FR", 12), ("CA", None)], "rules": (5, 10, 3)}


def test_a_value_put_by_one_process_is_read_by_another(redis_url: str) -> None:
    SharedCache(redis_url, "secret").put("table", TABLE, ttl_seconds=30)
    assert SharedCache(redis_url, "secret").get("table") == TABLE
    assert SharedCache(redis_url, "secret").get("another table") is None


def test_an_entry_of_another_installation_or_an_altered_one_is_a_miss(redis_url: str) -> None:
    mine = SharedCache(redis_url, "secret")
    mine.put("altered", TABLE, ttl_seconds=30)
    assert SharedCache(redis_url, "another secret").get("altered") is None
    server = redis.Redis.from_url(redis_url)
    name = mine._name("altered")
    stored = server.get(name)
    assert isinstance(stored, bytes)
    server.set(name, stored[:-1] + bytes([stored[-1] ^ 1]))
    assert mine.get("altered") is None
    server.set(name, b"short")
    assert mine.get("altered") is None


def test_entries_expire(redis_url: str) -> None:
    cache = SharedCache(redis_url, "secret")
    cache.put("brief", TABLE, ttl_seconds=0.2)
    assert cache.get("brief") == TABLE
    time.sleep(0.4)
    assert cache.get("brief") is None


def test_without_a_server_the_cache_is_skipped_without_an_error() -> None:
    cache = SharedCache(f"redis://127.0.0.1:{free_port()}/0", "secret")
    cache.put("table", TABLE, ttl_seconds=30)
    assert cache.get("table") is None
    started = time.monotonic()
    assert cache.get("table") is None  # paused after the failure: no new attempt
    assert time.monotonic() - started < 0.2


def test_a_benchmark_table_computed_in_one_worker_serves_the_others(
    app: Flask, redis_url: str
) -> None:
    computed: list[int] = []

    def compute() -> dict[str, object]:
        computed.append(1)
        return TABLE

    app.config["REDIS_URL"] = redis_url
    try:
        with app.app_context():
            assert shared_cache() is not None
            benchmark_cache.clear()
            # The Redis server lives for the whole session, which runs this test once per
            # database: a state of its own keeps the first run's entry from answering.
            state = uuid.uuid4().hex
            key = ("table", "leadership-mindsets", ("country",), state)
            assert benchmark_cache.table(key, compute) == TABLE
            benchmark_cache.clear()  # as another worker process, with nothing in memory
            assert benchmark_cache.table(key, compute) == TABLE
            assert len(computed) == 1
            other_state = ("table", "leadership-mindsets", ("country",), state + "-next")
            assert benchmark_cache.table(other_state, compute) == TABLE
            assert len(computed) == 2
    finally:
        app.config["REDIS_URL"] = ""
        benchmark_cache.clear()


def test_the_quality_page_is_served_with_a_shared_cache(app: Flask, redis_url: str) -> None:
    # Its figures once held a read-only mapping that Redis could not store: HTTP 500.
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "40"])
    assert result.exit_code == 0, result.output
    app.config["REDIS_URL"] = redis_url
    try:
        with app.app_context():
            benchmark_cache.clear()
        client = app.test_client()
        sign_in(client, "analyst@demo.example", DEMO_PASSWORD)
        first = client.get("/analyst/quality")
        with app.app_context():
            benchmark_cache.clear()  # as another worker: read back from Redis
        second = client.get("/analyst/quality")
        assert first.status_code == 200 and second.status_code == 200
        assert first.text.count("<td") > 0 and first.text.count("<td") == second.text.count("<td")
    finally:
        app.config["REDIS_URL"] = ""
        with app.app_context():
            benchmark_cache.clear()
