"""Explorer query cost against the cost of merely reading the score tables.

Builds (once, then reuses) a database with ``seed-demo --organisations N``: a SQLite
file under a cache directory, or the PostgreSQL database given with --database-url.
Then measures, as CPU time of this process, best of --rounds:

(a) a plain scan of the score tables: every row of score_snapshots (its score columns)
    and of dimension_scores, fetched;
(b) an explorer query grouped by country x level of government, as a request makes it
    (services.benchmarks.explore: the latest published snapshot, its cube read from the
    database and decoded, the slice), from a cold cache;
(c) the same query again with the cube cached (what follows until the next refresh),
    and a query over two other fields (sector x size band), cut from the same cube.

The benchmark first publishes a snapshot (refresh.refresh_benchmarks, the scheduled
job) when the database has none for its data, and prints how long that took: the work a
refresh does once is not what a reader waits for.

Prints two lines: BENCH explorer ratio=<b/a> target<=3 PASS|FAIL (cold) and
BENCH explorer-cached ratio=<c/a> target<=3 PASS|FAIL; details on stderr, with the
clock time too: on PostgreSQL the database server's work is not in this process's CPU
time.

    python bench/bench_explorer.py [--organisations N] [--rounds R] [--cache-dir DIR]
                                   [--database-url postgresql://...]

Seeding 20,000 organisations takes about two minutes on SQLite and four on PostgreSQL.
The SQLite database is kept as <cache-dir>/explorer-<N>.sqlite3 and reused by later
runs. A --database-url database is seeded when it has no organisation, reused when it
holds exactly the N demo organisations, and refused otherwise (it is never emptied).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

TARGET = 3.0
QUESTIONNAIRE = "leadership-mindsets"  # the instrument every demo organisation answers


def database(organisations: int, cache_dir: Path) -> str:
    """The seeded SQLite database for ``organisations``, built on first use (atomically)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / f"explorer-{organisations}.sqlite3"
    if target.exists():
        print(f"reusing {target}", file=sys.stderr)
        return f"sqlite:///{target}"
    partial = target.with_suffix(".partial")
    for leftover in cache_dir.glob(partial.name + "*"):
        leftover.unlink()
    print(f"seeding {organisations} organisations into {target} (once)...", file=sys.stderr)
    _seed(f"sqlite:///{partial}", organisations)
    partial.rename(target)
    return f"sqlite:///{target}"


def given_database(url: str, organisations: int) -> str:
    """The database at ``url``, seeded when empty; refused when it holds anything else."""
    app = _app(url)
    with app.app_context():
        from sqlalchemy import inspect, text

        from assessment.core.extensions import db

        held = (0, 0)
        if inspect(db.engine).has_table("organisations"):
            held = tuple(
                db.session.execute(
                    text("SELECT count(*), count(CASE WHEN is_demo THEN 1 END) FROM organisations")
                ).one()
            )
        db.session.remove()
        db.engine.dispose()
    if held == (0, 0):
        print(
            f"seeding {organisations} organisations into {_shown(url)} (once)...", file=sys.stderr
        )
        _seed(url, organisations)
    elif held == (organisations, organisations):
        print(f"reusing {_shown(url)}", file=sys.stderr)
    else:
        raise SystemExit(
            f"{_shown(url)} holds {held[0]} organisations ({held[1]} demo), not the"
            f" {organisations} demo organisations of this benchmark: give an empty database"
        )
    return url


def _seed(url: str, organisations: int) -> None:
    app = _app(url)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    started = time.monotonic()
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", str(organisations)])
    if result.exit_code != 0:
        raise SystemExit(f"seed-demo failed:\n{result.output}")
    print(f"seeded in {time.monotonic() - started:.0f} s", file=sys.stderr)
    with app.app_context():
        from sqlalchemy import text

        from assessment.core.extensions import db

        if db.engine.dialect.name == "postgresql":
            # Planner statistics, as autovacuum would gather them in time: measured
            # straight after a bulk load, PostgreSQL plans every join for one row.
            with db.engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
        db.engine.dispose()


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _app(url: str):  # type: ignore[no-untyped-def]
    os.environ.pop("DATABASE_URL", None)
    from assessment import create_app

    return create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-only-key"})


