"""Every chart of a capability result, defined once for the web page and the PDF report.

A chart is plain data plus a Plotly figure: a title, a one-sentence caption, a
plain-language summary and a table holding every number the chart shows, so that no
one depends on seeing the figure. The page draws the figure with Plotly in the
browser; the report exports the same figure as SVG. Words and numbers are in the
language in force (gettext and Babel): the request's, or the PDF's, which the report
pipeline forces with ``flask_babel.force_locale``.

    charts = build_charts(capability_data(organisation, round))

Charts whose data must stay hidden (too few respondents) or that have nothing to show
yet are left out; :func:`omissions` says which, and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from assessment.charting import Chart, Omission

if TYPE_CHECKING:
    from assessment.results.capability import CapabilityData


@dataclass(frozen=True)
class Planned:
    """A chart or an omission, with the questionnaire it belongs to (None: the whole result)."""

    questionnaire: str | None
    entry: Chart | Omission


def chart_plan(data: CapabilityData) -> list[Planned]:
    """Every chart of the result and every omission, in page order."""
    from assessment.results.charts import dimensions, matrices, respondents, trend

    plan: list[Planned] = []
    for instrument in data.instruments:
        builders = (
            dimensions.profile(instrument, data.peers),
            *matrices.matrices(instrument, data.min_group_size),
            matrices.facets(instrument),
            respondents.role_groups(instrument, data.min_group_size),
            respondents.agreement(instrument, data.min_group_size),
        )
        plan.extend(
            Planned(instrument.questionnaire, entry) for entry in builders if entry is not None
        )
    over_time = trend.trend(data)
    if over_time is not None:
        plan.append(Planned(None, over_time))
    return plan


def build_charts(data: CapabilityData) -> list[Chart]:
    """All charts for a result, in page order."""
    return [p.entry for p in chart_plan(data) if isinstance(p.entry, Chart)]


def omissions(data: CapabilityData) -> list[Omission]:
    """The charts left out of this result, each with its reason."""
    return [p.entry for p in chart_plan(data) if isinstance(p.entry, Omission)]


__all__ = ["Chart", "Omission", "Planned", "build_charts", "chart_plan", "omissions"]
