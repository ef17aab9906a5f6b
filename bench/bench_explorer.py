"""Explorer query cost against the cost of merely reading the score tables.

Builds (once, then reuses) a SQLite database with ``seed-demo --organisations N`` under
a cache directory, then measures, as CPU time, best of --rounds:

(a) a plain scan of the score tables: every row of score_snapshots (its score columns)
    and of dimension_scores, fetched;
(b) an explorer query grouped by country x level of government, as a request makes it
    (services.benchmarks.explore: records read by one SQL query, the engine's
    disclosure-controlled aggregation, the slice), from a cold cache;
(c) the same query again with the records and table cached (what follows until the
    data change), and a query over two other fields with only the records cached.

Prints two lines: BENCH explorer ratio=<b/a> target<=3 PASS|FAIL (cold) and
BENCH explorer-cached ratio=<c/a> target<=3 PASS|FAIL; details on stderr.

    python bench/bench_explorer.py [--organisations N] [--rounds R] [--cache-dir DIR]

Seeding 20,000 organisations takes a long while (each gets a scored demo round); the
database is kept as <cache-dir>/explorer-<N>.sqlite3 and reused by later runs.
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


def database(organisations: int, cache_dir: Path) -> Path:
    """The seeded database for ``organisations``, built on first use (atomically)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / f"explorer-{organisations}.sqlite3"
    if target.exists():
        print(f"reusing {target}", file=sys.stderr)
        return target
    partial = target.with_suffix(".partial")
    for leftover in cache_dir.glob(partial.name + "*"):
        leftover.unlink()
    print(f"seeding {organisations} organisations into {target} (once)...", file=sys.stderr)
    app = _app(partial)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    started = time.monotonic()
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", str(organisations)])
    if result.exit_code != 0:
        raise SystemExit(f"seed-demo failed:\n{result.output}")
    with app.app_context():
        from assessment.extensions import db

        db.engine.dispose()
    partial.rename(target)
    print(f"seeded in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return target


def _app(path: Path):  # type: ignore[no-untyped-def]
    os.environ.pop("DATABASE_URL", None)
    from assessment import create_app

    return create_app({"DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "bench-only-key"})


def cpu(action) -> float:  # type: ignore[no-untyped-def]
    gc.collect()
    gc.disable()  # collector pauses would land at random in one phase or another
    try:
        start = time.process_time()
        action()
        return time.process_time() - start
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
    arguments = parser.parse_args()

    path = database(arguments.organisations, arguments.cache_dir)
    app = _app(path)
    with app.app_context():
        from flask_migrate import upgrade
        from sqlalchemy import text

        from assessment.extensions import db
        from assessment.services import benchmark_cache, benchmarks

        upgrade()  # a database cached by an older version gets the newer tables
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

        scan_s = cold_s = cached_s = other_s = float("inf")
        exploration = None
        for _ in range(arguments.rounds):
            scan_s = min(scan_s, cpu(scan))
            cold_s = min(cold_s, cpu(cold))
            cached_s = min(cached_s, cpu(lambda: benchmarks.explore(grouped)))
            other_s = min(other_s, cpu(lambda: benchmarks.explore(other)))
            benchmark_cache.clear()
            db.session.rollback()
        exploration = benchmarks.explore(grouped)
        table = exploration.table
        snapshots = db.session.execute(text("SELECT count(*) FROM score_snapshots")).scalar()
        rows = db.session.execute(text("SELECT count(*) FROM dimension_scores")).scalar()

    print(
        f"{arguments.organisations} organisations: {snapshots} snapshots, {rows} dimension"
        f" rows; {exploration.records} records in the table, {len(table.cells)} cells,"
        f" {table.suppressed_cells} withheld.\n"
        f"scan {scan_s:.3f} s; explorer cold {cold_s:.3f} s ({cold_s / scan_s:.2f}x),"
        f" cached {cached_s:.4f} s ({cached_s / scan_s:.2f}x), other grouping with records"
        f" cached {other_s:.3f} s ({other_s / scan_s:.2f}x)",
        file=sys.stderr,
    )
    for name, seconds in (("explorer", cold_s), ("explorer-cached", cached_s)):
        ratio = seconds / scan_s
        verdict = "PASS" if ratio <= TARGET else "FAIL"
        print(f"BENCH {name} ratio={ratio:.2f} target<=3 {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
