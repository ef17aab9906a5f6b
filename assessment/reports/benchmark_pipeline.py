"""Benchmark reports: what an explorer query or a national page shows, as a PDF.

A benchmark report is named by its scope and query, the benchmark data state
(``benchmarks.state_key``), the disclosure rules, the language and the report's own
code and templates, so a stored PDF is never stale. The web request only computes that
name and queues a job (``jobs.request_job``); the report worker renders it here, with
the capability report's template environment, fetcher and PDF/UA settings.

The worker and the command line have an application context but no request: the report
is built and rendered inside ``flask_babel.force_locale(lang)``, which keeps the
language in the application context (``g``), so every ``gettext`` and Babel format
follows the report's language whatever the page or process around it uses.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from flask_babel import force_locale, gettext, ngettext

from assessment.accounts.organisations import Organisation
from assessment.benchmarks import services as benchmarks
from assessment.core.extensions import db
from assessment.reports.keys import template_version
from assessment.reports.models import ReportJob

if TYPE_CHECKING:
    from assessment.reports.benchmark_content import BenchmarkReport

BENCHMARK_KIND = "benchmark"
EXPLORER = "explorer"
NATIONAL = "national"

# Where the report's words live besides its templates and code: a changed sentence or
# translation names the report anew, as a changed template does.


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


def render_report(report: BenchmarkReport) -> str:
    """The report's HTML document, worded in the current language (gettext)."""
    from assessment.reports.render import environment

    page = environment().get_template("benchmark.html")
    return page.render(report=report, _=gettext, ngettext=ngettext)


def benchmark_pdf(parameters: str, lang: str) -> bytes:
    """Gather and render a benchmark report in ``lang`` (in a report worker or the CLI).

    Needs an application context (never a web worker: rendering takes seconds).
    """
    from assessment.benchmarks.national import national_overview
    from assessment.reports.benchmark_content import explorer_content, national_content
    from assessment.reports.render import html_to_pdf

    scope = json.loads(parameters)
    with force_locale(lang):
        if scope["scope"] == EXPLORER:
            exploration = benchmarks.explore(benchmarks.parse_query(scope["query"]))
            db.session.rollback()  # release SQLite's lock: the charts and PDF read no data
            report = explorer_content(exploration)
        else:
            overview = national_overview(scope["country"])
            db.session.rollback()
            report = national_content(overview)
        html = render_report(report)
        return html_to_pdf(html, lang, running_head=gettext("Benchmark report"))


def render_benchmark_job(job: ReportJob) -> bytes | None:
    """The PDF of a queued benchmark job, or None when the data changed since it was asked."""
    if cache_key(job.parameters, job.language) != job.cache_key:
        return None
    return benchmark_pdf(job.parameters, job.language)
