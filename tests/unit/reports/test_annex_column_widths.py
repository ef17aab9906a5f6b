"""The annex gives each column room for what it holds: long texts get the width."""

from __future__ import annotations

import pytest

from assessment.reports.annex_table import AnnexTable

QUESTION = "How often do leaders ask staff to test a new idea with the people it serves?"
DESCRIPTOR = "Leaders set aside a budget line and time for small tests every quarter."


def _table(*rows: tuple[str, ...]) -> AnnexTable:
    return AnnexTable("t", "Title", ("Question", "Priority", "What the next level looks like"),
                      rows)  # fmt: skip


def test_the_widths_fill_the_page() -> None:
    widths = _table((QUESTION, "1", DESCRIPTOR)).column_widths()
    assert sum(widths) == pytest.approx(100, abs=0.05)


def test_sentences_get_more_room_than_numbers() -> None:
    question, priority, descriptor = _table(
        (QUESTION, "1", DESCRIPTOR), (QUESTION[:40], "12", DESCRIPTOR[:30])
    ).column_widths()
    assert question > 3 * priority and descriptor > 3 * priority


def test_a_column_is_never_narrower_than_its_longest_word() -> None:
    # Each column's longest word is in its header ("Question", "Priority", "level"):
    # the columns are sized to hold them, not to their three-letter cells.
    widths = _table(("Why", "1", "Yes")).column_widths()
    words = [len(word) * 1.5 + 3 for word in ("Question", "Priority", "level")]  # with padding
    assert widths == pytest.approx([100 * n / sum(words) for n in words], abs=0.01)


def test_one_very_long_column_does_not_squeeze_the_others_to_nothing() -> None:
    widths = _table(("Why", "1", "word " * 400)).column_widths()
    assert min(widths) > 5