def cpu(action) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """CPU time and clock time of ``action``, with the garbage collector paused."""
    gc.collect()
    gc.disable()  # collector pauses would land at random in one phase or another
    try:
        clock = time.perf_counter()
        start = time.process_time()
        action()
        return time.process_time() - start, time.perf_counter() - clock
    finally:
        gc.enable()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3, help="best of this many timings")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(os.environ.get("BENCH_CACHE_DIR", "/tmp/innovation-maturity-bench")),
    )
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL (or other) database to use instead of the cached SQLite file",
    )
    arguments = parser.parse_args()

    if arguments.database_url:
        url = given_database(arguments.database_url, arguments.organisations)
    else:
        url = database(arguments.organisations, arguments.cache_dir)
    app = _app(url)
    with app.app_context():
        from flask_migrate import upgrade
        from sqlalchemy import text

        from assessment.benchmarks import cache as benchmark_cache
        from assessment.benchmarks import publishing, refresh
        from assessment.benchmarks import services as benchmarks
        from assessment.core.extensions import db

        upgrade()  # a database seeded by an older version gets the newer schema
        latest = publishing.latest_snapshot()
        if latest is None or latest.input_state != refresh.input_state():
            started = time.perf_counter()
            refresh.refresh_benchmarks()
            print(f"refresh: {time.perf_counter() - started:.1f} s (once)", file=sys.stderr)
        grouped = benchmarks.ExplorerQuery(QUESTIONNAIRE, ("country", "government_level"))
        other = benchmarks.ExplorerQuery(QUESTIONNAIRE, ("sector", "size_band"))

        def scan() -> None:
            db.session.execute(
                text("SELECT id, round_id, questionnaire_id, questionnaire_version,"
                     " overall_score, overall_level FROM score_snapshots")
            ).all()  # fmt: skip
            db.session.execute(
                text("SELECT snapshot_id, dimension_id, score, level FROM dimension_scores")
            ).all()

        def cold() -> None:
            benchmark_cache.clear()
            benchmarks.explore(grouped)

        phases = {
            "scan": scan,
            "cold": cold,
            "cached": lambda: benchmarks.explore(grouped),
            "other": lambda: benchmarks.explore(other),  # its table is not cached yet
        }
        best = {name: (float("inf"), float("inf")) for name in phases}
        for _ in range(arguments.rounds):
            for name, action in phases.items():
                spent = cpu(action)
                best[name] = (min(best[name][0], spent[0]), min(best[name][1], spent[1]))
            benchmark_cache.clear()
            db.session.rollback()
        exploration = benchmarks.explore(grouped)
        table = exploration.table
        snapshots = db.session.execute(text("SELECT count(*) FROM score_snapshots")).scalar()
        rows = db.session.execute(text("SELECT count(*) FROM dimension_scores")).scalar()
        backend = db.engine.dialect.name

    (scan_s, scan_clock), (cold_s, cold_clock) = best["scan"], best["cold"]
    (cached_s, cached_clock), (other_s, other_clock) = best["cached"], best["other"]
    print(
        f"{backend}, {arguments.organisations} organisations: {snapshots} snapshots, {rows}"
        f" dimension rows; snapshot {exploration.snapshot_id}, {len(table.cells)}"
        f" cells, {table.suppressed_cells} withheld.\n"
        f"CPU: scan {scan_s:.3f} s; explorer cold {cold_s:.3f} s ({cold_s / scan_s:.2f}x),"
        f" cached {cached_s:.4f} s ({cached_s / scan_s:.2f}x), another grouping not cached"
        f" {other_s:.3f} s ({other_s / scan_s:.2f}x)\n"
        f"clock: scan {scan_clock:.3f} s; explorer cold {cold_clock:.3f} s"
        f" ({cold_clock / scan_clock:.2f}x), cached {cached_clock:.4f} s"
        f" ({cached_clock / scan_clock:.2f}x), another grouping not cached {other_clock:.3f} s"
        f" ({other_clock / scan_clock:.2f}x)",
        file=sys.stderr,
    )
    for name, seconds in (("explorer", cold_s), ("explorer-cached", cached_s)):
        ratio = seconds / scan_s
        verdict = "PASS" if ratio <= TARGET else "FAIL"
        print(f"BENCH {name} ratio={ratio:.2f} target<=3 {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
