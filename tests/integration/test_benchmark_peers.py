"""Peer placement for an agency, the national overview, and measurement quality."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_babel import force_locale

from assessment.accounts.organisations import Organisation
from assessment.benchmarks import national as benchmark_national
from assessment.benchmarks import peers as benchmark_peers
from assessment.benchmarks import services as benchmarks
from assessment.benchmarks.quality import quality_report
from assessment.core.extensions import db
from assessment.core.questionnaire_library import library
from assessment.core.types import utcnow
from assessment.results.capability import capability_data
from assessment.survey.responses import SUBMITTED, Answer, Response
from assessment.survey.scores import ScoreSnapshot
from tests.fixtures.benchmarks import (
    QUESTIONNAIRE,
    add_answers,
    add_organisation,
    add_result,
    publish,
    seed_countries,
)


def test_peer_data_gives_quartiles_and_a_band_with_its_interval(
    app: Flask, app_context: None
) -> None:
    seed_countries({"FR": 8, "CA": 8, "PT": 8})
    own = add_organisation("own", "FR", "national", size_band="1-49")
    own_round = add_result(own, 3.05)
    publish()

    data = benchmark_peers.peer_data(own, own_round, "en")

    band = data[QUESTIONNAIRE]["mandate-and-strategy"]
    assert set(band) == {"median", "p25", "p75", "n"}
    assert band["n"] == 25 and band["p25"] <= band["median"] <= band["p75"]  # 25 exactly
    placement = data["placement"][QUESTIONNAIRE]
    everyone, same_country, same_level, _sector, same_size = placement["groups"]
    assert everyone["by"] == [] and not everyone["withheld"]
    assert everyone["peers"] == 25  # 24 peers, rounded to a multiple of 5
    # 16 of 24 peers score below 3.05: 66.7 %, the fourth fifth.
    assert (everyone["band"], everyone["bands"]) == (4, 5)
    low, high = everyone["band_interval"]
    assert low <= everyone["band"] <= high
    assert everyone["position"] == f"Band 4 of 5 (bands {low} to {high})"
    assert "percentile" not in everyone and "interval" not in everyone
    assert same_country["values"] == {"country": "FR"}
    assert same_country["withheld"] and same_country["reason"] == "too_few_peers"
    assert same_country["note"].startswith("Fewer than 10 comparable organisations")
    assert everyone["group_label"] == "All organisations using version 1.0.0"
    assert same_country["group_label"] == "Same country: France (version 1.0.0)"
    assert same_level["withheld"]  # 9 national peers: one short of the threshold
    assert same_size["values"] == {"size_band": "1-49"}
    assert placement["headline"]["band"] == everyone["band"]


def test_a_round_that_is_not_the_counted_consented_one_is_never_placed(
    app: Flask, app_context: None
) -> None:
    seed_countries({"FR": 8, "CA": 8, "PT": 8})
    own = add_organisation("own", "FR")
    private = add_result(own, 3.05, consent="private", title="Private")
    open_round = add_result(own, 4.0, closes_at=utcnow() + timedelta(days=9), title="Open")
    counted = add_result(own, 2.0, closes_at=utcnow() - timedelta(days=1), title="Counted")
    older = add_result(own, 4.5, closes_at=utcnow() - timedelta(days=400), title="Older")
    publish()

    for assessment_round in (private, open_round, older):
        groups = benchmark_peers.peer_data(own, assessment_round, "en")["placement"][QUESTIONNAIRE][
            "groups"
        ]
        assert all(g["withheld"] and g["reason"] == "not_placed" for g in groups)
        assert "band" not in groups[0] and "peers" not in groups[0]
    counted_groups = benchmark_peers.peer_data(own, counted, "en")["placement"][QUESTIONNAIRE]
    assert not counted_groups["groups"][0]["withheld"]

    # Made private after the refresh, the counted round loses its position at once.
    counted.consent = "private"
    db.session.commit()
    groups = benchmark_peers.peer_data(own, counted, "en")["placement"][QUESTIONNAIRE]["groups"]
    assert all(g["reason"] == "not_placed" for g in groups)


def test_peer_data_withholds_what_too_few_peers_would_reveal(app: Flask, app_context: None) -> None:
    seed_countries({"FR": 4})
    own = add_organisation("own", "FR")
    own_round = add_result(own, 3.0)
    publish()

    data = benchmark_peers.peer_data(own, own_round, "fr")

    assert data[QUESTIONNAIRE] == {}
    groups = data["placement"][QUESTIONNAIRE]["groups"]
    assert len(groups) == 5 and all(g["withheld"] for g in groups)
    assert groups[0]["note"].startswith("Moins de 10 organisations comparables")
    assert groups[1]["group_label"] == "Même pays : France (version 1.0.0)"
    assert data["placement"][QUESTIONNAIRE]["headline"]["withheld"]


def test_peer_positions_are_typed_and_words_come_only_with_the_json(
    app: Flask, app_context: None
) -> None:
    seed_countries({"FR": 8, "CA": 8, "PT": 8})
    own = add_organisation("own", "FR", "national")
    own_round = add_result(own, 3.05)
    publish()

    positions = benchmark_peers.peer_positions(own, own_round)

    (instrument,) = positions.instruments
    assert instrument.questionnaire_id == QUESTIONNAIRE
    assert [g.by for g in instrument.groups] == list(benchmark_peers.PEER_GROUPS)
    everyone, same_country = instrument.groups[:2]
    assert everyone.placement is not None and everyone.placement.band == 4
    assert not everyone.withheld and everyone.reason is None
    assert same_country.withheld and same_country.reason == "too_few_peers"
    assert same_country.values == ("FR",)
    # Every seeded peer works in health: the sector is the most specific group shown.
    assert instrument.headline.by == ("sector",) and not instrument.headline.withheld
    assert {band.dimension_id for band in instrument.bands} >= {"mandate-and-strategy"}


def test_an_organisation_without_an_overall_score_is_not_placed(
    app: Flask, app_context: None
) -> None:
    seed_countries({"FR": 12})
    own = add_organisation("own", "FR")
    own_round = add_result(own, 3.0)
    snapshot = db.session.execute(
        db.select(ScoreSnapshot).filter_by(round_id=own_round.id)
    ).scalar_one()
    snapshot.overall_score = snapshot.overall_level = None  # too little evidence overall
    publish()

    data = benchmark_peers.peer_data(own, own_round, "fr")

    groups = data["placement"][QUESTIONNAIRE]["groups"]
    assert groups and all(g["withheld"] and g["reason"] == "no_own_score" for g in groups)
    assert groups[0]["note"].startswith("Votre organisation n'a pas encore de score global")
    assert data["placement"][QUESTIONNAIRE]["score"] is None


def test_capability_data_carries_the_peer_data(app: Flask, app_context: None) -> None:
    seed_countries({"FR": 4})
    own = add_organisation("own", "FR")
    own_round = add_result(own, 3.0)
    db.session.commit()
    with force_locale("en"):  # capability data words the peer placement in the language in force
        data = capability_data(own, own_round)
    assert data.peers is not None and "placement" in data.peers


def test_the_national_overview_covers_one_country_and_names_only_named_agencies(
    app: Flask, app_context: None
) -> None:
    seed_countries({"FR": 30, "CA": 6, "PT": 6})
    named = add_organisation("named-one", "FR", name="Named Agency")
    add_result(named, 4.0, consent="named")
    abroad = add_organisation("abroad", "CA", name="Named Abroad")
    add_result(abroad, 4.0, consent="named")
    publish()

    overview = benchmark_national.national_overview("FR")

    assert overview.progress["organisations"] == 31
    assert overview.progress["consent_named"] == 1
    instrument = next(i for i in overview.instruments if i.questionnaire.id == QUESTIONNAIRE)
    assert [a.name for a in instrument.named] == ["Named Agency"]
    assert instrument.overall.table.total.n_organisations == 30  # 31, rounded
    assert instrument.overall.table.total.overall.level_shares is not None
    names = {o.name for o in db.session.execute(db.select(Organisation)).scalars()}
    shown = repr(overview)
    assert len(names) > 1  # the other agencies' names, which must not show
    assert not any(name in shown for name in names - {"Named Agency"})


def test_measurement_quality_returns_aggregates_only_and_needs_enough_organisations(
    app: Flask, app_context: None
) -> None:
    seeded = seed_countries({"FR": 12, "CA": 12, "PT": 12})
    for number, assessment_round in enumerate(seeded.rounds):
        add_answers(assessment_round, people=3, seed=number)
    publish()

    report = quality_report(benchmarks.ExplorerQuery(QUESTIONNAIRE))

    assert report.withheld_reason is None
    assert report.organisations == 35 and report.respondents == 110  # 36 and 108, rounded
    first = report.dimensions[0]
    assert first.dimension_id == "mandate-and-strategy"
    assert first.alpha is None or -1 <= first.alpha <= 1
    assert 0 < (first.dont_know_share or 0) < 0.3
    # Only counts and shares leave the service: no answer, response or organisation.
    assert {type(v).__name__ for v in vars(first).values()} <= {
        "str",
        "int",
        "float",
        "NoneType",
        "tuple",
    }

    assert round(first.dont_know_share / 0.05, 6).is_integer()  # rounded to 5 points

    narrowed = quality_report(
        benchmarks.ExplorerQuery(
            QUESTIONNAIRE, (), (("country", "FR"), ("government_level", "local"))
        )
    )
    assert narrowed.withheld_reason == "too_few_organisations" and narrowed.dimensions == ()


def test_a_question_left_blank_counts_as_i_do_not_know_in_the_quality_figures(
    app: Flask, app_context: None
) -> None:
    # One respondent per organisation answers every question at level 3 but leaves the
    # first blank: that dimension's "don't know" share is one question in its k.
    seeded = seed_countries({"FR": 12, "CA": 12, "PT": 12})
    definition = library().get(QUESTIONNAIRE)
    items = definition.items_for_role("leader")
    for assessment_round in seeded.rounds:
        response = Response(round_id=assessment_round.id, respondent_role="leader",
                            status=SUBMITTED, submitted_at=assessment_round.closes_at)  # fmt: skip
        db.session.add(response)
        db.session.flush()
        for item in items[1:]:  # the first question left blank
            option = item.option_for_level(3)
            assert option is not None
            db.session.add(Answer(response_id=response.id, questionnaire_id=QUESTIONNAIRE,
                                  item_id=item.id, code=option.code))  # fmt: skip
    publish()

    report = quality_report(benchmarks.ExplorerQuery(QUESTIONNAIRE))

    blank = next(d for d in report.dimensions if d.item_quality[0].item_id == items[0].id)
    asked = len([i for i in definition.items_in(blank.dimension_id) if "leader" in i.roles])
    assert blank.dont_know_share == round(round(1 / asked / 0.05) * 0.05, 6) > 0
