"""The caches behind bulk scoring change speed, never results."""

from __future__ import annotations

import pytest
from scoring_factories import SAMPLE, everyone, respondent, sample

import scoring.columns
import scoring.index
from scoring import ScoringRules, score
from scoring.columns import memos_for


def test_the_questionnaire_index_is_built_once_and_evicted_when_full(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(scoring.index, "_CACHE", {})
    monkeypatch.setattr(scoring.index, "_CACHE_SIZE", 2)
    first, second, third = sample(), sample(), sample()
    assert scoring.index.index_for(first) is scoring.index.index_for(first)
    scoring.index.index_for(second)
    scoring.index.index_for(third)
    assert id(first) not in scoring.index._CACHE
    assert score(first, [everyone(3, first)]) == score(third, [everyone(3, third)])


def test_memos_start_afresh_when_they_grow_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scoring.columns, "_MEMOS", {})
    rules = ScoringRules(min_coverage=0.5)
    cold = score(SAMPLE, [respondent(a1=2, a2=3), respondent(a1=5)], rules)
    assert memos_for(rules).items and memos_for(rules).grades
    monkeypatch.setattr(scoring.columns, "_MEMO_LIMIT", 0)
    fresh = memos_for(rules)
    assert not fresh.items and not fresh.grades
    assert score(SAMPLE, [respondent(a1=2, a2=3), respondent(a1=5)], rules) == cold


def test_memos_of_many_rule_sets_are_dropped_together(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scoring.columns, "_MEMOS", {})
    for n in range(20):
        memos_for(ScoringRules(min_group_size=n + 1))
    assert len(scoring.columns._MEMOS) <= 17
