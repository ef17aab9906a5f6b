"""The engine's reason codes and numbers, worded by the app in English and French."""

from __future__ import annotations

import pytest

from assessment.results import wording as w
from scoring import ReasonCode, explain, explain_overall, reason, score
from tests.unit.charts.chart_factories import speaking
from tests.unit.scoring.scoring_factories import SAMPLE, respondent

GATED = reason(ReasonCode.ITEM_GATE, weakest=2, gate=1, level=3)
SCORE = reason(ReasonCode.SCORE, score=4.0, percent=75.0, band=4, low=3.4, high=4.19)


def _example() -> list[str]:
    """One parameter set per code, as the engine gives them."""
    return [
        w.reason(reason(code, **params))
        for code, params in {
            ReasonCode.SCORE: {"score": 2.6, "percent": 40.0, "band": 3, "low": 2.6, "high": 3.39},
            ReasonCode.LEVEL: {"level": 2},
            ReasonCode.ITEM_GATE: {"weakest": 1, "gate": 1, "level": 2},
            ReasonCode.DIMENSION_GATE: {"weakest": 1, "gate": 2, "level": 3},
            ReasonCode.INSUFFICIENT: {
                "answered": 1,
                "applicable": 3,
                "share": 33.33,
                "needed": 60.0,
            },
            ReasonCode.LACKING: {},
            ReasonCode.ALL_NOT_APPLICABLE: {},
            ReasonCode.NOT_ASKED: {},
            ReasonCode.TOP: {},
            ReasonCode.NEXT: {"next": 3, "floor": 2.6},
            ReasonCode.NEXT_WITH_ITEM_GATE: {"next": 4, "floor": 3.4, "minimum": 3},
            ReasonCode.NEXT_WITH_DIMENSION_GATE: {"next": 4, "floor": 3.4, "minimum": 3},
            ReasonCode.MORE_ANSWERS: {"count": 2},
            ReasonCode.COMPLETE_DIMENSIONS: {},
        }.items()
    ]


def test_every_reason_code_has_its_sentence_in_both_languages() -> None:
    assert set(w.REASONS) == set(ReasonCode)
    with speaking("en"):
        english = _example()
    with speaking("fr"):
        french = _example()
    assert len(english) == len(ReasonCode) == len(set(english))
    assert all(sentence.endswith(".") for sentence in english + french)
    # Every French sentence is a translation, not the English left as it was.
    assert not set(english) & set(french)


def test_an_explanation_reads_as_before_in_english() -> None:
    a = explain(score(SAMPLE, [respondent(a1=2, a2=4, a3=5)]), SAMPLE)[0]
    with speaking("en"):
        assert w.summary(a) == (
            "The score is 4.00 out of 5 (75%), in the Embedded band (3.40 to 4.19)."
            " Its weakest question is at Emerging, and a dimension can be at most one level"
            " above its weakest question, so the level is Structured."
        )
        assert w.reason(a.requirement) == (
            "To reach Embedded, the score must be at least 3.40 and no question may be below"
            " Structured; the questions listed describe what Embedded looks like."
        )


def test_french_explanations_write_decimal_commas_and_french_level_names() -> None:
    with speaking("fr"):
        assert w.reason(SCORE) == (
            "Le score est de 4,00 sur 5 (75\u00a0%), dans la tranche Intégré (3,40 à 4,19)."
        )
        assert "un niveau sa question la plus faible" in w.reason(GATED)
        assert w.reason(GATED).endswith("le niveau est donc Structuré.")


