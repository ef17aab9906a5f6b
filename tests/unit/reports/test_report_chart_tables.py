"""A chart's data table as the PDF prints it."""

from __future__ import annotations

from assessment.reports.charts import StaticChart


def chart(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> StaticChart:
    return StaticChart("c", "Title", "Caption", "Summary", headers, rows, b"<svg/>")


def test_a_table_of_one_or_two_value_columns_is_printed_as_it_is():
    narrow = chart(("Dimension", "Score", "Level"), (("Vision", "2.50", "2"),))
    assert narrow.printed_table("Values") == (
        ("Dimension", "Score", "Level"),
        [("Vision", "2.50", "2")],
    )


def test_a_wider_table_prints_each_rows_values_labelled_in_one_cell():
    wide = chart(
        ("Skill", "Discover", "Define", "Deliver"),
        (("Design", "3.1", "2.8", "–"), ("Data", "1.0", "1.5", "2.0")),
    )
    assert wide.printed_table("Values") == (
        ("Skill", "Values"),
        [("Design", "Discover: 3.1 · Define: 2.8 · Deliver: –"),
         ("Data", "Discover: 1.0 · Define: 1.5 · Deliver: 2.0")],
    )  # fmt: skip
