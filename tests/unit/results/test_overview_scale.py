"""One questionnaire's row of the overview scale: positions, and the words a screen reader gets."""

from __future__ import annotations

import pytest

from assessment.results.summary import scale_line
from tests.unit.charts.chart_factories import speaking

SHOWN = {"band": {"median": 2.8, "p25": 2.3, "p75": 3.3, "n": 50}, "band_withheld": None}
WITHHELD = {
    "band": None,
    "band_withheld": {"reason": "too_few_for_distribution", "note": "Too few to show."},
}


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "Score 3.61, level 3 – Structured; peers' middle half 2.30 to 3.30"
               " (median 2.80, 50 organisations)."),
        ("fr", "Score 3,61, niveau 3 – Structuré ; moitié centrale des pairs de 2,30 à 3,30"
               " (médiane 2,80, 50 organisations)."),
    ],
)  # fmt: skip
def test_a_row_states_score_level_and_peer_band_in_words(lang: str, sentence: str) -> None:
    with speaking(lang):
        line = scale_line("leadership-mindsets", "Title", 3.61, 3, SHOWN)
    assert line.sentence == sentence
    # Score 1 at 10 % of the width, score 5 at 90 %: one equal segment per level.
    assert line.position == pytest.approx(62.2)
    assert line.band == (pytest.approx(36.0), pytest.approx(56.0))
    assert line.questionnaire == "leadership-mindsets"


def test_a_withheld_band_is_not_drawn_and_the_row_says_why() -> None:
    with speaking("en"):
        line = scale_line("leadership-mindsets", "Title", 3.61, 3, WITHHELD)
    assert line.band is None
    assert line.sentence == (
        "Score 3.61, level 3 – Structured; peers' middle half not shown: Too few to show."
    )
    assert line.peers == "Peers' middle half not shown: Too few to show."


def test_without_a_peer_entry_the_row_says_nothing_is_published_yet() -> None:
    with speaking("en"):
        line = scale_line("leadership-mindsets", "Title", None, None, {}, "insufficient")
    assert line.band is None and line.position is None
    assert line.sentence.startswith("No level yet (insufficient); peers' middle half not shown:")
    assert "No benchmark has been published yet" in line.sentence
