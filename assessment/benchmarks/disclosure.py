"""The one disclosure component: the rules in force and the protections every output uses.

Every benchmark output (explorer, API, national pages, quality page, peer placements,
exports, benchmark PDFs) reads its figures through ``benchmarks.publishing``, which
publishes them under these rules from the stored snapshot. The protections, and what
each stops (docs/benchmarks.md, "Threat model"):

- ``snapshot``: figures come from a snapshot refreshed on a schedule, not recomputed
  on each consent change or submission, so reading before and after one change shows
  nothing;
- ``rounding``: counts rounded to 5, level distributions as shares rounded to 5 points;
- ``named``: named organisations count as known: thresholds apply to the others;
- ``complementary``: complementary suppression (no withheld figure by subtraction);
- ``cube``: every table of up to two fields is protected as one, so a group shows the
  same figures, or the same reason, in every view;
- ``placement``: only an organisation's own consented, counted round is placed, as a
  band; never a private, unsubmitted or superseded round (no oracle);
- ``quality``: the quality page shows only groups the cube publishes, from the
  snapshot's rounds;
- ``api_scope``: benchmark tables through the API for analysts (and national
  coordinators, for their own country) only.

``BENCHMARK_PROTECTIONS_OFF`` (a test-only setting, refused in production) switches
some of them off, so that attack tests can show each one stops its attack.
"""

from __future__ import annotations

from dataclasses import replace

from flask import current_app

from scoring.benchmark import DEFAULT_DISCLOSURE, DisclosureRules

# Why a figure is not shown, beside the engine's reasons (``reasons.note`` words them):
# nothing has been published yet; a round that is not the organisation's counted,
# consented round in the published snapshot is never placed among peers; some answers
# behind a quality figure are gone (an organisation erased) since the refresh.
NOT_PUBLISHED = "not_published"
NOT_PLACED = "not_placed"
CHANGED_SINCE = "changed_since_publication"

PROTECTIONS = (
    "snapshot",
    "rounding",
    "named",
    "complementary",
    "cube",
    "placement",
    "quality",
    "api_scope",
)
SETTING = "BENCHMARK_PROTECTIONS_OFF"


class ProtectionError(ValueError):
    """The test-only setting names a protection that does not exist."""


def protections_off() -> frozenset[str]:
    """The protections switched off by the test-only setting (none in normal use)."""
    names = frozenset(current_app.config.get(SETTING) or ())
    unknown = sorted(names - set(PROTECTIONS))
    if unknown:
        raise ProtectionError(f"{SETTING}: no protection called {unknown[0]!r}")
    return names


def protected(name: str) -> bool:
    """Whether protection ``name`` (one of PROTECTIONS) is on."""
    if name not in PROTECTIONS:
        raise ProtectionError(f"no protection called {name!r}")
    return name not in protections_off()


def rules() -> DisclosureRules:
    """The disclosure rules a refresh publishes under: the documented defaults.

    With protections switched off for a test, the matching rules are weakened: exact
    counts and shares, named organisations counted as unknown, no complementary
    suppression, positions given to the percent.
    """
    off = protections_off()
    chosen = DEFAULT_DISCLOSURE
    if "rounding" in off:
        chosen = replace(chosen, count_base=1, share_base=0.01)
    if "named" in off:
        chosen = replace(chosen, named_known=False)
    if "complementary" in off:
        chosen = replace(chosen, complementary=False)
    if "placement" in off:
        chosen = replace(chosen, placement_bands=100)
    return chosen
