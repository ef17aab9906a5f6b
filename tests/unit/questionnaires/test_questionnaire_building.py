"""A valid definition becomes frozen dataclasses with the defaults of the model."""

import dataclasses
from pathlib import Path

import pytest

from questionnaires import Text, load_definition

VALID = Path(__file__).parent / "fixtures" / "valid"


@pytest.fixture(scope="module")
def maturity():
    return load_definition(VALID / "maturity-sample" / "1.0.0.yaml")


@pytest.fixture(scope="module")
def portfolio():
    return load_definition(VALID / "portfolio-sample" / "1.0.0.yaml")


def test_the_questionnaire_carries_its_metadata(maturity):
    assert maturity.id == "maturity-sample"
    assert maturity.version == "1.0.0"
    assert maturity.title == Text(
        en="Sample maturity check", fr="Auto-évaluation de maturité (exemple)"
    )
    assert maturity.minutes == 5
    assert maturity.sources == (
        "OECD (2019), Declaration on Public Sector Innovation, OECD/LEGAL/0450",
    )
    assert maturity.previous_version is None
    assert dict(maturity.crosswalk) == {}


def test_folded_texts_lose_their_trailing_newline(maturity):
    assert maturity.description["en"] == "A short maturity questionnaire used to test the loader."


def test_dimensions_keep_their_order_kind_and_weight(maturity):
    assert [(d.id, d.kind, d.weight) for d in maturity.dimensions] == [
        ("mandate", "maturity", 2.0),
        ("learning", "maturity", 1.0),
    ]


def test_an_item_without_optional_fields_gets_the_model_defaults(maturity):
    item = maturity.item("ms-lessons-shared")

    assert item.help is None
    assert item.weight == 1.0
    assert item.allow_not_applicable is False
    assert item.accepts("dont_know")
    assert not item.accepts("not_applicable")


def test_an_item_with_every_optional_field_keeps_them(maturity):
    item = maturity.item("ms-mandate-funding")

    assert item.weight == 0.5
    assert item.allow_not_applicable is True
    assert item.accepts("not_applicable")
    assert item.roles == frozenset({"leader"})
    assert item.principles == (1, 2)
    assert dict(item.tags) == {
        "stage": "developing-proposals",
        "skill": "storytelling",
        "capacity": "ability",
    }
    assert maturity.item("ms-mandate-written").help["fr"] == (
        "Un mandat est un engagement écrit de la direction."
    )


def test_maturity_options_carry_levels_and_no_facet(maturity):
    item = maturity.item("ms-mandate-written")

    assert [(o.code, o.level, o.facet) for o in item.options] == [
        (f"l{level}", level, None) for level in range(1, 6)
    ]
    assert item.option_for_level(3).label["en"] == "It is written in a strategy."


def test_facet_choice_options_carry_facets_and_no_level(portfolio):
    item = portfolio.item("ps-purpose")

    assert [(o.code, o.level, o.facet) for o in item.options] == [
        ("enhancement", None, "enhancement"),
        ("mission", None, "mission"),
        ("adaptive", None, "adaptive"),
        ("anticipatory", None, "anticipatory"),
    ]


def test_an_emphasis_item_is_tagged_with_its_facet(portfolio):
    item = portfolio.item("ps-emphasis-mission")

    assert item.answer_type == "emphasis"
    assert item.tags["facet"] == "mission"
    assert [o.code for o in item.options] == ["e1", "e2", "e3", "e4", "e5"]


def test_a_later_version_knows_what_it_replaces():
    questionnaire = load_definition(VALID / "trend-sample" / "1.1.0.yaml")

    assert questionnaire.previous_version == "1.0.0"
    assert dict(questionnaire.crosswalk) == {"ts-data-old": "ts-data"}


def test_a_loaded_questionnaire_cannot_be_changed(maturity):
    with pytest.raises(dataclasses.FrozenInstanceError):
        maturity.version = "9.9.9"
    with pytest.raises(TypeError):
        maturity.item("ms-mandate-written").tags["stage"] = "generating-ideas"
    with pytest.raises(TypeError):
        maturity.crosswalk["a"] = "b"
