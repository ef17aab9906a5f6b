"""The peers' middle half of the overall score, as the overview and the report show it.

It comes from the published snapshot's cell for the questionnaire version
(``benchmarks.peers``), through the disclosure decisions taken when the snapshot was
published: where the engine withholds the quartiles, the overview draws no band, shows
no quartile and says why.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask_babel import force_locale

from assessment.benchmarks import peers as benchmark_peers
from assessment.benchmarks.publishing import latest_snapshot, published_records
from assessment.results.dashboards import latest_result
from scoring.benchmark import DEFAULT_DISCLOSURE
from tests.fixtures.attacker import PROTECTED, UNPROTECTED, weaken
from tests.fixtures.benchmarks import (
    QUESTIONNAIRE,
    add_organisation,
    add_result,
    publish,
    seed_countries,
    signed_in_client,
    user_with_role,
)


def test_the_overall_band_is_the_published_overall_summary(app: Flask, app_context: None) -> None:
    seed_countries({"FR": 8, "CA": 8, "PT": 8})
    own = add_organisation("own", "FR")
    own_round = add_result(own, 3.05)
    publish()

    (instrument,) = benchmark_peers.peer_positions(own, own_round).instruments
    band = instrument.overall_band
    assert band is not None and band.dimension_id is None and instrument.overall_reason is None
    # 25 organisations from 1.5 by 0.1 (and 3.05): the published, rounded quartiles.
    assert (band.n, band.p25, band.median, band.p75) == (25, 2.1, 2.7, 3.2)
    placement = benchmark_peers.peer_data(own, own_round, "en")["placement"][QUESTIONNAIRE]
    assert placement["band"] == {"median": 2.7, "p25": 2.1, "p75": 3.2, "n": 25}
    assert placement["band_withheld"] is None


def test_before_any_publication_the_band_is_withheld_as_not_published(
    app: Flask, app_context: None
) -> None:
    own = add_organisation("own", "FR")
    own_round = add_result(own, 3.05)

    (instrument,) = benchmark_peers.peer_positions(own, own_round).instruments
    assert instrument.overall_band is None and instrument.overall_reason == "not_published"
    withheld = benchmark_peers.peer_data(own, own_round, "en")["placement"][QUESTIONNAIRE]
    assert withheld["band"] is None
    assert withheld["band_withheld"]["note"].startswith("No benchmark has been published yet")


@pytest.mark.parametrize("mode", [PROTECTED, UNPROTECTED])
def test_named_peers_cannot_be_used_to_read_a_withheld_overall_band(
    app: Flask, app_context: None, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    # Fifteen organisations, six of them named: their scores are public, so only the
    # nine others count towards the ten the quartiles need. Were the overview to show
    # the band anyway, a reader could subtract the named scores from it.
    weaken(app, monkeypatch, mode, "named")
    seed_countries({"FR": 3, "CA": 3, "PT": 2})
    for number, country in enumerate(("FR", "FR", "CA", "CA", "PT", "PT")):
        named = add_organisation(f"named-{number}", country, name=f"Named Agency {number}")
        add_result(named, 3.0 + number / 10, consent="named")
    own = add_organisation("own", "FR")
    add_result(own, 3.05)
    user_with_role("coordinator@own.example", "organisation_coordinator", organisation=own)
    publish()
    snapshot = latest_snapshot()
    assert snapshot is not None
    assert len(list(published_records(snapshot, QUESTIONNAIRE, counted_only=True))) == 15

    with force_locale("en"):
        latest = latest_result(own)
    assert latest is not None
    (line,) = latest.scales
    page = signed_in_client(app, "coordinator@own.example").get("/organisations/own/?lang=en")
    assert page.status_code == 200
    shown = re.sub(r"\s+", " ", page.text)

    if mode == PROTECTED:
        assert line.band is None
        reason = "Fewer than 10 organisations: quartiles and levels are not shown."
        assert line.sentence.endswith(f"peers' middle half not shown: {reason}")
        assert "app-level-scale__band" not in shown and reason in shown
        assert "middle half 2." not in shown and "middle half 1." not in shown
    else:
        assert line.band is not None
        assert re.search(r"peers' middle half \d\.\d0 to \d\.\d0", line.sentence)
        assert shown.count('class="app-level-scale__band"') == 1
    assert DEFAULT_DISCLOSURE.distribution_threshold == 10  # the sentence's number
