"""The lookups of the model, exercised on a loaded definition."""

from pathlib import Path

import pytest

from questionnaires import Text, load_definition

VALID = Path(__file__).parent / "fixtures" / "valid"


@pytest.fixture(scope="module")
def maturity():
    return load_definition(VALID / "maturity-sample" / "1.0.0.yaml")


def test_a_text_falls_back_to_english_for_an_unknown_language():
    text = Text("Leadership", "Direction")

    assert (text.get("en"), text.get("fr"), text.get("de")) == (
        "Leadership",
        "Direction",
        "Leadership",
    )


def test_an_item_finds_its_options_by_code_and_by_level(maturity):
    item = maturity.item("ms-lessons-shared")

    assert item.option("l2").level == 2
    assert item.option("l9") is None
    assert item.option_for_level(5).code == "l5"
    assert item.option_for_level(6) is None


def test_an_item_accepts_its_codes_and_dont_know_only(maturity):
    item = maturity.item("ms-lessons-shared")

    assert item.accepts("l1")
    assert item.accepts("dont_know")
    assert not item.accepts("l6")


def test_a_questionnaire_finds_items_and_dimensions_by_id(maturity):
    assert maturity.item("ms-lessons-shared").dimension == "learning"
    assert maturity.item("unknown") is None
    assert maturity.dimension("learning").title.fr == "Apprentissage"
    assert maturity.dimension("unknown") is None


def test_items_are_grouped_by_dimension_and_by_role(maturity):
    assert [i.id for i in maturity.items_in("mandate")] == [
        "ms-mandate-written",
        "ms-mandate-funding",
    ]
    assert [i.id for i in maturity.items_for_role("leader")] == [
        "ms-mandate-written",
        "ms-mandate-funding",
    ]
    assert [i.id for i in maturity.items_for_role("partner")] == ["ms-lessons-shared"]