def test_counts_take_their_plural_forms() -> None:
    insufficient = reason(
        ReasonCode.INSUFFICIENT, answered=1, applicable=3, share=33.33, needed=60.0
    )
    with speaking("en"):
        assert w.reason(insufficient) == (
            "Answers for 1 of the 3 applicable questions (33.33%); a level needs at least 60%."
        )
        alone = reason(ReasonCode.INSUFFICIENT, answered=0, applicable=1, share=0.0, needed=60.0)
        assert w.reason(alone).startswith("Answers for 0 of the 1 applicable question (0%)")
    with speaking("fr"):
        assert "(33,33\u00a0%)" in w.reason(insufficient)
        one, two = (w.reason(reason(ReasonCode.MORE_ANSWERS, count=n)) for n in (1, 2))
    assert one == "Répondez à au moins 1 autre question applicable pour obtenir un niveau."
    assert two == "Répondez à au moins 2 autres questions applicables pour obtenir un niveau."


def test_a_gate_of_several_levels_is_counted() -> None:
    wide = reason(ReasonCode.ITEM_GATE, weakest=1, gate=2, level=3)
    none = reason(ReasonCode.ITEM_GATE, weakest=2, gate=0, level=2)
    with speaking("en"):
        assert "at most 2 levels above its weakest question" in w.reason(wide)
        assert "at most 0 levels above" in w.reason(none)
    with speaking("fr"):
        assert "de plus de 2 niveaux" in w.reason(wide)
        assert "de plus de 0 niveau " in w.reason(none)


def test_the_overall_explanation_without_a_level_says_what_is_missing() -> None:
    lacking = explain_overall(score(SAMPLE, [respondent(a1=3, a3=3)]), SAMPLE)
    with speaking("en"):
        assert w.summary(lacking).endswith(
            "Some dimensions have no level yet, so there is no overall level."
        )
        assert w.reason(lacking.requirement) == (
            "Give every dimension listed enough answers to get a level."
        )
        assert w.reason(None) == ""


@pytest.mark.parametrize(
    ("lang", "value", "written"),
    [("en", 1.0, "1.00 point"), ("en", 1.5, "1.50 points"), ("en", 0.5, "0.50 points"),
     ("fr", 1.5, "1,50 point"), ("fr", 0.5, "0,50 point"), ("fr", 2.25, "2,25 points")],
)  # fmt: skip
def test_points_take_the_plural_form_of_their_language(lang: str, value: float, written: str):
    with speaking(lang):
        assert w.points(value) == written


def test_numbers_levels_and_codes_are_written_in_the_language_in_force() -> None:
    with speaking("en"):
        assert (w.score(2.6), w.score(None), w.signed(-0.4), w.signed(1.87)) == (
            "2.60", "–", "−0.40", "+1.87",
        )  # fmt: skip
        assert (w.percent(0.425), w.percent_of_100(33.33), w.whole(22.4)) == ("42%", "33.33%", "22")
        assert (w.level(3), w.level(None), w.level_or_not_enough(None)) == (
            "3 – Structured", "–", "not enough answers",
        )  # fmt: skip
        assert w.level_or_evidence(None, "not_applicable") == "No level yet (not applicable)"
        assert w.level_or_evidence(None, "sufficient") == "No level yet"
        assert (w.agreement("strong"), w.agreement(None)) == ("Strong agreement", None)
        assert (w.change_type("mixed"), w.capability_band("high")) == (
            "Mixed: three or more strong facets", "High",
        )  # fmt: skip
        assert "fewer than 4 respondents" in w.withheld_group("too_few", 4)
        assert "smaller group" in w.withheld_group("protects_other_group", 4)
    with speaking("fr"):
        assert (w.score(2.6), w.percent(0.425), w.number(1234.5, 1)) == (
            "2,60", "42\u00a0%", "1234,5",
        )  # fmt: skip
        assert (w.level(5), w.capability_band("medium")) == ("5 – Moteur", "Moyenne")
        assert w.current_language() == "fr"


def test_a_reason_with_a_parameter_of_the_wrong_kind_is_refused() -> None:
    with speaking("en"), pytest.raises(TypeError, match="expected a whole number, not 'two'"):
        w.reason(reason(ReasonCode.LEVEL, level="two"))
    with speaking("en"), pytest.raises(TypeError, match="expected a number, not True"):
        w.reason(reason(ReasonCode.NEXT, next=3, floor=True))  # type: ignore[arg-type]
