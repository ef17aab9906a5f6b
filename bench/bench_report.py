"""PDF capability report and annex: warm generation and the cached repeat, against a one-page PDF.

Builds a fresh SQLite database in a temporary folder through the app factory
(``flask db upgrade`` then ``seed-demo --organisations 3``), then measures:

(a) WeasyPrint rendering a one-page document (the unit: it scales with the machine);
(b) report generation for the demo agency's completed round (4 questionnaires, 10
    respondents), warm — WeasyPrint imported, the chart browser started and the
    chart images exported once, as in a running report worker: gathering the data,
    laying the report out and rendering the PDF. Median of --runs;
(c) the technical annex (PDF) of the same round, warm. Median of --runs;
(d) the leader's cached download through the web app: the report page finding the
    finished job by its key, then the PDF download (from the shared storage). The
    round's documents are pre-rendered by a real ``flask worker`` process, as when a
    round closes (``reports.prerender``), before the leader's first visit.
    95th percentile of --cached-runs.

Targets: (b) ≤ 0.8 s, (c) ≤ 1.5 s and (d) ≤ 50 ms, printed in units of (a) measured
in this run:
    BENCH report_warm ratio=<b/a> target<=<0.8/a> PASS|FAIL
    BENCH annex_warm ratio=<c/a> target<=<1.5/a> PASS|FAIL
    BENCH report_cached_p95 ratio=<d/a> target<=<0.05/a> PASS|FAIL
Times are CPU time of this process by default (the machine is shared, and wall time
then measures the neighbours); --clock wall measures elapsed time instead. Details go
to stderr.

    python bench/bench_report.py [--runs 7] [--cached-runs 30] [--clock cpu|wall]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

WARM_TARGET = 0.8
ANNEX_TARGET = 1.5
CACHED_TARGET = 0.050
ONE_PAGE = (
    "<!DOCTYPE html><html lang='en'><head><title>One page</title></head><body>"
    "<h1>One page</h1>"
    + "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>" * 20
    + "</body></html>"
)


def timer(clock: str) -> Callable[[Callable[[], Any]], float]:
    now = time.process_time if clock == "cpu" else time.perf_counter

    def measure(action: Callable[[], Any]) -> float:
        gc.collect()
        start = now()
        action()
        return now() - start

    return measure


def build_app(folder: Path) -> Any:
    os.environ.pop("DATABASE_URL", None)
    from assessment import create_app

    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "SECRET_KEY": "bench-only-key",
            "REPORTS_PATH": str(folder / "reports"),
            "TASK_QUEUE_PATH": str(folder / "tasks.sqlite3"),
            "WTF_CSRF_ENABLED": False,
        }
    )
    runner = app.test_cli_runner()
    for args in (["db", "upgrade"], ["seed-demo", "--organisations", "3"]):
        result = runner.invoke(args=args)
        if result.exit_code != 0:
            raise SystemExit(f"{' '.join(args)} failed:\n{result.output}")
    return app


def start_worker(app: Any, folder: Path) -> subprocess.Popen[bytes]:
    """A real ``flask worker`` process on the bench's database and queue."""
    environ = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "INSTANCE_PATH": str(folder),
        "TASK_QUEUE_PATH": app.config["TASK_QUEUE_PATH"],
        "PYTHONPATH": str(PROJECT),
    }
    with (folder / "worker.log").open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "assessment", "worker"],
            stdout=log, stderr=log, stdin=subprocess.DEVNULL, env=environ, cwd=PROJECT,
        )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cached-runs", type=int, default=30)
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    arguments = parser.parse_args()
    measure = timer(arguments.clock)

    with tempfile.TemporaryDirectory(prefix="bench-report-") as temporary:
        folder = Path(temporary)
        started = time.perf_counter()
        app = build_app(folder)
        print(f"database seeded in {time.perf_counter() - started:.1f} s", file=sys.stderr)

        from weasyprint import HTML

        from assessment.accounts.organisations import Organisation
        from assessment.core.extensions import db
        from assessment.demo.assessments import COMPLETED_TITLE
        from assessment.reports.annex_pipeline import annex_document
        from assessment.reports.charts import exporter
        from assessment.reports.pipeline import capability_pdf
        from assessment.survey.models import AssessmentRound
        from assessment.tasks import prerender_reports

        for _ in range(2):
            HTML(string=ONE_PAGE).write_pdf()
        one_page = statistics.median(
            measure(lambda: HTML(string=ONE_PAGE).write_pdf()) for _ in range(9)
        )

        with app.app_context():
            agency = db.session.execute(
                db.select(Organisation).filter_by(slug="demo-agency")
            ).scalar_one()
            completed = db.session.execute(
                db.select(AssessmentRound).filter_by(
                    organisation_id=agency.id, title=COMPLETED_TITLE
                )
            ).scalar_one()
            round_id = completed.id
            first_start = time.perf_counter()
            pdf = capability_pdf(agency, completed, "en")
            first = time.perf_counter() - first_start
            exports = exporter.exports
            agency = db.session.merge(agency)
            completed = db.session.merge(completed)
            warm = [
                measure(lambda: capability_pdf(agency, completed, "en"))
                for _ in range(arguments.runs)
            ]
            assert exporter.exports == exports, "warm runs exported charts again"
            annex = annex_document(agency, completed, "en", "pdf")
            annex_warm = [
                measure(lambda: annex_document(agency, completed, "en", "pdf"))
                for _ in range(arguments.runs)
            ]
            db.session.rollback()
            # The round's documents are pre-rendered, as when it closes.
            prerender_reports(round_id)

        worker = start_worker(app, folder)
        client = app.test_client()
        signed = client.post(
            "/account/sign-in",
            data={"email": "leader@demo.example", "password": "innovate-demo-2026"},
        )
        assert signed.status_code == 302, "sign-in failed"
        page_url = f"/organisations/demo-agency/rounds/{round_id}/report?lang=en"
        worker_start = time.perf_counter()
        link = None
        while link is None:
            page = client.get(page_url)
            marker = 'download href="'
            if marker in page.text:
                link = page.text.split(marker, 1)[1].split('"', 1)[0]
            elif "could not be prepared" in page.text or time.perf_counter() - worker_start > 600:
                raise SystemExit("the report worker did not finish the report")
            else:
                time.sleep(0.5)
        worker_seconds = time.perf_counter() - worker_start
        print(
            f"pre-rendered: the leader's first visit found the report {worker_seconds:.1f} s"
            " after the round's documents were queued",
            file=sys.stderr,
        )

        def cached_repeat() -> None:
            again = client.get(page_url)
            assert link in again.text
            with client.get(link) as download:
                assert download.status_code == 200 and len(download.data) > 10_000

        for _ in range(3):
            cached_repeat()
        cached = [measure(cached_repeat) for _ in range(arguments.cached_runs)]
        worker.terminate()
        try:
            # At niceness 19 on a busy machine the worker may take minutes to finish.
            worker.wait(timeout=300)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
            print("the worker did not stop within 300 s of SIGTERM: killed", file=sys.stderr)
        log = (folder / "worker.log").read_text().splitlines()
        print("worker log:", *log[-4:], sep="\n  ", file=sys.stderr)
        with app.app_context():
            db.engine.dispose()

    warm_median = statistics.median(warm)
    annex_median = statistics.median(annex_warm)
    cached_median = statistics.median(cached)
    cached_p95 = statistics.quantiles(cached, n=20, method="inclusive")[-1]
    print(
        f"clock: {arguments.clock}; one-page PDF {one_page * 1000:.1f} ms;"
        f" report ({len(pdf) // 1024} KiB): first {first:.2f} s wall (starts the chart"
        f" browser), warm median {warm_median:.3f} s (min {min(warm):.3f}, max {max(warm):.3f});"
        f" worker process from queued documents to the download link {worker_seconds:.1f} s wall;"
        f" annex ({len(annex) // 1024} KiB) warm median {annex_median:.3f} s;"
        f" leader's cached download median {cached_median * 1000:.1f} ms,"
        f" p95 {cached_p95 * 1000:.1f} ms (page + download)",
        file=sys.stderr,
    )
    for name, seconds, target in (
        ("report_warm", warm_median, WARM_TARGET),
        ("annex_warm", annex_median, ANNEX_TARGET),
        ("report_cached_p95", cached_p95, CACHED_TARGET),
    ):
        ratio, limit = seconds / one_page, target / one_page
        verdict = "PASS" if ratio <= limit else "FAIL"
        print(f"BENCH {name} ratio={ratio:.2f} target<={limit:.2f} {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
