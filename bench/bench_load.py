"""Load: 200 concurrent respondents completing a survey against gunicorn and PostgreSQL.

Sets up its own PostgreSQL database (dropped and created, and dropped again at the
end), runs the migrations, opens a round with one invitation per respondent through the
services, then starts gunicorn twice on free loopback ports with gunicorn.conf.py: the
platform, and a bare Flask app rendering a page in the same layout
(bench/load/bare_app.py). It measures

1. question-page throughput against the bare page, in pairs of short back-to-back
   windows with the same concurrent clients; the ratio is the median of the pairs'
   ratios, so that a machine whose speed drifts (shared cores) slows both sides of a
   pair alike and one disturbed pair cannot decide the result (target: at least half
   as fast);
2. every respondent answering every question and submitting, all at once; then it
   compares the answers stored with the answers acknowledged (a 302 after the POST).

Prints ``BENCH load_question_page ...`` and ``BENCH load_answers_lost ...`` lines,
plus throughput, latency and errors. Without PostgreSQL it prints a SKIP line and
exits 0. Traffic goes only to 127.0.0.1; it stops by itself in about a minute.

    python bench/bench_load.py [--respondents 200] [--workers N] [--database-url URL]
                               [--database NAME]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import respondent, seed  # noqa: E402
from bench.load.redis_server import private_redis  # noqa: E402
from bench.load.server import APP, BARE_APP, Gunicorn  # noqa: E402

QUESTION_TARGET = 0.5
LOST_TARGET = 0.0
SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass
class Share:
    """What one client process measured."""

    timings: list[tuple[str, int, float]] = field(default_factory=list)
    acknowledged: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)
    submitted: int = 0
    problems: list[str] = field(default_factory=list)
    stack_traces: int = 0


def _survey_share(base_url: str, tokens: list[str], deadline: float) -> Share:
    share = Share()
    with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
        tallies = list(
            pool.map(lambda t: respondent.complete_survey(base_url, t, deadline=deadline), tokens)
        )
    for token, tally in zip(tokens, tallies, strict=True):
        share.timings.extend(tally.timings)
        share.acknowledged[token] = tally.acknowledged
        share.submitted += tally.submitted
        share.problems.extend(tally.problems[:5])
        share.stack_traces += tally.stack_traces
    return share


def _hammer_share(base_url: str, paths: list[str], seconds: float) -> tuple[int, int, list[float]]:
    """GET ``paths`` round-robin from one thread per path for ``seconds``."""
    done: list[tuple[int, int, list[float]]] = []
    lock = threading.Lock()

    def loop(path: str) -> None:
        browser = respondent.Browser(base_url)
        ok = failed = 0
        latencies: list[float] = []
        stop = time.monotonic() + seconds
        for _request in range(1_000_000):  # bounded; the clock stops it much sooner
            if time.monotonic() >= stop:
                break
            reply = browser.request("GET", path, "page")
            latencies.append(reply.seconds)
            if reply.status == 200:
                ok += 1
            else:
                failed += 1
        with lock:
            done.append((ok, failed, latencies))

    threads = [threading.Thread(target=loop, args=(p,)) for p in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return (
        sum(d[0] for d in done),
        sum(d[1] for d in done),
        [latency for d in done for latency in d[2]],
    )


def _split(items: list[str], parts: int) -> list[list[str]]:
    return [items[n::parts] for n in range(parts) if items[n::parts]]


def _percentile(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def _throughput(
    pool: ProcessPoolExecutor, base_url: str, paths: list[str], clients: int, seconds: float
) -> tuple[float, int, list[float]]:
    futures = [
        pool.submit(_hammer_share, base_url, chunk, seconds) for chunk in _split(paths, clients)
    ]
    started = time.monotonic()
    results = [f.result(timeout=seconds + 90) for f in futures]
    elapsed = max(time.monotonic() - started, seconds)
    ok = sum(r[0] for r in results)
    return ok / elapsed, sum(r[1] for r in results), [x for r in results for x in r[2]]


def _machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", SERVER_URL))
    parser.add_argument("--database", default="opsbench")
    parser.add_argument("--window", type=float, default=2.0, help="seconds per throughput window")
    parser.add_argument("--pairs", type=int, default=6, help="question/bare window pairs")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (cores + 1)")
    parser.add_argument("--page-clients", type=int, default=16, help="concurrent page clients")
    parser.add_argument("--survey-limit", type=float, default=90.0, help="seconds at most")
    args = parser.parse_args()

    reason = seed.postgres_reachable(args.database_url)
    if reason:
        print(f"SKIP bench_load: PostgreSQL is not reachable at {args.database_url} ({reason})")
        return 0

    started = time.monotonic()
    url = seed.recreate_postgres_database(args.database_url, args.database)
    # A round's people: three staff (24 questions each) for every partner (3 questions).
    seeded = seed.prepare(url, args.respondents, roles=("staff", "staff", "staff", "partner"))
    tokens = list(seeded.tokens)
    print(
        f"load: database {args.database} ready in {time.monotonic() - started:.1f} s",
        file=sys.stderr,
    )

    processes = max(2, os.cpu_count() or 2)
    workers = args.workers or (os.cpu_count() or 1) + 1  # gunicorn.conf.py's default
    # Production shares rate limits between workers in Redis: so does the bench.
    with private_redis() as redis_url, tempfile.TemporaryDirectory(prefix="bench-load-") as scratch:
        environ = {
            "ENVIRONMENT": "production",
            "DATABASE_URL": url,
            "SECRET_KEY": seed.SECRET_KEY,
            "REDIS_URL": redis_url,
        }
        logs = Path(scratch)
        platform_server = Gunicorn(
            APP, logs / "platform.log", environ, workers=workers, ready_path="/"
        )
        bare_server = Gunicorn(BARE_APP, logs / "bare.log", {}, workers=workers)
        context = multiprocessing.get_context("fork")
        try:
            platform_server.start()
            bare_server.start()
            with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
                # Throughput: the first question page of as many respondents as clients.
                first_questions = []
                for token in tokens[: args.page_clients]:
                    browser = respondent.Browser(platform_server.url)
                    tasks = browser.request("GET", f"/respond/{token}/tasks", "tasks").body
                    first_questions.append(respondent.QUESTION_LINK.findall(tasks)[0])
                bare_paths = ["/"] * len(first_questions)
                for server, paths in (
                    (platform_server, first_questions),
                    (bare_server, bare_paths),
                ):
                    _throughput(pool, server.url, paths, processes, 1.5)  # warm-up
                rates: dict[str, list[float]] = {"question": [], "bare": []}
                page_errors = 0
                page_latencies: dict[str, list[float]] = {"question": [], "bare": []}
                for _pair in range(args.pairs):
                    for name, server, paths in (
                        ("question", platform_server, first_questions),
                        ("bare", bare_server, bare_paths),
                    ):
                        rate, errors, latencies = _throughput(
                            pool, server.url, paths, processes, args.window
                        )
                        rates[name].append(rate)
                        page_errors += errors
                        page_latencies[name].extend(latencies)

                # The survey: every respondent at once, from several client processes.
                deadline = time.monotonic() + args.survey_limit
                survey_started = time.monotonic()
                futures = [
                    pool.submit(_survey_share, platform_server.url, chunk, deadline)
                    for chunk in _split(tokens, processes)
                ]
                shares = [f.result(timeout=args.survey_limit + 120) for f in futures]
                survey_seconds = time.monotonic() - survey_started
        finally:
            platform_server.stop()
            bare_server.stop()
        server_traces = platform_server.log().count(respondent.TRACEBACK)

    stored = seed.stored_answers(url)
    sent = lost = 0
    for share in shares:
        for token, acknowledged in share.acknowledged.items():
            in_database = stored.get(seeded.tokens[token], {})
            sent += len(acknowledged)
            lost += sum(1 for key, code in acknowledged.items() if in_database.get(key) != code)
    half = seed.half_written(url)
    seed.drop_postgres_database(url)
    timings = [t for share in shares for t in share.timings]
    statuses = Counter(status for _kind, status, _s in timings)
    expected = {"answer_post": 302, "submit_post": 302}
    errors = sum(1 for kind, status, _s in timings if status != expected.get(kind, 200))
    submitted = sum(share.submitted for share in shares)
    latencies = [s for _kind, _status, s in timings]
    questions = [s for kind, _status, s in timings if kind == "question_page"]
    posts = [s for kind, _status, s in timings if kind == "answer_post"]

    question_rate = statistics.fmean(rates["question"])
    bare_rate = statistics.fmean(rates["bare"])
    pairs = zip(rates["question"], rates["bare"], strict=True)
    pair_ratios = [question / bare if bare else 0.0 for question, bare in pairs]
    ratio = statistics.median(pair_ratios)
    lost_ratio = lost / sent if sent else 1.0

    print(f"load: machine {_machine()}; gunicorn {workers} sync workers; PostgreSQL")
    print(
        f"load: {args.respondents} respondents at once, {len(timings)} requests in "
        f"{survey_seconds:.1f} s = {len(timings) / survey_seconds:.0f} req/s; "
        f"p50 {1000 * _percentile(latencies, 50):.0f} ms, "
        f"p95 {1000 * _percentile(latencies, 95):.0f} ms "
        f"(question page p95 {1000 * _percentile(questions, 95):.0f} ms, "
        f"answer save p95 {1000 * _percentile(posts, 95):.0f} ms)"
    )
    print(
        f"load: errors {errors} (statuses {dict(sorted(statuses.items()))}), "
        f"stack traces shown {sum(s.stack_traces for s in shares)}, in server log {server_traces}; "
        f"{submitted}/{args.respondents} submitted; answers acknowledged {sent}, lost {lost}; "
        f"half-written responses {len(half)}"
    )
    print(
        f"load: question page {question_rate:.0f} req/s (p50 "
        f"{1000 * _percentile(page_latencies['question'], 50):.0f} ms) vs bare layout page "
        f"{bare_rate:.0f} req/s (p50 {1000 * _percentile(page_latencies['bare'], 50):.0f} ms), "
        f"{len(first_questions)} concurrent clients, {args.pairs} pairs of {args.window:g} s "
        f"windows, page errors {page_errors}; pair ratios "
        + " ".join(f"{r:.2f}" for r in sorted(pair_ratios))
    )
    for share in shares:
        for problem in share.problems[:3]:
            print(f"load: problem seen: {problem}", file=sys.stderr)
    if half:
        print(f"load: half-written: {half[:5]}", file=sys.stderr)

    lost_ok = lost_ratio <= LOST_TARGET and not half and sent > 0
    print(
        f"BENCH load_question_page ratio={ratio:.2f} target>={QUESTION_TARGET} "
        f"{'PASS' if ratio >= QUESTION_TARGET else 'FAIL'}"
    )
    print(
        f"BENCH load_answers_lost ratio={lost_ratio:.4g} target<={LOST_TARGET:g} "
        f"{'PASS' if lost_ok else 'FAIL'}"
    )
    print(f"load: finished in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
