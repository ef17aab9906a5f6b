"""The lookups of the model, exercised on a loaded definition, and its texts."""

import copy
import pickle
from pathlib import Path

import pytest

from questionnaires import Text, load_definition

VALID = Path(__file__).parent / "fixtures" / "valid"


@pytest.fixture(scope="module")
def maturity():
    return load_definition(VALID / "maturity-sample" / "1.0.0.yaml")


def test_a_text_falls_back_to_its_first_language_for_a_language_it_lacks():
    text = Text({"fr": "Direction", "en": "Leadership"})

    assert (text.get("en"), text.get("fr"), text.get("de")) == (
        "Leadership",
        "Direction",
        "Direction",
    )


def test_a_text_is_a_mapping_from_language_code_to_text_in_its_given_order():
    text = Text([("en", "Leadership"), ("fr", "Direction")], eo="Gvidado")

    assert dict(text) == {"en": "Leadership", "fr": "Direction", "eo": "Gvidado"}
    assert list(text) == ["en", "fr", "eo"] and text.languages == ("en", "fr", "eo")
    assert (len(text), "fr" in text, "de" in text, text["fr"]) == (3, True, False, "Direction")
    with pytest.raises(KeyError):
        text["de"]


def test_texts_are_equal_and_hash_alike_whatever_their_order():
    first = Text(en="Leadership", fr="Direction")
    second = Text(fr="Direction", en="Leadership")

    assert first == second and hash(first) == hash(second)
    assert first != Text(en="Leadership", fr="Encadrement")
    assert len({first, second, Text(en="Leadership")}) == 2


def test_a_text_cannot_be_changed():
    text = Text(en="Leadership")

    with pytest.raises(AttributeError, match="immutable"):
        text._pairs = ()  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        del text._texts
    with pytest.raises(TypeError):
        text["fr"] = "Direction"  # type: ignore[index]
    assert dict(text) == {"en": "Leadership"}


def test_a_text_survives_pickling_and_copying_and_shows_its_texts():
    text = Text(en="Leadership", fr="Direction")

    assert pickle.loads(pickle.dumps(text)) == text
    assert copy.deepcopy(text).languages == ("en", "fr")
    assert repr(text) == "Text({'en': 'Leadership', 'fr': 'Direction'})"


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        (((),), ValueError, "at least one language"),
        (([("en", "a"), ("en", "b")],), ValueError, "one language twice"),
        (({"en": 3},), TypeError, "language codes to strings"),
        (([(1, "a")],), TypeError, "language codes to strings"),
        (("Leadership", "Direction"), TypeError, "positional argument"),
    ],
)
def test_a_text_refuses_what_is_not_one_text_per_language(arguments, error, message):
    with pytest.raises(error, match=message):
        Text(*arguments)


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
    assert maturity.dimension("learning").title["fr"] == "Apprentissage"
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
