"""The capability report's executive summary (page 2).

Built by ``results.summary``, which the results page's overview shares, so that the
page and the report say the same thing in the same words.
"""

from __future__ import annotations

from assessment.results.summary import (
    MEANINGS,
    SHOWN,
    ExecutiveSummary,
    Finding,
    ScaleLine,
    executive_summary,
)

__all__ = ["MEANINGS", "SHOWN", "ExecutiveSummary", "Finding", "ScaleLine", "executive_summary"]
