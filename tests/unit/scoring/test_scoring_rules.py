"""The scale, the bands, rounding and the validation of ScoringRules."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pytest

from scoring import (
    DEFAULT_RULES,
    RulesError,
    ScoringRules,
    capability_band,
    round_half_up,
    to_percent,
)
from scoring.frozen import quick


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (1.0, 1),
        (1.79, 1),
        (1.8, 2),
        (2.59, 2),
        (2.6, 3),
        (3.39, 3),
        (3.4, 4),
        (4.19, 4),
        (4.2, 5),
        (5.0, 5),
    ],
)
def test_each_score_falls_in_the_documented_band(score: float, level: int) -> None:
    assert DEFAULT_RULES.band(score) == level


def test_every_whole_level_lands_on_its_own_level() -> None:
    assert [DEFAULT_RULES.band(float(k)) for k in range(1, 6)] == [1, 2, 3, 4, 5]


def test_band_ranges_are_written_as_two_decimal_scores() -> None:
    assert [DEFAULT_RULES.band_range(k) for k in range(1, 6)] == [
        (1.0, 1.79),
        (1.8, 2.59),
        (2.6, 3.39),
        (3.4, 4.19),
        (4.2, 5.0),
    ]


def test_rounding_is_half_up_as_by_hand_not_half_to_even() -> None:
    assert round_half_up(2.675) == 2.68
    assert round_half_up(2.665) == 2.67
    assert round_half_up(2.6749) == 2.67
    assert round_half_up(41.75, 1) == 41.8


def test_percent_is_the_score_on_zero_to_one_hundred() -> None:
    assert [to_percent(s) for s in (1.0, 2.6, 3.41, 5.0)] == [0.0, 40.0, 60.25, 100.0]


def test_coverage_is_compared_without_float_surprises() -> None:
    assert DEFAULT_RULES.covered(3, 5)
    assert not DEFAULT_RULES.covered(2, 5)
    assert ScoringRules(min_coverage=0.7).covered(7, 10)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1.0, "low"),
        (2.33, "low"),
        (2.34, "medium"),
        (3.66, "medium"),
        (3.67, "high"),
        (5.0, "high"),
    ],
)
def test_capability_bands_cut_the_range_in_thirds(score: float, band: str) -> None:
    assert capability_band(score) == band


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"min_coverage": 0.0}, "min_coverage"),
        ({"min_coverage": 1.5}, "min_coverage"),
        ({"band_floors": (1.0, 2.0, 3.0, 4.0)}, "five floors"),
        ({"band_floors": (0.5, 1.8, 2.6, 3.4, 4.2)}, "five floors"),
        ({"band_floors": (1.0, 2.1, 2.6, 3.4, 4.2)}, "score of 2 in level 2"),
        ({"band_floors": (1.0, 1.8, 2.6, 3.4, 5.1)}, "score of 5 in level 5"),
        ({"item_gate": -1}, "item_gate"),
        ({"dimension_gate": -2}, "dimension_gate"),
        ({"min_group_size": 0}, "min_group_size"),
        ({"facet_threshold": 0.0}, "facet_threshold"),
        ({"facet_threshold": 120.0}, "facet_threshold"),
    ],
)
def test_inconsistent_rules_are_refused_with_a_clear_message(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(RulesError, match=message):
        replace(DEFAULT_RULES, **changes)  # type: ignore[arg-type]


def test_gates_can_be_switched_off() -> None:
    rules = ScoringRules(item_gate=None, dimension_gate=None)
    assert rules.item_gate is None and rules.dimension_gate is None


def test_rules_are_hashable_so_they_can_key_caches() -> None:
    assert hash(ScoringRules()) == hash(DEFAULT_RULES)


def test_quick_refuses_classes_it_cannot_build_faithfully() -> None:
    @dataclass(frozen=True)
    class WithDefault:
        value: int = 1

    @dataclass(frozen=True)
    class WithFactory:
        values: list[int] = field(default_factory=list)

    @dataclass(frozen=True)
    class WithPostInit:
        value: int

        def __post_init__(self) -> None:
            pass

    class NotADataclass:
        pass

    for cls in (WithDefault, WithFactory, WithPostInit, NotADataclass):
        with pytest.raises(TypeError):
            quick(cls)


def test_quick_keeps_the_dataclass_semantics() -> None:
    @quick
    @dataclass(frozen=True)
    class Pair:
        left: int
        right: str

    pair = Pair(1, right="a")
    assert pair == Pair(left=1, right="a")
    assert repr(pair).endswith("Pair(left=1, right='a')")
    assert hash(pair) == hash(Pair(1, "a"))
    with pytest.raises(AttributeError):
        pair.left = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        Pair(1)  # type: ignore[call-arg]
