"""Task queue: 20 capability reports through 1 and 2 workers, and the web tier meanwhile.

Sets up its own PostgreSQL database (dropped and created, and dropped again at the
end) with ten demo agencies, each with a completed round, and a round with invitation
links; starts a private Redis (the queue's broker), gunicorn on a free loopback port,
and ``flask --app assessment worker`` processes at their default CPU priority
(``WORKER_NICE``, 19). Then, once with one worker and once with two (each worker with an
empty chart cache, so both runs start its browser), and nothing else loading the machine:

- asks for 20 reports (ten rounds, two languages) through the report page, as a signed-in
  coordinator would, and follows the jobs until each is downloadable;
- prints the throughput (reports per minute), the p95 time from request to downloadable
  report, and each worker's memory (its process and its Chromium's, summed: PSS and RSS);

and, in a third run of the same 20 reports with two workers, measures the question
page's throughput on the same gunicorn, with the same clients, while the two workers
render (from the moment both hold a report until the window ends, checked to end before
the last report) and idle just before they start and just after they stop: the idle
figure is the mean of those two windows, so load that other programs put on the machine
meanwhile weighs on both sides alike. Prints::

    BENCH queue_two_workers ratio=<2 workers / 1 worker throughput> target>=1.7 PASS|FAIL
    BENCH queue_web_while_busy ratio=<busy / idle question pages> target>=0.8 PASS|FAIL

Without PostgreSQL it prints a SKIP line and exits 0. Traffic goes only to 127.0.0.1.

    python bench/bench_queue.py [--reports 20] [--database-url URL] [--database NAME]
                                [--windows N] [--page-seconds S] [--busy-only]

``--windows N`` takes N busy windows one after the other, and N idle ones before and N
after, each printed; ``--busy-only`` skips the one-worker run (no speed-up line), for a
quicker look at the web tier while workers render.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import sqlalchemy as sa

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.load import respondent, seed  # noqa: E402
from bench.load.redis_server import private_redis  # noqa: E402
from bench.load.server import APP, Gunicorn  # noqa: E402

SPEEDUP_TARGET = 1.7
WEB_TARGET = 0.8
SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def start_worker(environ: dict[str, str], folder: Path, log: Path) -> subprocess.Popen[bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "assessment", "worker"],
            stdout=output, stderr=output, stdin=subprocess.DEVNULL, cwd=PROJECT,
            env={**os.environ, **environ, "INSTANCE_PATH": str(folder),
                 "PYTHONPATH": str(PROJECT)},
        )  # fmt: skip
    deadline = time.monotonic() + 120
    while "Worker started" not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the worker did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    return process


def tree_memory_mib(pid: int) -> tuple[float, float]:
    """Memory of a process and all its descendants (its Chromium), in MiB: (RSS, PSS).

    RSS counts a page shared by Chromium's processes once per process; PSS divides it
    among them, so the PSS sum is what the worker really holds.
    """
    rss = pss = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            rss += int(re.search(r"^Rss:\s+(\d+)", rollup, re.M).group(1))  # type: ignore[union-attr]
            pss += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))  # type: ignore[union-attr]
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return rss / 1024, pss / 1024


def sign_in(url: str) -> respondent.Browser:
    browser = respondent.Browser(url, timeout=60)
    page = browser.request("GET", "/account/sign-in", "sign-in")
    token = CSRF.search(page.body)
    assert token, page.body[:300]
    answer = browser.request("POST", "/account/sign-in", "sign-in", {
        "csrf_token": token.group(1), "email": "coordinator@demo.example",
        "password": "innovate-demo-2026"})  # fmt: skip
    assert answer.status == 302, answer.status
    return browser


def rounds(url: str) -> list[tuple[str, int]]:
    from assessment.demo.assessments import COMPLETED_TITLE

    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT o.slug, r.id FROM assessment_rounds r JOIN organisations o"
                " ON o.id = r.organisation_id WHERE r.title = :t ORDER BY r.id"
            ),
            {"t": COMPLETED_TITLE},
        )
        found = [(slug, int(round_id)) for slug, round_id in rows]
    engine.dispose()
    return found


def reset_reports(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM report_jobs"))
        connection.execute(sa.text("DELETE FROM stored_files"))
    engine.dispose()


def finished(url: str) -> list[tuple[int, float]]:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT id, extract(epoch FROM finished_at) FROM report_jobs WHERE status = 'done'"
            )
        )
        done = [(int(job_id), float(at)) for job_id, at in rows]
    engine.dispose()
    return done


def render_reports(url: str, web: Gunicorn, reports: int, minutes: int) -> tuple[float, float]:
    """Ask for ``reports`` reports; return (reports per minute, p95 seconds to download)."""
    coordinator = sign_in(web.url)
    wanted = [(slug, round_id, lang) for slug, round_id in rounds(url) for lang in ("en", "fr")]
    if len(wanted) < reports:
        raise SystemExit(f"only {len(wanted)} reports to ask for; seed more agencies")
    asked: list[float] = []
    first = time.time()
    for slug, round_id, lang in wanted[:reports]:
        asked.append(time.time())
        # The demo coordinator coordinates the demo agency; others through an admin would
        # do the same, so each report is asked for as its own organisation's page.
        answer = coordinator.request(
            "GET", f"/organisations/{slug}/rounds/{round_id}/report?lang={lang}", "report"
        )
        if answer.status != 200:
            raise SystemExit(f"report page answered {answer.status}")
    deadline = time.monotonic() + 60 * minutes
    while len(done := finished(url)) < reports:
        if time.monotonic() > deadline:
            raise SystemExit(f"only {len(done)} of {reports} reports after {minutes} minutes")
        time.sleep(0.5)
    ends = sorted(at for _job, at in done)
    latencies = sorted(end - start for end, start in zip(ends, asked, strict=True))
    p95 = latencies[min(len(latencies) - 1, math.ceil(0.95 * len(latencies)) - 1)]
    return reports / ((ends[-1] - first) / 60), p95


def question_rate(web: Gunicorn, paths: list[str], seconds: float) -> float:
    """Question pages per second with one client per path, for ``seconds``."""
    counts = [0] * len(paths)
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        browser = respondent.Browser(web.url)
        while time.monotonic() < stop:
            if browser.request("GET", paths[index], "question").status == 200:
                counts[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(paths))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / seconds


def rendering(url: str) -> tuple[int, int]:
    """How many report jobs are running now, and how many are done."""
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT status, count(*) FROM report_jobs GROUP BY status")
        ).all()
        counts = {str(status): int(count) for status, count in rows}
    engine.dispose()
    return int(counts.get("running", 0)), int(counts.get("done", 0))


def measure_busy(
    url: str,
    web: Gunicorn,
    paths: list[str],
    args: argparse.Namespace,
    measured: dict[str, list[float]],
    workers: int,
) -> None:
    # Measured only while every worker holds a report (Chromium started or starting),
    # not while they are still importing or the queue is filling.
    deadline = time.monotonic() + 600
    while rendering(url)[0] < workers:
        if time.monotonic() > deadline:
            return
        time.sleep(0.2)
    for _window in range(args.windows):
        rate = question_rate(web, paths, args.page_seconds)
        if rendering(url)[1] >= args.reports:  # the rendering ended within the window
            print("a busy window outlasted the rendering: ask for more reports (--reports)",
                  file=sys.stderr)  # fmt: skip
            return
        measured.setdefault("busy", []).append(rate)
        # Printed at once: a run cut short by a slow machine still tells what it measured.
        print(f"question pages while the workers render: {rate:.0f}/s", file=sys.stderr)


def idle_rates(web: Gunicorn, paths: list[str], args: argparse.Namespace, when: str) -> list[float]:
    """``args.windows`` windows of question pages with no worker running, each printed."""
    rates = []
    for _window in range(args.windows):
        rates.append(question_rate(web, paths, args.page_seconds))
        print(f"question pages idle ({when} the workers): {rates[-1]:.0f}/s", file=sys.stderr)
    return rates


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20)
    parser.add_argument("--database-url", default=SERVER_URL)
    parser.add_argument("--database", default="bench_queue")
    parser.add_argument("--page-seconds", type=float, default=8.0)
    parser.add_argument("--windows", type=int, default=1)
    parser.add_argument("--busy-only", action="store_true")
    parser.add_argument("--minutes", type=int, default=30, help="give up after this long")
    args = parser.parse_args()
    problem = seed.postgres_reachable(args.database_url)
    if problem:
        print(f"BENCH queue SKIP (PostgreSQL not reachable: {problem})")
        return 0
    url = seed.recreate_postgres_database(args.database_url, args.database)
    try:
        return run(url, args)
    finally:
        seed.drop_postgres_database(url)


def run(url: str, args: argparse.Namespace) -> int:
    seeded = seed.prepare(url, 4)
    from assessment import create_app

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": seed.SECRET_KEY})
    result = app.test_cli_runner().invoke(
        args=["seed-demo", "--organisations", str(math.ceil(args.reports / 2))]
    )
    if result.exit_code != 0:
        raise SystemExit(result.output)
    # Every demo agency's report, asked for by one coordinator of them all.
    with app.app_context():
        from assessment.accounts.models import User
        from assessment.accounts.organisations import Organisation
        from assessment.accounts.services import grant_role
        from assessment.core.extensions import db

        coordinator = db.session.execute(
            db.select(User).filter_by(email="coordinator@demo.example")
        ).scalar_one()
        for organisation in db.session.execute(db.select(Organisation)).scalars():
            grant_role(coordinator, "organisation_coordinator", organisation=organisation)
        db.session.commit()
        db.engine.dispose()

    with tempfile.TemporaryDirectory(prefix="bench-queue-") as temporary, \
            private_redis() as redis_url:  # fmt: skip
        folder = Path(temporary)
        environ = {"DATABASE_URL": url, "SECRET_KEY": seed.SECRET_KEY, "REDIS_URL": redis_url,
                   "SIGN_IN_RATE_LIMIT": "10000 per minute"}  # fmt: skip
        web = Gunicorn(APP, folder / "web.log", {**environ, "INSTANCE_PATH": str(folder / "web")},
                       workers=2)  # fmt: skip
        web.start()
        try:
            paths = []
            for token in list(seeded.tokens)[:4]:
                tasks = (
                    respondent.Browser(web.url)
                    .request("GET", f"/respond/{token}/tasks", "tasks")
                    .body
                )
                paths.append(respondent.QUESTION_LINK.findall(tasks)[0])
            question_rate(web, paths, 2)  # warm-up
            figures: dict[int, float] = {}
            busy: list[float] = []
            idle_windows: list[float] = []
            # Throughput with 1 and 2 workers and nothing else running; then a third run
            # with 2 workers while clients load the web tier (that load would otherwise
            # take CPU from the workers and weigh on the two-worker throughput only).
            runs = [(2, True)] if args.busy_only else [(1, False), (2, False), (2, True)]
            for count, with_web_load in runs:
                reset_reports(url)
                if with_web_load:
                    idle_windows += idle_rates(web, paths, args, "before")
                workers = [start_worker(environ, folder / f"run{len(figures)}-worker{n}",
                                        folder / f"run{len(figures)}-worker{n}.log")
                           for n in range(count)]  # fmt: skip
                try:
                    measured: dict[str, list[float]] = {}
                    meter = threading.Thread(
                        target=measure_busy, args=(url, web, paths, args, measured, count)
                    )
                    if with_web_load:
                        meter.start()
                    rate, p95 = render_reports(url, web, args.reports, args.minutes)
                    memory = [tree_memory_mib(w.pid) for w in workers]
                    if with_web_load:
                        meter.join()
                        busy = measured.get("busy", [])
                finally:
                    for worker in workers:
                        worker.terminate()
                        worker.wait(timeout=60)
                if with_web_load:
                    idle_windows += idle_rates(web, paths, args, "after")
                else:
                    figures[count] = rate
                print(
                    f"{count} worker(s){' with the web tier loaded' if with_web_load else ''}:"
                    f" {rate:.1f} reports/min, p95 request to download {p95:.1f} s,"
                    " memory per worker (with its Chromium): "
                    + ", ".join(f"PSS {pss:.0f} MiB (RSS {rss:.0f} MiB)" for rss, pss in memory),
                    file=sys.stderr,
                )
        finally:
            web.stop()
    idle = sum(idle_windows) / len(idle_windows)
    busy_mean = sum(busy) / len(busy) if busy else 0.0
    web_ratio = busy_mean / idle if idle else 0.0
    half = len(idle_windows) // 2
    print(
        "question pages per second: idle before "
        + ", ".join(f"{rate:.0f}" for rate in idle_windows[:half])
        + "; with two workers rendering "
        + (", ".join(f"{rate:.0f}" for rate in busy) or "not measured")
        + "; idle after "
        + ", ".join(f"{rate:.0f}" for rate in idle_windows[half:]),
        file=sys.stderr,
    )
    lines = [("queue_web_while_busy", web_ratio, WEB_TARGET)]
    if not args.busy_only:
        lines.insert(0, ("queue_two_workers", figures[2] / figures[1], SPEEDUP_TARGET))
    for name, ratio, target in lines:
        verdict = "PASS" if ratio >= target else "FAIL"
        print(f"BENCH {name} ratio={ratio:.2f} target>={target} {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
