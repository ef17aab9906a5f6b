"""Instrument views: tag matrices, facet profile, portfolio balance and capability."""

from __future__ import annotations

import pytest
from scoring_factories import SAMPLE, everyone, portfolio, respondent, skills

from scoring import RespondentAnswers, ScoringRules, score
from scoring.views import change_type

PORTFOLIO = portfolio()
SKILLS = skills()


def test_a_matrix_appears_for_each_tag_pair_the_items_carry() -> None:
    result = score(SKILLS, [everyone(3, SKILLS)])
    assert [(m.row_tag, m.column_tag) for m in result.matrices] == [
        ("stage", "skill"),
        ("partner", "stage"),
    ]
    assert score(SAMPLE, [everyone(3)]).matrices == ()


def test_a_matrix_cell_holds_the_mean_item_value_and_its_counts() -> None:
    result = score(SKILLS, [respondent(s1=2, s2=5, s3=4), respondent(s1=2, s2=4, s3="dont_know")])
    stage_skill = result.matrices[0]
    assert stage_skill.rows[0] == "identifying-problems" and len(stage_skill.cells) == 36
    cell = stage_skill.cell("identifying-problems", "curiosity")
    assert cell is not None
    # s1 = 2 and s2 = 4.5 (median of 5 and 4): mean 3.25, from 2 items and 4 answers.
    assert (cell.mean, cell.items, cell.answers) == (3.25, 2, 4)
    ideas = stage_skill.cell("generating-ideas", "iteration")
    assert ideas is not None and (ideas.mean, ideas.items, ideas.answers) == (4.0, 1, 1)
    empty = stage_skill.cell("evaluating-projects", "storytelling")
    assert empty is not None and (empty.mean, empty.items, empty.answers) == (None, 0, 0)
    assert stage_skill.cell("nowhere", "curiosity") is None


def test_a_cell_whose_items_have_no_answer_has_no_mean() -> None:
    result = score(SKILLS, [respondent(s5=3)])
    cell = result.matrices[1].cell("citizens", "generating-ideas")
    assert cell is not None and (cell.mean, cell.items, cell.answers) == (None, 0, 0)


def _portfolio(*choices: str, **emphasis: int | str) -> RespondentAnswers:
    answers: dict[str, int | str] = {f"o{n}": c for n, c in enumerate(choices, 1)}
    answers.update({f"i-{facet}": level for facet, level in emphasis.items()})
    answers.update(p1=3, p2=4)
    return RespondentAnswers("staff", answers)


def test_the_facet_profile_pools_choices_across_respondents() -> None:
    result = score(
        PORTFOLIO,
        [
            _portfolio("mission", "mission", "adaptive", "dont_know"),
            _portfolio("mission", "enhancement"),
        ],
    )
    profile = result.facet_profile
    assert profile is not None
    assert profile.answers == 5
    assert [(s.facet, s.count, s.percent) for s in profile.shares] == [
        ("enhancement", 1, 20.0),
        ("mission", 3, 60.0),
        ("adaptive", 1, 20.0),
        ("anticipatory", 0, 0.0),
    ]
    assert (profile.strong, profile.change_type) == (("mission",), "single")


def test_the_tendency_threshold_is_configurable() -> None:
    answers = [_portfolio("mission", "mission", "enhancement", "adaptive")]
    profile = score(PORTFOLIO, answers, ScoringRules(facet_threshold=25.0)).facet_profile
    assert profile is not None
    assert (profile.strong, profile.change_type) == (
        ("enhancement", "mission", "adaptive"),
        "mixed",
    )
    even = score(
        PORTFOLIO, [_portfolio("mission", "mission", "enhancement", "enhancement")]
    ).facet_profile
    assert even is not None and (even.strong, even.change_type) == (
        ("enhancement", "mission"),
        "sustaining",
    )


@pytest.mark.parametrize(
    ("strong", "expected"),
    [
        ((), "none"),
        (("adaptive",), "single"),
        (("enhancement", "mission"), "sustaining"),
        (("enhancement", "adaptive"), "optimising"),
        (("mission", "anticipatory"), "transformative"),
        (("adaptive", "anticipatory"), "disruptive"),
        (("enhancement", "anticipatory"), "confusion"),
        (("mission", "adaptive"), "confusion"),
        (("enhancement", "mission", "adaptive"), "mixed"),
    ],
)
def test_strong_facets_name_the_type_of_change(strong: tuple[str, ...], expected: str) -> None:
    assert change_type(strong) == expected


def test_no_facet_answer_gives_an_empty_profile() -> None:
    profile = score(PORTFOLIO, [_portfolio("dont_know")]).facet_profile
    assert profile is not None
    assert (profile.answers, profile.strong, profile.change_type) == (0, (), "none")
    assert {s.percent for s in profile.shares} == {0.0}
    assert score(SAMPLE, [everyone(3)]).facet_profile is None


def test_balance_compares_actual_and_intended_shares_per_facet() -> None:
    result = score(
        PORTFOLIO,
        [
            _portfolio(
                "mission",
                "mission",
                "enhancement",
                "adaptive",
                enhancement=2,
                mission=4,
                adaptive=1,
                anticipatory=1,
            )
        ],
    )
    balance = {b.facet: (b.actual, b.intended, b.gap) for b in result.balance}
    # intended share = emphasis / (2 + 4 + 1 + 1) in percent
    assert balance == {
        "enhancement": (25.0, 25.0, 0.0),
        "mission": (50.0, 50.0, 0.0),
        "adaptive": (25.0, 12.5, 12.5),
        "anticipatory": (0.0, 12.5, -12.5),
    }


def test_a_facet_without_an_emphasis_answer_has_no_intended_share() -> None:
    result = score(PORTFOLIO, [_portfolio("dont_know", mission=3, adaptive="e1")])
    balance = {b.facet: (b.actual, b.intended, b.gap) for b in result.balance}
    assert balance["enhancement"] == (None, None, None)
    assert balance["mission"] == (None, 75.0, None)
    assert balance["adaptive"] == (None, 25.0, None)
    assert score(SAMPLE, [everyone(3)]).balance == ()


def test_capability_bands_the_maturity_score_of_a_portfolio_instrument() -> None:
    result = score(PORTFOLIO, [_portfolio("mission")])
    assert result.capability is not None
    assert (result.capability.score, result.capability.band) == (3.5, "medium")
    assert score(SAMPLE, [everyone(3)]).capability is None


def test_capability_has_no_band_without_sufficient_evidence() -> None:
    result = score(PORTFOLIO, [RespondentAnswers("staff", {"p1": 2, "p2": "dont_know"})])
    assert result.capability is not None
    assert (result.capability.score, result.capability.band) == (2.0, None)
