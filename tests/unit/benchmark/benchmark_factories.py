"""Benchmark records built in code for the benchmark tests."""

from __future__ import annotations

from collections.abc import Mapping

from scoring.benchmark import BenchmarkRecord, DisclosureRules

INSTRUMENT = "leadership-mindsets"
AUTO = object()  # the level follows the score
# The default rules with counts published exact, for tests that check counts one by one.
EXACT = DisclosureRules(count_base=1)


def level_of(score: float | None) -> int | None:
    """A plausible level for a score: its whole part (the engine's bands differ a little)."""
    if score is None or not 1.0 <= score <= 5.0:
        return None
    return min(5, int(score))


def record(
    key: str = "org-1",
    country: str = "FR",
    *,
    government_level: str = "national",
    sector: str = "health",
    size_band: str = "250-999",
    version: str = "1.0.0",
    period: str = "2026",
    score: float | None = 3.0,
    level: object = AUTO,
    dimensions: Mapping[str, float | None] | None = None,
    levels: Mapping[str, int | None] | None = None,
    questionnaire: str = INSTRUMENT,
    round_order: int = 0,
    named: bool = False,
) -> BenchmarkRecord:
    scores = dict(dimensions or {})
    return BenchmarkRecord(
        organisation_key=key,
        country=country,
        government_level=government_level,
        sector=sector,
        size_band=size_band,
        questionnaire_version=version,
        period=period,
        dimension_scores=scores,
        dimension_levels=dict(levels)
        if levels is not None
        else {d: level_of(s) for d, s in scores.items()},
        overall_score=score,
        overall_level=level_of(score) if level is AUTO else level,
        questionnaire_id=questionnaire,
        round_order=round_order,
        named=named,
    )


def organisations(
    count: int, country: str = "FR", *, prefix: str | None = None, score: float = 3.0, **fields
) -> list[BenchmarkRecord]:
    """``count`` organisations of one country with the same score and fields."""
    start = prefix or country
    return [record(f"{start}-{n}", country, score=score, **fields) for n in range(count)]
