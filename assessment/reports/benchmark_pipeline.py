"""Benchmark reports: what an explorer query or a national page shows, as a PDF.

A benchmark report is named by its scope and query, the benchmark data state
(``benchmarks.state_key``), the disclosure rules, the language and the report's own
code and templates, so a stored PDF is never stale. The web request only computes that
name and queues a job (``jobs.request_job``); the report worker renders it here, with
the capability report's renderer, fetcher and PDF/UA settings.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from assessment.accounts.organisations import Organisation
from assessment.benchmarks import services as benchmarks
from assessment.core.extensions import db
from assessment.reports.keys import template_version
from assessment.reports.models import ReportJob

BENCHMARK_KIND = "benchmark"
EXPLORER = "explorer"
NATIONAL = "national"


def explorer_parameters(query: benchmarks.ExplorerQuery) -> str:
    """The job parameters of an explorer query (canonical JSON)."""
    return json.dumps({"scope": EXPLORER, "query": query.as_args()}, sort_keys=True)


def national_parameters(country: str) -> str:
    """The job parameters of a country's national report (canonical JSON)."""
    return json.dumps({"scope": NATIONAL, "country": country.upper()}, sort_keys=True)


def read_parameters(job: ReportJob) -> dict[str, Any]:
    """A benchmark job's scope and query ({} when the job is of another kind)."""
    if job.kind != BENCHMARK_KIND or not job.parameters:
        return {}
    parameters = json.loads(job.parameters)
    return parameters if isinstance(parameters, dict) else {}


def _national_state(country: str) -> list[Any]:
    # What the national report shows besides the benchmark tables: the country's
    # progress counts and the names of its agencies (a renamed agency is named anew).
    from assessment.benchmarks.national import round_progress

    names = db.session.execute(
        db.select(Organisation.id, Organisation.name)
        .filter_by(country=country)
        .order_by(Organisation.id)
    ).all()
    return [round_progress(country), [list(row) for row in names]]


def cache_key(parameters: str, lang: str) -> str:
    """The name of the benchmark report with these parameters, on today's data, in ``lang``."""
    scope = json.loads(parameters)
    extra = _national_state(scope["country"]) if scope["scope"] == NATIONAL else []
    material = json.dumps(
        [BENCHMARK_KIND, parameters, benchmarks.state_key(), repr(benchmarks.rules()), lang,
         extra, template_version()],
        sort_keys=True, default=str,
    )  # fmt: skip
    return hashlib.sha256(material.encode()).hexdigest()


def benchmark_pdf(parameters: str, lang: str) -> bytes:
    """Gather and render a benchmark report (in a report worker, never a web worker)."""
    from assessment.benchmarks.national import national_overview
    from assessment.reports.benchmark_content import explorer_content, national_content
    from assessment.reports.benchmark_wording import word
    from assessment.reports.render import html_to_pdf, render_html

    scope = json.loads(parameters)
    if scope["scope"] == EXPLORER:
        exploration = benchmarks.explore(benchmarks.parse_query(scope["query"]))
        db.session.rollback()  # release SQLite's lock before the charts and the layout
        content = explorer_content(exploration, lang)
    else:
        overview = national_overview(scope["country"])
        db.session.rollback()  # release SQLite's lock before the charts and the layout
        content = national_content(overview, lang)
    db.session.rollback()
    html = render_html(content, "benchmark.html", word)
    return html_to_pdf(html, lang, running_head=word("report_title", lang))


def render_benchmark_job(job: ReportJob) -> bytes | None:
    """The PDF of a queued benchmark job, or None when the data changed since it was asked."""
    if cache_key(job.parameters, job.language) != job.cache_key:
        return None
    return benchmark_pdf(job.parameters, job.language)
